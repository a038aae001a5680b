package org.dirabench.datasets.batch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of n 3D cubes (n = N, or fewer for the last batch), float32, in C order.
 *
 * <p>The arrays live on memory the loader allocates directly (see {@code BatchArrays.Owned}): call {@link #close()}
 * when done with the batch to free it at once; without it the garbage collector frees it later. After
 * {@link #close()} the arrays must not be used.
 */
public final class CubeBatch implements AutoCloseable {
    private final int epoch;
    private final int batch;
    private final BatchArrays.Owned cubes;
    private final BatchArrays.Owned labels;
    private final BatchArrays.Owned masks;
    private final BatchArrays.Owned weights;
    private final int[] samples;
    private final int[][] origins;
    private final boolean[][] flips;

    CubeBatch(int epoch, int batch, BatchArrays.Owned cubes, BatchArrays.Owned labels, BatchArrays.Owned masks,
            BatchArrays.Owned weights, int[] samples, int[][] origins, boolean[][] flips) {
        this.epoch = epoch;
        this.batch = batch;
        this.cubes = cubes;
        this.labels = labels;
        this.masks = masks;
        this.weights = weights;
        this.samples = samples;
        this.origins = origins;
        this.flips = flips;
    }

    /** @return the epoch (0 for evaluation) */
    public int epoch() {
        return epoch;
    }

    /** @return the batch within the epoch, from 0 */
    public int batch() {
        return batch;
    }

    /**
     * @return [n, 1, D, H, W]: the image cubes, intensities mapped to [0, 1] by the task's window (CT: HU clipped to
     *     [-1000, 1000]; MRI: [0, 4000]); voxels outside the volume are 0
     */
    public INDArray cubes() {
        return cubes.array();
    }

    /** @return [n, 1] of 0/1 for candidate cubes (3D classification), else {@code null} */
    public INDArray labels() {
        return labels == null ? null : labels.array();
    }

    /** @return [n, 1, D, H, W] of 0/1 for segmentation cubes of labelled volumes, else {@code null} */
    public INDArray masks() {
        return masks == null ? null : masks.array();
    }

    /**
     * @return [n, 1, D, H, W] of 0/1 for segmentation cubes, else {@code null}: 1 where the voxel lies inside the
     *     volume and belongs to this cube's sample (inside its region; for evaluation tiles, the voxels this tile
     *     owns, so that every voxel of a volume counts exactly once over its tiles); score and loss only where it is 1
     */
    public INDArray weights() {
        return weights == null ? null : weights.array();
    }

    /** @return the n sample indices of the loader ({@link CubeLoader#sampleId(int)}), in batch order */
    public int[] samples() {
        return samples;
    }

    /** @return for each cube, the voxel (x, y, z) of the volume at cube voxel (0, 0, 0) before any flip */
    public int[][] origins() {
        return origins;
    }

    /** @return for each cube, whether it was mirrored along (x, y, z) (training augmentation; else all false) */
    public boolean[][] flips() {
        return flips;
    }

    /** @return n, the number of cubes */
    public int size() {
        return samples.length;
    }

    /** Frees the arrays' memory at once; the arrays must not be used afterwards. */
    @Override
    public void close() {
        for (BatchArrays.Owned a : new BatchArrays.Owned[] {cubes, labels, masks, weights}) {
            if (a != null) {
                a.free();
            }
        }
    }
}
