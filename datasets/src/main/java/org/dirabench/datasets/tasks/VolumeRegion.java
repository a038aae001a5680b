package org.dirabench.datasets.tasks;

import org.dirabench.datasets.io.VoxelGrid;

/**
 * A box of voxels {@code [x0, x1) × [y0, y1) × [z0, z1)} of a volume: where cubes may be drawn from and which voxels
 * count. Used by the single-volume stand-ins, whose train / val / test parts are bands of one scan.
 *
 * @param x0 first column
 * @param y0 first row
 * @param z0 first slice
 * @param x1 column after the last
 * @param y1 row after the last
 * @param z1 slice after the last
 */
public record VolumeRegion(int x0, int y0, int z0, int x1, int y1, int z1) {
    /** Validates. */
    public VolumeRegion {
        if (x0 < 0 || y0 < 0 || z0 < 0 || x1 <= x0 || y1 <= y0 || z1 <= z0) {
            throw new IllegalArgumentException("empty or negative region [" + x0 + ", " + x1 + ") x [" + y0 + ", "
                    + y1 + ") x [" + z0 + ", " + z1 + ")");
        }
    }

    /** @return the whole grid */
    public static VolumeRegion whole(VoxelGrid g) {
        return new VolumeRegion(0, 0, 0, g.nx(), g.ny(), g.nz());
    }

    /** @return slices {@code [z0, z1)} of the whole grid */
    public static VolumeRegion slices(VoxelGrid g, int z0, int z1) {
        return new VolumeRegion(0, 0, z0, g.nx(), g.ny(), z1);
    }

    /** @return whether the region lies inside the grid */
    public boolean within(VoxelGrid g) {
        return x1 <= g.nx() && y1 <= g.ny() && z1 <= g.nz();
    }

    /** @return whether voxel (x, y, z) is inside */
    public boolean contains(int x, int y, int z) {
        return x >= x0 && x < x1 && y >= y0 && y < y1 && z >= z0 && z < z1;
    }

    /** @return extent along axis a (0 = x, 1 = y, 2 = z) */
    public int extent(int a) {
        return a == 0 ? x1 - x0 : a == 1 ? y1 - y0 : z1 - z0;
    }

    /** @return first voxel along axis a */
    public int start(int a) {
        return a == 0 ? x0 : a == 1 ? y0 : z0;
    }
}
