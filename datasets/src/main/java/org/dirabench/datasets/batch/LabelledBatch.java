package org.dirabench.datasets.batch;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One fine-tuning batch of n images (n = N, or fewer for the last eval batch), float32.
 *
 * @param epoch the epoch (0 for eval loaders)
 * @param batch the batch within the epoch, from 0
 * @param images [n·crops, 3, S, S], normalised as configured; with ten-crop, rows {@code 10i..10i+9} are image i's
 *     crops in torchvision's TenCrop order (average the ten predictions per image)
 * @param labels [n, L] in [0, 1]
 * @param indices the n record indices, in batch order
 * @param cropsPerImage 1, or 10 for ten-crop
 */
public record LabelledBatch(int epoch, int batch, INDArray images, INDArray labels, int[] indices,
        int cropsPerImage) {
    /** @return n, the number of images */
    public int size() {
        return indices.length;
    }
}
