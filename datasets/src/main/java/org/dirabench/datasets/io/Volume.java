package org.dirabench.datasets.io;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A scalar 3D image in memory: float32 voxel values on a {@link VoxelGrid}.
 *
 * <p>Values are stored flat in z-y-x order ({@code x} fastest): {@code data[(z * ny + y) * nx + x]}, which is the
 * NIfTI (i, j, k) and MetaImage on-disk order, and row-major [z][y][x] for ND4J ({@link #toNdArray()} has shape
 * [nz, ny, nx]). Units are those of the source after its rescaling: Hounsfield units for CT (DICOM rescale
 * slope/intercept), scaled values for NIfTI ({@code scl_slope}/{@code scl_inter}), raw values for MetaImage.
 * A 2D image is a volume with {@code nz = 1}.
 *
 * <p>The data array is shared, not copied ({@link #data()} returns it), so a reader can hand over its buffer
 * without doubling memory; treat it as read-only unless you own the volume.
 */
public final class Volume {
    private final VoxelGrid grid;
    private final float[] data;

    /**
     * @param grid the geometry
     * @param data voxel values, flat, x fastest; length must be {@code grid.voxelCount()}
     * @throws IllegalArgumentException when the length does not match
     */
    public Volume(VoxelGrid grid, float[] data) {
        this.grid = Objects.requireNonNull(grid, "grid");
        this.data = Objects.requireNonNull(data, "data");
        if (data.length != grid.voxelCount()) {
            throw new IllegalArgumentException("data length " + data.length + " does not match grid " + grid.nx()
                    + " x " + grid.ny() + " x " + grid.nz() + " = " + grid.voxelCount());
        }
    }

    /** @return the geometry */
    public VoxelGrid grid() {
        return grid;
    }

    /** @return voxels along x (fastest) */
    public int nx() {
        return grid.nx();
    }

    /** @return voxels along y */
    public int ny() {
        return grid.ny();
    }

    /** @return voxels along z (slowest) */
    public int nz() {
        return grid.nz();
    }

    /** @return the shared value array, x fastest */
    public float[] data() {
        return data;
    }

    /** @return the value at voxel (x, y, z) */
    public float get(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0 || x >= grid.nx() || y >= grid.ny() || z >= grid.nz()) {
            throw new IndexOutOfBoundsException("voxel (" + x + ", " + y + ", " + z + ") outside " + grid.nx() + " x "
                    + grid.ny() + " x " + grid.nz());
        }
        return data[grid.index(x, y, z)];
    }

    /** @return a new volume on the same grid with the given values */
    public Volume withData(float[] values) {
        return new Volume(grid, values);
    }

    /** @return a copy of the values as a float32 INDArray of shape [nz, ny, nx] (C order) */
    public INDArray toNdArray() {
        return Nd4j.create(data, new long[] {grid.nz(), grid.ny(), grid.nx()}, DataType.FLOAT);
    }

    @Override
    public String toString() {
        return "Volume[" + grid + "]";
    }
}
