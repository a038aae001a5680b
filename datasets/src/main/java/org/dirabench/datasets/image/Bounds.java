package org.dirabench.datasets.image;

/** Clamping of filter outputs to the range of their input. */
final class Bounds {
    private Bounds() {
    }

    /** Clamps every value of {@code out} to [min(in), max(in)]. */
    static void clamp(float[] out, float[] in) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : in) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (int i = 0; i < out.length; i++) {
            float v = out[i];
            out[i] = v < lo ? lo : (v > hi ? hi : v);
        }
    }
}
