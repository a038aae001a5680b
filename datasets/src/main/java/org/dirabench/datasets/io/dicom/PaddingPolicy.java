package org.dirabench.datasets.io.dicom;

/**
 * What a series reader does with voxels outside the scanner's reconstructed field of view.
 *
 * <p>CT scanners store a sentinel there: the standard way is Pixel Padding Value (0028,0120) (PS3.3 C.7.5.1.1.2),
 * but files often carry a value that does not match: LIDC-IDRI-0001 says 63536 (= -2000 as signed) while its
 * padding is stored -1024, i.e. -2048 HU; other scanners write -2000 or -3024 HU. None of these is a measurement,
 * and air is -1000 HU. A voxel is therefore <b>padding</b> when its stored value equals Pixel Padding Value (or lies
 * between it and Pixel Padding Range Limit (0028,0121)), or, for Modality CT, when its rescaled value is below
 * {@link #belowHu()} (default -1500 HU: far below air, so no real tissue or air voxel is caught, and far above every
 * sentinel in use). Padding voxels are reported in a mask and, when {@link #replace()} is true, set to
 * {@link #fillHu()} (default -1024 HU, the lowest value the scanner writes for air inside the field of view, which is
 * also where the usual clip at [-1024, ...] or [-1000, ...] puts them).
 *
 * @param belowHu CT voxels with a rescaled value strictly below this are padding (Hounsfield units)
 * @param fillHu the value given to padding voxels when {@code replace} is true (Hounsfield units)
 * @param replace whether to overwrite padding voxels with {@code fillHu}; the mask is computed either way
 */
public record PaddingPolicy(double belowHu, float fillHu, boolean replace) {
    /** Padding → -1024 HU, detected by Pixel Padding Value or CT values below -1500 HU. The default. */
    public static final PaddingPolicy AIR = new PaddingPolicy(-1500, -1024f, true);
    /** Same detection, values left as stored (so -2048 HU or -3024 HU stay in the volume); the mask still says where. */
    public static final PaddingPolicy KEEP = new PaddingPolicy(-1500, Float.NaN, false);
}
