package org.dirabench.datasets.image;

/**
 * Pillow's Gaussian blur ({@code ImageFilter.GaussianBlur(radius)} → {@code ImagingGaussianBlur(…, passes=3)} in
 * {@code BoxBlur.c}), in float.
 *
 * <p>A Gaussian of standard deviation σ is approximated by three passes of an <em>extended</em> box filter per axis
 * (Gwosdek, Grewenig, Bruhn, Weickert, "Theoretical foundations of Gaussian convolution by extended box filtering",
 * SSVM 2011): with {@code s2 = σ²/3}, {@code L = sqrt(12·s2 + 1)}, integer radius {@code l = floor((L − 1)/2)} and
 * fractional part {@code a = (2l+1)(l(l+1) − 3·s2) / (6(s2 − (l+1)²))}, one pass averages the {@code 2l+1} pixels
 * around x with weight {@code 1/(2r+1)} and the two next pixels with weight {@code a/(2r+1)}, {@code r = l + a};
 * the three passes together have variance exactly σ². Pixels beyond the border repeat the edge pixel. Horizontal
 * passes run first, then vertical ones, as in Pillow.
 */
final class BoxBlur {
    private static final int PASSES = 3;

    private BoxBlur() {
    }

    /** Pillow's {@code _gaussian_blur_radius}: the fractional box radius of one of {@code passes} passes. */
    static double boxRadius(double sigma, int passes) {
        double sigma2 = sigma * sigma / passes;
        double bigL = Math.sqrt(12.0 * sigma2 + 1.0);
        double l = Math.floor((bigL - 1.0) / 2.0);
        double a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }

    static Image2d gaussian(Image2d src, double sigma) {
        double r = boxRadius(sigma, PASSES);
        int c = src.channels();
        int h = src.height();
        int w = src.width();
        float[] a = src.data().clone();
        float[] line = new float[w];
        float[] tmp = new float[w];
        float[] plane = new float[h * w];
        double[] acc = new double[w];
        for (int ch = 0; ch < c; ch++) {
            int base = ch * h * w;
            for (int y = 0; y < h; y++) {
                int row = base + y * w;
                System.arraycopy(a, row, line, 0, w);
                for (int p = 0; p < PASSES; p++) {
                    boxLine(line, tmp, w, r);
                    float[] t = line;
                    line = tmp;
                    tmp = t;
                }
                System.arraycopy(line, 0, a, row, w);
            }
            // Vertical passes work on whole rows at a time (contiguous memory) instead of gathering columns.
            for (int p = 0; p < PASSES; p++) {
                boxColumns(a, base, plane, h, w, r, acc);
                System.arraycopy(plane, 0, a, base, h * w);
            }
        }
        // A blur is a convex combination; clamping to the input's range only removes float rounding drift of the
        // running sums (e.g. -3e-8 next to black pixels).
        Bounds.clamp(a, src.data());
        return new Image2d(c, h, w, a);
    }

    /** One extended-box pass down the columns of the h × w plane at {@code in[base..]} into {@code out}. */
    private static void boxColumns(float[] in, int base, float[] out, int h, int w, double floatRadius,
            double[] acc) {
        int radius = (int) floatRadius;
        double ww = 1.0 / (floatRadius * 2 + 1);
        double fw = (floatRadius - radius) * ww;
        int last = h - 1;
        java.util.Arrays.fill(acc, 0);
        for (int k = -radius; k <= radius; k++) {
            int row = base + clamp(k, last) * w;
            for (int x = 0; x < w; x++) {
                acc[x] += in[row + x];
            }
        }
        for (int y = 0; y < h; y++) {
            int far0 = base + clamp(y - radius - 1, last) * w;
            int far1 = base + clamp(y + radius + 1, last) * w;
            int leave = base + clamp(y - radius, last) * w;
            int o = y * w;
            for (int x = 0; x < w; x++) {
                out[o + x] = (float) (acc[x] * ww + ((double) in[far0 + x] + in[far1 + x]) * fw);
                acc[x] += (double) in[far1 + x] - in[leave + x];
            }
        }
    }

    /** One extended-box pass over {@code n} samples of {@code in} into {@code out}, edges repeated. */
    private static void boxLine(float[] in, float[] out, int n, double floatRadius) {
        int radius = (int) floatRadius;
        double ww = 1.0 / (floatRadius * 2 + 1);
        double fw = (floatRadius - radius) * ww;
        int last = n - 1;
        // Running sum of the 2·radius+1 inner pixels, edge-clamped.
        double acc = 0;
        for (int k = -radius; k <= radius; k++) {
            acc += in[clamp(k, last)];
        }
        for (int x = 0; x < n; x++) {
            out[x] = (float) (acc * ww + (in[clamp(x - radius - 1, last)] + in[clamp(x + radius + 1, last)]) * fw);
            acc += (double) in[clamp(x + radius + 1, last)] - in[clamp(x - radius, last)];
        }
    }

    private static int clamp(int i, int last) {
        return i < 0 ? 0 : (i > last ? last : i);
    }
}
