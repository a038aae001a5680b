package org.dirabench.baselines.engine;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One self-supervised batch: two augmented views of the same N images and, for DiRA, the restoration target.
 *
 * @param view1   first view (the query view in MoCo), [N, C, S, S], float, in [0, 1]
 * @param view2   second view (the key view), [N, C, S, S]
 * @param target  restoration target, [N, 1, S, S] (gray crop of view 1 before appearance augmentation and
 *                distortion), or {@code null} when the method does not restore
 * @param indices dataset indices of the N images (for restoration examples and debugging)
 */
public record PretrainBatch(INDArray view1, INDArray view2, INDArray target, int[] indices) {
    public PretrainBatch {
        Objects.requireNonNull(view1, "view1");
        Objects.requireNonNull(view2, "view2");
        if (view1.rank() < 4 || !java.util.Arrays.equals(view1.shape(), view2.shape())) {
            throw new IllegalArgumentException("views must have the same shape [N, C, ...], got "
                    + java.util.Arrays.toString(view1.shape()) + " and " + java.util.Arrays.toString(view2.shape()));
        }
    }

    /** @return N */
    public int size() {
        return (int) view1.size(0);
    }
}
