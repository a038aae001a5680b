package org.dirabench.harness.downstream.metrics;

import org.dirabench.baselines.loss.InputChecks;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global Dice and IoU (Jaccard) of binarised masks, counted over every pixel or voxel of the whole test set at once
 * (not averaged per image): Dice = 2TP / (2TP + FP + FN), IoU = TP / (TP + FP + FN).
 *
 * <p>A prediction is positive where it is {@code > threshold} (default 0.5); the truth is positive where it is
 * {@code > 0.5}, so interpolated masks are binarised the same way as in BTL's {@code dice}. When both masks are empty,
 * Dice is 1 (BTL's {@code empty_score=1.0}) and IoU is taken as 1 as well (BTL's {@code iou} would divide 0 by 0).
 *
 * <p>Sources: BTL engine.py:L244-L247, utils.py:L137-L157 (global Dice at 0.5; REFERENCE.md §3.1); IoU for the 3D
 * segmentation tasks after Models Genesis (REFERENCE.md §3.2); checked against golden/metrics_small.json.
 */
public final class SegmentationOverlap {
    /** The usual probability threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    private SegmentationOverlap() {
    }

    /**
     * @param dice           2TP / (2TP + FP + FN)
     * @param iou            TP / (TP + FP + FN)
     * @param truePositives  TP
     * @param falsePositives FP
     * @param falseNegatives FN
     */
    public record Result(double dice, double iou, long truePositives, long falsePositives, long falseNegatives) {
    }

    /** At {@value #DEFAULT_THRESHOLD}; see {@link #at(INDArray, INDArray, double)}. */
    public static Result of(INDArray prediction, INDArray truth) {
        return at(prediction, truth, DEFAULT_THRESHOLD);
    }

    /**
     * @param prediction probabilities or a binary mask, [N, C, H, W] or [N, C, D, H, W]
     * @param truth      the reference mask, same shape (any floating-point type)
     * @param threshold  a prediction counts as positive where it is strictly greater
     * @throws IllegalArgumentException on a wrong rank, a shape mismatch, a NaN or infinite value, or a non-finite
     *                                  threshold
     */
    public static Result at(INDArray prediction, INDArray truth, double threshold) {
        InputChecks.require("prediction", prediction, 4, 5);
        InputChecks.require("truth", truth, 4, 5);
        InputChecks.requireSameShape("prediction", prediction, "truth", truth);
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, got " + threshold);
        }
        INDArray p = prediction.gt(threshold).castTo(DataType.DOUBLE);
        INDArray t = truth.gt(0.5).castTo(DataType.DOUBLE);
        long tp = Math.round(p.mul(t).sumNumber().doubleValue());
        long fp = Math.round(p.sumNumber().doubleValue()) - tp;
        long fn = Math.round(t.sumNumber().doubleValue()) - tp;
        if (tp + fp + fn == 0) {
            return new Result(1.0, 1.0, 0, 0, 0);
        }
        return new Result(2.0 * tp / (2.0 * tp + fp + fn), (double) tp / (tp + fp + fn), tp, fp, fn);
    }
}
