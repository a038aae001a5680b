package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Row-wise L2 normalisation u = x / max(‖x‖, ε), as {@code torch.nn.functional.normalize(x, dim=1)} (ε = 1e-12) and
 * the norm clamp of {@code cosine_similarity} (ε = 1e-8), with its backward pass.
 *
 * <p>Backward: for ‖x‖ &gt; ε, ∂u/∂x = (I − u uᵀ)/‖x‖, so a gradient g w.r.t. u gives (g − u (u·g)) / ‖x‖; for a row
 * at or below the clamp, u = x/ε and the gradient is g/ε.
 */
final class RowNormalization {
    /** The unit rows [N, d]. */
    final INDArray unit;
    /** max(‖x_n‖, ε) as [N, 1]. */
    private final INDArray clampedNorm;
    /** 1 where ‖x_n‖ &gt; ε, else 0, as [N, 1] in the data type of x. */
    private final INDArray unclamped;

    RowNormalization(INDArray x, double eps) {
        INDArray norm = x.norm2(true, 1);
        this.unclamped = norm.gt(eps).castTo(x.dataType());
        this.clampedNorm = Transforms.max(norm, eps, false);
        this.unit = x.divColumnVector(clampedNorm);
    }

    /** @return the gradient w.r.t. x for a gradient {@code g} [N, d] w.r.t. the unit rows */
    INDArray backward(INDArray g) {
        INDArray radial = unit.mul(g).sum(true, 1).muli(unclamped);
        return g.sub(unit.mulColumnVector(radial)).diviColumnVector(clampedNorm);
    }
}
