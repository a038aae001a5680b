package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SimSiam's symmetric negative cosine similarity with stop-gradient (Chen &amp; He 2021):
 * L = −½ [mean_n cos(p1_n, sg(z2_n)) + mean_n cos(p2_n, sg(z1_n))].
 *
 * <p>cos(p, z) = p̂·ẑ with p̂ = p / max(‖p‖, 1e-8) (the norm clamp of {@code F.cosine_similarity}). Gradient, per
 * row: ∂cos/∂p = (ẑ − cos · p̂) / ‖p‖, so ∂L/∂p1 = −(ẑ2 − cos(p1, z2) p̂1) / (2N ‖p1‖), and symmetrically for p2.
 * The targets z1, z2 are detached: their gradients are exactly zero and are returned as zero arrays, so the engine
 * can hand them to the graph's z output as its (zero) epsilon (DL4J-NOTES.md §3 pitfall 3).
 *
 * <p>Sources: SS simsiam/builder.py:L54-L61, main_simsiam.py:L191, L294-L295 (criterion = CosineSimilarity(dim=1),
 * loss = −(criterion(p1, z2).mean() + criterion(p2, z1).mean()) · 0.5); checked against golden/simsiam_small.json.
 */
public final class NegativeCosineLoss {
    private static final double NORM_EPS = 1e-8;

    private NegativeCosineLoss() {
    }

    /**
     * @param loss   in [−1, 1]; −1 means every prediction points along its target (watch for collapse, REFERENCE P1)
     * @param gradP1 ∂loss/∂p1 [N, d]
     * @param gradP2 ∂loss/∂p2 [N, d]
     * @param gradZ1 zeros [N, d] (stop-gradient)
     * @param gradZ2 zeros [N, d] (stop-gradient)
     */
    public record Result(double loss, INDArray gradP1, INDArray gradP2, INDArray gradZ1, INDArray gradZ2) {
    }

    /**
     * @param p1 predictor output of view 1 [N, d]
     * @param p2 predictor output of view 2 [N, d]
     * @param z1 projector output of view 1 [N, d] (target of p2)
     * @param z2 projector output of view 2 [N, d] (target of p1); all the same shape and data type, none modified
     * @throws IllegalArgumentException on a shape or data-type mismatch, or a NaN or infinite input
     */
    public static Result compute(INDArray p1, INDArray p2, INDArray z1, INDArray z2) {
        INDArray[] xs = {p1, p2, z1, z2};
        String[] names = {"p1", "p2", "z1", "z2"};
        for (int i = 0; i < xs.length; i++) {
            InputChecks.require(names[i], xs[i], 2);
            InputChecks.requireSameShape(names[i], xs[i], "p1", p1);
            InputChecks.requireSameDataType(names[i], xs[i], "p1", p1);
        }
        long n = p1.size(0);
        Half a = new Half(p1, z2, n);
        Half b = new Half(p2, z1, n);
        return new Result(-0.5 * (a.meanCos + b.meanCos), a.gradP, b.gradP,
                Nd4j.zeros(z1.dataType(), z1.shape()), Nd4j.zeros(z2.dataType(), z2.shape()));
    }

    /** −½ mean_n cos(p_n, z_n) and its gradient w.r.t. p. */
    private static final class Half {
        final double meanCos;
        final INDArray gradP;

        Half(INDArray p, INDArray z, long n) {
            RowNormalization pn = new RowNormalization(p, NORM_EPS);
            INDArray zHat = new RowNormalization(z, NORM_EPS).unit;
            this.meanCos = pn.unit.mul(zHat).sumNumber().doubleValue() / n;
            // ∂(−½ mean cos)/∂p̂ = −ẑ / (2N); the normalisation's backward removes the radial part.
            this.gradP = pn.backward(zHat.mul(-0.5 / n));
        }
    }
}
