package org.dirabench.datasets.batch;

import java.util.List;
import org.dirabench.datasets.views.TwoViewAugmentation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pretraining batch of N images at S × S, float32, values in [0, 1] (no normalisation, as DiRA).
 *
 * @param epoch the epoch, from 0
 * @param batch the batch within the epoch, from 0
 * @param view1 [N, 3, S, S]: x_q, the (distorted) view whose crop is restored
 * @param view2 [N, 3, S, S]: x_k
 * @param target [N, 1, S, S]: gray crop of view1 before jitter, blur, flip and distortion (flipped only with
 *     {@code flipTarget}); {@code null} when distortion is off
 * @param indices the N image indices into the loader's {@link ImageSource}, in batch order
 * @param params the N drawn augmentations, in batch order (distortion modes, flips, … for logging and examples)
 */
public record PretrainBatch(int epoch, int batch, INDArray view1, INDArray view2, INDArray target, int[] indices,
        List<TwoViewAugmentation.Params> params) {
    /** @return N */
    public int size() {
        return indices.length;
    }
}
