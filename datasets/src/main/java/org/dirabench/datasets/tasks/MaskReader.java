package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.util.BitSet;
import org.dirabench.datasets.io.VoxelGrid;

/**
 * The binary mask of a 3D segmentation sample, on its image's voxel grid: a set of flat voxel indices
 * ({@link VoxelGrid#index}). Implementations are immutable, thread-safe, and {@code equals} when they read the same
 * mask.
 */
public interface MaskReader {
    /**
     * @param grid the image's grid; the mask must have its size
     * @param image the image's name, for messages
     * @return the voxels inside the mask
     * @throws org.dirabench.datasets.io.ImageFormatException naming mask and image when their sizes differ, or the
     *     mask holds a value outside its known labels
     * @throws IOException when the mask cannot be read
     */
    BitSet read(VoxelGrid grid, String image) throws IOException;

    /** @return the mask's source, for messages */
    String describe();

    /**
     * @param voxels precomputed voxels (e.g. an LIDC consensus); not copied, do not modify
     * @param nx grid size along x the voxels index
     * @param ny along y
     * @param nz along z
     * @param name the mask's name (identity)
     * @return a reader returning them after checking the grid size
     */
    static MaskReader of(BitSet voxels, int nx, int ny, int nz, String name) {
        return new Precomputed(voxels, nx, ny, nz, name);
    }

    /** Precomputed voxels. */
    record Precomputed(BitSet voxels, int nx, int ny, int nz, String name) implements MaskReader {
        @Override
        public BitSet read(VoxelGrid grid, String image) throws IOException {
            if (grid.nx() != nx || grid.ny() != ny || grid.nz() != nz) {
                throw new org.dirabench.datasets.io.ImageFormatException(null, "mask " + name + " is " + nx + " x "
                        + ny + " x " + nz + " voxels but image " + image + " is " + grid.nx() + " x " + grid.ny()
                        + " x " + grid.nz());
            }
            return voxels;
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Precomputed p && p.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}
