package org.dirabench.harness.downstream.metrics;

import org.dirabench.baselines.loss.InputChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The soft Dice loss of the segmentation fine-tuning, on probabilities, over all elements of the batch at once:
 * L = 1 − (2 Σ p·g + s) / (Σ p + Σ g + s), smoothing s = 1.
 *
 * <p>Gradient: with I = Σ p·g and S = Σ p + Σ g, ∂L/∂p_k = ((2I + s) − 2 g_k (S + s)) / (S + s)². The truth gets
 * no gradient.
 *
 * <p>Sources: BTL utils.py:L114-L124 ({@code torch_dice_coef_loss}, smooth = 1), main_segmentation.py:L94-L102
 * (REFERENCE.md §3.1); checked against golden/metrics_small.json.
 */
public final class SoftDiceLoss {
    /** BTL's smoothing. */
    public static final double DEFAULT_SMOOTHING = 1.0;

    private final double smoothing;

    /** With smoothing {@value #DEFAULT_SMOOTHING}. */
    public SoftDiceLoss() {
        this(DEFAULT_SMOOTHING);
    }

    /** @throws IllegalArgumentException unless {@code smoothing} is finite and positive */
    public SoftDiceLoss(double smoothing) {
        this.smoothing = InputChecks.requirePositive("smoothing", smoothing);
    }

    /** @return the smoothing s */
    public double smoothing() {
        return smoothing;
    }

    /**
     * @param loss           1 − soft Dice, in [0, 1) for inputs in [0, 1]
     * @param gradPrediction ∂loss/∂prediction, the shape and data type of the prediction
     */
    public record Result(double loss, INDArray gradPrediction) {
    }

    /**
     * @param prediction probabilities (sigmoid outputs) [N, C, H, W] or [N, C, D, H, W]; not modified
     * @param truth      the reference mask, same shape and data type
     * @throws IllegalArgumentException on a wrong rank, a shape or data-type mismatch, or a NaN or infinite value
     */
    public Result compute(INDArray prediction, INDArray truth) {
        InputChecks.require("prediction", prediction, 4, 5);
        InputChecks.require("truth", truth, 4, 5);
        InputChecks.requireSameShape("prediction", prediction, "truth", truth);
        InputChecks.requireSameDataType("prediction", prediction, "truth", truth);
        double intersection = prediction.mul(truth).sumNumber().doubleValue();
        double denominator = prediction.sumNumber().doubleValue() + truth.sumNumber().doubleValue() + smoothing;
        double numerator = 2 * intersection + smoothing;
        INDArray grad = truth.mul(-2.0 * denominator).addi(numerator).divi(denominator * denominator);
        return new Result(1 - numerator / denominator, grad);
    }

    @Override
    public String toString() {
        return "SoftDiceLoss[smoothing=" + smoothing + "]";
    }
}
