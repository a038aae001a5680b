package org.dirabench.baselines.engine;

import java.util.List;
import org.dirabench.datasets.batch.PretrainBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Test shorthand for a {@link PretrainBatch} without augmentation parameters. */
public final class PretrainBatches {
    private PretrainBatches() {
    }

    public static PretrainBatch of(INDArray view1, INDArray view2, INDArray target, int[] indices) {
        return new PretrainBatch(0, 0, view1, view2, target, indices, List.of());
    }
}
