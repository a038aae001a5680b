package org.dirabench.datasets.image;

/**
 * How pixel constants defined at the reference size 224 (DiRA's blur σ range, DIRA transformation.py:L9-L16, and the
 * distortion's rectangle sizes and margins, L18-L59) carry over to another output size S.
 */
public enum PixelScale {
    /**
     * Scale every pixel constant by {@code S / 224} (the default): the augmentation and distortion look the same
     * relative to the image at every size (e.g. at S = 64 the cut-out sides 10..70 become 3..20 pixels).
     */
    RELATIVE,
    /** Use the constants as written for 224 pixels at any size (fails when they do not fit into S). */
    ABSOLUTE;

    /** The size at which the reference code defines its pixel constants. */
    public static final int REFERENCE_SIZE = 224;

    /**
     * @param size output size S in pixels
     * @return {@code S / 224} for {@link #RELATIVE}, 1 for {@link #ABSOLUTE}
     */
    public double factor(int size) {
        return this == RELATIVE ? size / (double) REFERENCE_SIZE : 1.0;
    }

    /**
     * @param constant a length in pixels at 224
     * @param size output size S
     * @return the constant at size S, rounded to the nearest pixel ({@link Math#round(double)})
     */
    public int scale(int constant, int size) {
        return (int) Math.round(constant * factor(size));
    }
}
