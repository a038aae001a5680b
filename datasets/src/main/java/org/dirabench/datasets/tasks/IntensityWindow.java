package org.dirabench.datasets.tasks;

/**
 * The intensity convention of a 3D task: values are clipped to [{@code lowest}, {@code highest}] and mapped linearly
 * to [0, 1]. Models Genesis: CT in Hounsfield units clipped to [-1000, 1000], MRI clipped to [0, 4000]
 * (MG keras/README.md:L99; {@code hu_min}/{@code hu_max} in config.py, REFERENCE.md §3.2).
 *
 * @param lowest the value mapped to 0 (HU for CT, scanner units for MRI)
 * @param highest the value mapped to 1
 */
public record IntensityWindow(double lowest, double highest) {
    /** CT: [-1000, 1000] HU → [0, 1]. */
    public static final IntensityWindow CT = new IntensityWindow(-1000, 1000);
    /** MRI: [0, 4000] → [0, 1]. */
    public static final IntensityWindow MRI = new IntensityWindow(0, 4000);
    /** Values already in [0, 1] (Models Genesis' prepared cubes): clipped only. */
    public static final IntensityWindow UNIT = new IntensityWindow(0, 1);

    /** Validates. */
    public IntensityWindow {
        if (!(highest > lowest) || !Double.isFinite(lowest) || !Double.isFinite(highest)) {
            throw new IllegalArgumentException("window must have finite lowest < highest, got [" + lowest + ", "
                    + highest + "]");
        }
    }

    /** @return {@code (clip(v, lowest, highest) − lowest) / (highest − lowest)}, in [0, 1]; NaN maps to 0 */
    public float apply(float v) {
        if (!(v > lowest)) {
            return 0f;
        }
        if (v >= highest) {
            return 1f;
        }
        return (float) ((v - lowest) / (highest - lowest));
    }

    /** @return a new array with {@link #apply} of every value */
    public float[] apply(float[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = apply(values[i]);
        }
        return out;
    }
}
