package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Binary cross-entropy on logits, mean over all N·L elements: the multi-label classification loss of the fine-tuning
 * protocol, {@code nn.BCELoss()} on sigmoid outputs in BenchmarkTransferLearning ({@code engine.py:L58},
 * REFERENCE.md §3.1), written on the logits for numerical stability.
 *
 * <p>ℓ = softplus(z) − y·z = log(1 + e^z) − y·z (equal to −[y log σ(z) + (1 − y) log(1 − σ(z))]); L = (1/M) Σ ℓ;
 * ∂L/∂z = (σ(z) − y)/M. Labels may be soft (in [0, 1], e.g. CheXpert's LSR-Ones).
 */
public final class BinaryCrossEntropy {
    private BinaryCrossEntropy() {
    }

    /**
     * @param loss       the mean binary cross-entropy
     * @param gradLogits ∂loss/∂logits, same shape and data type as the logits
     */
    public record Result(double loss, INDArray gradLogits) {
    }

    /**
     * @param logits [N, L], floating point
     * @param labels [N, L] in [0, 1], any floating type (cast to the logits' type)
     * @throws IllegalArgumentException on a shape mismatch, a NaN or infinite input, or a label outside [0, 1]
     */
    public static Result compute(INDArray logits, INDArray labels) {
        InputChecks.require("logits", logits, 2);
        InputChecks.require("labels", labels, 2);
        INDArray y = labels.castTo(logits.dataType());
        InputChecks.requireSameShape("labels", y, "logits", logits);
        if (y.minNumber().doubleValue() < 0 || y.maxNumber().doubleValue() > 1) {
            throw new IllegalArgumentException("labels must lie in [0, 1], got " + InputChecks.describe("labels", y)
                    + " with range [" + y.minNumber() + ", " + y.maxNumber() + "]");
        }
        double m = logits.length();
        // softplus(z) = max(z, 0) + log(1 + exp(-|z|)), stable for large |z|
        INDArray softplus = Transforms.relu(logits, true).addi(
                Transforms.log(Transforms.exp(Transforms.abs(logits, true).negi(), false).addi(1), false));
        double loss = softplus.subi(y.mul(logits)).sumNumber().doubleValue() / m;
        INDArray grad = Transforms.sigmoid(logits, true).subi(y).divi(m);
        return new Result(loss, grad);
    }
}
