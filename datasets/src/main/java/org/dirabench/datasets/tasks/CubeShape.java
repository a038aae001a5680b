package org.dirabench.datasets.tasks;

/**
 * The size of the cubes a 3D network sees, in voxels, along the volume's own axes: depth along z (slices), height
 * along y (rows), width along x (columns). Batches are [N, 1, depth, height, width].
 *
 * <p>Models Genesis writes sizes as rows × cols × deps = 64 × 64 × 32 (config.py {@code input_rows},
 * {@code input_cols}, {@code input_deps}; REFERENCE.md §3.2), i.e. {@code new CubeShape(32, 64, 64)} here; PE-CAD's
 * ECC uses 64 × 64 × 64. The project's scales shrink the side (ARCHITECTURE.md §5: smoke 16×16×8, mini 32×32×16).
 *
 * @param depth voxels along z
 * @param height voxels along y
 * @param width voxels along x
 */
public record CubeShape(int depth, int height, int width) {
    /** 64 × 64 × 32 (W × H × D): NCC, NCS, LCS, BMS at paper scale. */
    public static final CubeShape MODELS_GENESIS = new CubeShape(32, 64, 64);
    /** 64 × 64 × 64: ECC (PE-CAD) at paper scale. */
    public static final CubeShape PE_CAD = new CubeShape(64, 64, 64);

    /** Validates. */
    public CubeShape {
        if (depth < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("cube sides must be >= 1, got " + depth + " x " + height + " x "
                    + width);
        }
    }

    /**
     * @param divisor 1 (paper), 2 (mini), 4 (smoke)
     * @return every side divided by {@code divisor}
     * @throws IllegalArgumentException when a side does not divide
     */
    public CubeShape scaled(int divisor) {
        if (divisor < 1 || depth % divisor != 0 || height % divisor != 0 || width % divisor != 0) {
            throw new IllegalArgumentException(this + " cannot be divided by " + divisor);
        }
        return new CubeShape(depth / divisor, height / divisor, width / divisor);
    }

    /** @return depth × height × width */
    public int voxels() {
        return depth * height * width;
    }

    @Override
    public String toString() {
        return width + "x" + height + "x" + depth + " (W x H x D)";
    }
}
