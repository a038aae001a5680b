package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean squared error over all elements, as {@code torch.nn.MSELoss()} (reduction {@code mean}): used for restoration
 * (TransVW, DiRA) and, against a constant, for the least-squares GAN terms of DiRA.
 *
 * <p>L = (1/M) Σ (p − t)², where M is the number of elements; ∂L/∂p = 2(p − t)/M. The gradient with respect to the
 * target is the negative of that and is not returned: targets never need one here.
 *
 * <p>Computed in the data type of {@code prediction}; the inputs are not modified. Sources: DIRA trainer.py:L40,
 * L150 (restoration), L151-L153, L170-L178 (LSGAN); TVW pytorch/train.py (REFERENCE.md §1.3, §2).
 */
public final class MseLoss {
    private MseLoss() {
    }

    /**
     * @param loss         the mean squared error
     * @param gradPrediction ∂loss/∂prediction, same shape and data type as the prediction
     */
    public record Result(double loss, INDArray gradPrediction) {
    }

    /**
     * @param prediction any shape, floating point
     * @param target     the same shape and data type
     * @throws IllegalArgumentException on a shape or data-type mismatch, or a NaN or infinite input
     */
    public static Result compute(INDArray prediction, INDArray target) {
        return compute("prediction", prediction, "target", target);
    }

    /** As {@link #compute(INDArray, INDArray)}, naming the arguments in error messages as the caller calls them. */
    public static Result compute(String predictionName, INDArray prediction, String targetName, INDArray target) {
        InputChecks.require(predictionName, prediction);
        InputChecks.require(targetName, target);
        InputChecks.requireSameShape(predictionName, prediction, targetName, target);
        InputChecks.requireSameDataType(predictionName, prediction, targetName, target);
        return fromDifference(prediction.sub(target));
    }

    /**
     * MSE against a constant target, e.g. {@code MSE(D(x), 1)} of a least-squares GAN (the all-ones / all-zeros
     * target tensors of DIRA trainer.py:L135).
     *
     * @param prediction any shape, floating point
     * @throws IllegalArgumentException on a NaN or infinite input or target
     */
    public static Result compute(String predictionName, INDArray prediction, double target) {
        InputChecks.require(predictionName, prediction);
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("constant target must be finite, got " + target);
        }
        return fromDifference(prediction.sub(target));
    }

    /** @param diff p − t, a fresh array that becomes the gradient */
    private static Result fromDifference(INDArray diff) {
        double m = diff.length();
        double loss = diff.mul(diff).sumNumber().doubleValue() / m;
        return new Result(loss, diff.muli(2.0 / m));
    }
}
