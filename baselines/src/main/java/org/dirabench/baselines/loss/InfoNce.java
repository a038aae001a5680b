package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * MoCo v2 InfoNCE loss over one positive key and a queue of negatives (He et al. 2020; Chen et al. 2020).
 *
 * <p>q = q_raw/‖q_raw‖, k = k_raw/‖k_raw‖ (row-wise, norm clamped at 1e-12 as {@code F.normalize}); logits
 * ℓ = [q·k, q·queue] / T of shape [N, 1+K]; L = mean_n CE(ℓ_n, 0). The key has no gradient (it comes from the momentum
 * encoder under {@code no_grad}); the queue columns are taken as already unit-norm.
 *
 * <p>Gradient: with G = ∂L/∂ℓ = (softmax(ℓ) − e₀)/N (see {@link SoftmaxCrossEntropy}),
 * ∂L/∂q = (G[:,0] ⊙ k + G[:,1:] · queueᵀ) / T, then through the normalisation
 * ∂L/∂q_raw = (∂L/∂q − q (q·∂L/∂q)) / ‖q_raw‖ (see {@link RowNormalization}).
 *
 * <p>Sources: MOCO moco/builder.py:L141-L160 (logits, labels 0, CE), DIRA DiRA_models.py:L298-L316 (REFERENCE.md
 * §1.3, §5.1); checked against golden/moco_infonce_small.json and moco_infonce_t007.json.
 */
public final class InfoNce {
    /** MoCo v2 / DiRA temperature (DIRA main_DiRA_moco.py:L84-L91; MoCo v1's default is 0.07). */
    public static final double MOCO_V2_TEMPERATURE = 0.2;

    private static final double NORM_EPS = 1e-12;
    private final double temperature;

    /** @throws IllegalArgumentException unless {@code temperature} is finite and positive */
    public InfoNce(double temperature) {
        this.temperature = InputChecks.requirePositive("temperature", temperature);
    }

    /** @return the temperature T */
    public double temperature() {
        return temperature;
    }

    /**
     * @param loss         mean cross-entropy with target 0
     * @param logits       [N, 1+K], column 0 the positive, already divided by T
     * @param key          k = normalize(k_raw) [N, d], what MoCo enqueues after the step
     * @param gradQueryRaw ∂loss/∂q_raw [N, d], the epsilon for the query network's output
     */
    public record Result(double loss, INDArray logits, INDArray key, INDArray gradQueryRaw) {
    }

    /**
     * All arrays share one floating-point data type; the result is in that type. No input is modified.
     *
     * @param queryRaw the query network's un-normalised output q_raw [N, d]
     * @param keyRaw   the key network's un-normalised output k_raw [N, d]
     * @param queue    negatives [d, K], unit-norm columns (MoCo's {@code queue} buffer)
     * @throws IllegalArgumentException on a shape or data-type mismatch, or a NaN or infinite input. A non-finite loss
     *                                  from finite inputs (overflow in float32 at a tiny T) is returned as is: the
     *                                  engine checks the loss.
     */
    public Result compute(INDArray queryRaw, INDArray keyRaw, INDArray queue) {
        InputChecks.require("q_raw", queryRaw, 2);
        InputChecks.require("k_raw", keyRaw, 2);
        InputChecks.require("queue", queue, 2);
        InputChecks.requireSameShape("k_raw", keyRaw, "q_raw", queryRaw);
        InputChecks.requireSameSize("queue", queue, 0, "q_raw", queryRaw, 1);
        InputChecks.requireSameDataType("k_raw", keyRaw, "q_raw", queryRaw);
        InputChecks.requireSameDataType("queue", queue, "q_raw", queryRaw);

        RowNormalization qn = new RowNormalization(queryRaw, NORM_EPS);
        INDArray q = qn.unit;
        INDArray k = new RowNormalization(keyRaw, NORM_EPS).unit;
        INDArray positive = q.mul(k).sum(true, 1);
        INDArray logits = Nd4j.concat(1, positive, q.mmul(queue)).divi(temperature);

        int[] targets = new int[(int) queryRaw.size(0)];
        SoftmaxCrossEntropy.Result ce = SoftmaxCrossEntropy.compute(logits, targets);
        INDArray g = ce.gradLogits();
        long kNeg = queue.size(1);
        INDArray gradQ = k.mulColumnVector(g.getColumn(0, true))
                .addi(g.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 1 + kNeg)).mmul(queue.transpose()))
                .divi(temperature);
        return new Result(ce.loss(), logits, k, qn.backward(gradQ));
    }

    @Override
    public String toString() {
        return "InfoNce[T=" + temperature + "]";
    }
}
