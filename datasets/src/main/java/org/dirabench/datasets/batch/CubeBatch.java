package org.dirabench.datasets.batch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of n 3D cubes (n = N, or fewer for the last batch), float32, in C order.
 *
 * @param epoch the epoch (0 for evaluation)
 * @param batch the batch within the epoch, from 0
 * @param cubes [n, 1, D, H, W]: the image cubes, intensities mapped to [0, 1] by the task's window (CT: HU clipped
 *     to [-1000, 1000]; MRI: [0, 4000]); voxels outside the volume are 0
 * @param labels [n, 1] of 0/1 for candidate cubes (3D classification), else {@code null}
 * @param masks [n, 1, D, H, W] of 0/1 for segmentation cubes of labelled volumes, else {@code null}
 * @param weights [n, 1, D, H, W] of 0/1 for segmentation cubes, else {@code null}: 1 where the voxel lies inside the
 *     volume and belongs to this cube's sample (inside its region; for evaluation tiles, the voxels this tile owns, so
 *     that every voxel of a volume counts exactly once over its tiles); score and loss only where it is 1
 * @param samples the n sample indices of the loader ({@link CubeLoader#sampleId(int)}), in batch order
 * @param origins for each cube, the voxel (x, y, z) of the volume at cube voxel (0, 0, 0) before any flip
 * @param flips for each cube, whether it was mirrored along (x, y, z) (training augmentation; all false otherwise)
 */
public record CubeBatch(int epoch, int batch, INDArray cubes, INDArray labels, INDArray masks, INDArray weights,
        int[] samples, int[][] origins, boolean[][] flips) {
    /** @return n, the number of cubes */
    public int size() {
        return samples.length;
    }

    /** Frees the off-heap arrays at once. */
    public void close() {
        for (INDArray a : new INDArray[] {cubes, labels, masks, weights}) {
            if (a != null) {
                a.close();
            }
        }
    }
}
