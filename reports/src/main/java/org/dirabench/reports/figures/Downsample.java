package org.dirabench.reports.figures;

/**
 * Reduces a long curve to at most {@code max} points by averaging consecutive bins of equal size (NaN values are
 * skipped), so that a paper-scale pretraining log of millions of steps still draws as a readable line.
 */
final class Downsample {
    private Downsample() {
    }

    /**
     * @param x abscissae (e.g. steps), ascending
     * @param y ordinates, same length
     * @param max the largest number of points to keep, at least 2
     * @return {x', y'} of length ≤ max; the input itself when it is short enough
     */
    static double[][] binMeans(double[] x, double[] y, int max) {
        int n = x.length;
        if (n <= max) {
            return new double[][] {x, y};
        }
        int bin = (n + max - 1) / max;
        int m = (n + bin - 1) / bin;
        double[] bx = new double[m];
        double[] by = new double[m];
        for (int b = 0; b < m; b++) {
            double sx = 0;
            double sy = 0;
            int cx = 0;
            int cy = 0;
            for (int i = b * bin; i < Math.min(n, (b + 1) * bin); i++) {
                sx += x[i];
                cx++;
                if (!Double.isNaN(y[i])) {
                    sy += y[i];
                    cy++;
                }
            }
            bx[b] = sx / cx;
            by[b] = cy == 0 ? Double.NaN : sy / cy;
        }
        return new double[][] {bx, by};
    }

    /** @return the bin size {@link #binMeans} uses for n points and max kept */
    static int binSize(int n, int max) {
        return n <= max ? 1 : (n + max - 1) / max;
    }
}
