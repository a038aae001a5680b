package org.dirabench.datasets.image;

/**
 * Pillow's separable convolution resampling with the bilinear (triangle) filter, in float.
 *
 * <p>Follows Pillow's {@code Resample.c} ({@code precompute_coeffs}): for output pixel {@code o} along an axis of
 * {@code in} input and {@code out} output pixels, {@code scale = in / out}, {@code filterscale = max(scale, 1)},
 * {@code support = 1 · filterscale}, {@code centre = (o + 0.5) · scale}; input pixels
 * {@code [trunc(centre − support + 0.5), trunc(centre + support + 0.5))} clipped to the image get weights
 * {@code triangle((i − centre + 0.5) / filterscale)}, normalised to sum 1. Enlarging is plain bilinear interpolation
 * between pixel centres with edge pixels held; shrinking widens the filter (antialiasing). Pillow works in 8 bit
 * with fixed-point weights; this class keeps float, so results agree to within rounding.
 */
final class Resampling {
    private Resampling() {
    }

    /** Weights of one axis: for each output pixel the first input index, the count and the weights. */
    private record Coefficients(int[] first, int[] count, double[] weights, int stride) {
    }

    static Image2d bilinear(Image2d src, int outH, int outW) {
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("resize target must be >= 1x1, got " + outH + "x" + outW);
        }
        int c = src.channels();
        int inH = src.height();
        int inW = src.width();
        float[] in = src.data();
        // Horizontal pass first (as Pillow), into channels x inH x outW.
        float[] mid;
        if (outW == inW) {
            mid = in;
        } else {
            Coefficients k = coefficients(inW, outW);
            mid = new float[c * inH * outW];
            for (int row = 0; row < c * inH; row++) {
                int inBase = row * inW;
                int outBase = row * outW;
                for (int x = 0; x < outW; x++) {
                    int f = k.first[x];
                    int kb = x * k.stride;
                    double s = 0;
                    for (int t = 0; t < k.count[x]; t++) {
                        s += k.weights[kb + t] * in[inBase + f + t];
                    }
                    mid[outBase + x] = (float) s;
                }
            }
        }
        if (outH == inH) {
            if (mid == in) {
                return new Image2d(c, outH, outW, in.clone());
            }
            Bounds.clamp(mid, in);
            return new Image2d(c, outH, outW, mid);
        }
        Coefficients k = coefficients(inH, outH);
        float[] out = new float[c * outH * outW];
        for (int ch = 0; ch < c; ch++) {
            int inPlane = ch * inH * outW;
            int outPlane = ch * outH * outW;
            for (int y = 0; y < outH; y++) {
                int f = k.first[y];
                int kb = y * k.stride;
                int outRow = outPlane + y * outW;
                for (int t = 0; t < k.count[y]; t++) {
                    double wgt = k.weights[kb + t];
                    int inRow = inPlane + (f + t) * outW;
                    for (int x = 0; x < outW; x++) {
                        out[outRow + x] += (float) (wgt * mid[inRow + x]);
                    }
                }
            }
        }
        // Non-negative weights summing to 1: clamping to the input's range only removes float rounding.
        Bounds.clamp(out, in);
        return new Image2d(c, outH, outW, out);
    }

    private static double triangle(double x) {
        double a = Math.abs(x);
        return a < 1.0 ? 1.0 - a : 0.0;
    }

    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterscale = Math.max(scale, 1.0);
        double support = 1.0 * filterscale;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] first = new int[outSize];
        int[] count = new int[outSize];
        double[] weights = new double[outSize * stride];
        for (int o = 0; o < outSize; o++) {
            double centre = (o + 0.5) * scale;
            // (int) truncates toward zero as the C cast in Pillow does.
            int xmin = Math.max((int) (centre - support + 0.5), 0);
            int xmax = Math.min((int) (centre + support + 0.5), inSize);
            int n = xmax - xmin;
            double sum = 0;
            for (int t = 0; t < n; t++) {
                double w = triangle((t + xmin - centre + 0.5) / filterscale);
                weights[o * stride + t] = w;
                sum += w;
            }
            if (sum != 0) {
                for (int t = 0; t < n; t++) {
                    weights[o * stride + t] /= sum;
                }
            }
            first[o] = xmin;
            count[o] = n;
        }
        return new Coefficients(first, count, weights, stride);
    }
}
