package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax cross-entropy with class-index targets, averaged over the rows: {@code torch.nn.CrossEntropyLoss()}
 * (reduction {@code mean}). Shared by InfoNCE (target 0 = the positive) and the TransVW visual-word classifier.
 *
 * <p>For logits ℓ [N, C] and targets y: L = (1/N) Σ_n [logΣ_j exp(ℓ_nj) − ℓ_{n,y_n}], computed stably as
 * m_n + log Σ_j exp(ℓ_nj − m_n) with m_n the row maximum. Gradient: ∂L/∂ℓ_nj = (softmax(ℓ_n)_j − [j = y_n]) / N.
 */
public final class SoftmaxCrossEntropy {
    private SoftmaxCrossEntropy() {
    }

    /**
     * @param loss       the mean cross-entropy
     * @param gradLogits ∂loss/∂logits, [N, C], the data type of the logits
     */
    public record Result(double loss, INDArray gradLogits) {
    }

    /**
     * @param logits  [N, C], floating point, not modified
     * @param targets N class indices in [0, C)
     * @throws IllegalArgumentException on a wrong shape, a target out of range, or a NaN or infinite logit
     */
    public static Result compute(INDArray logits, int[] targets) {
        InputChecks.require("logits", logits, 2);
        if (targets == null || targets.length != logits.size(0)) {
            throw new IllegalArgumentException("targets: expected " + logits.size(0) + " class indices (one per row of "
                    + InputChecks.describe("logits", logits) + "), got "
                    + (targets == null ? "null" : targets.length));
        }
        long n = logits.size(0);
        long c = logits.size(1);
        for (int i = 0; i < n; i++) {
            if (targets[i] < 0 || targets[i] >= c) {
                throw new IllegalArgumentException("targets[" + i + "] = " + targets[i] + " is not a class of "
                        + InputChecks.describe("logits", logits));
            }
        }
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray exp = Transforms.exp(shifted, true);
        INDArray rowSum = exp.sum(true, 1);
        // Σ_n log Σ_j exp(ℓ_nj − m_n) − Σ_n (ℓ_{n,y_n} − m_n); the row maxima cancel.
        double total = Transforms.log(rowSum, true).sumNumber().doubleValue();
        for (int i = 0; i < n; i++) {
            total -= shifted.getDouble(i, targets[i]);
        }
        INDArray grad = exp.diviColumnVector(rowSum).divi(n);
        for (int i = 0; i < n; i++) {
            grad.putScalar(i, targets[i], grad.getDouble(i, targets[i]) - 1.0 / n);
        }
        return new Result(total / n, grad);
    }
}
