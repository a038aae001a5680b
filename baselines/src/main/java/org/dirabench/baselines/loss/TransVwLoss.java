package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * TransVW's self-supervised loss (Haghighi et al., TMI 2021): restoration of the transformed visual word plus its
 * visual-word classification, L = λrec · MSE(restored, target) + λcls · CE(logits, label), λrec = 1, λcls = 0.01.
 *
 * <p>Gradients: ∂L/∂restored = λrec · 2(restored − target)/M (M elements, see {@link MseLoss});
 * ∂L/∂logits = λcls · (softmax(logits) − onehot(label)) / N (see {@link SoftmaxCrossEntropy}).
 *
 * <p>The logits are the classifier's pre-softmax output. The official code puts a softmax at the end of the head and
 * applies {@code CrossEntropyLoss} to {@code log(softmax)}; that equals the cross-entropy of the logits, because
 * log Σ_j softmax_j = 0, so the network here should end without the softmax.
 *
 * <p>Sources: TVW pytorch/train.py:L34-L35 (λs), L232-L245 ({@code nn.MSELoss}, {@code nn.CrossEntropyLoss} on
 * {@code log(pred_clc)}), config.py:L36-L37 (REFERENCE.md §2.2); checked against golden/transvw_losses_small.json.
 */
public final class TransVwLoss {
    /** λrec of TransVW. */
    public static final double DEFAULT_RESTORATION_WEIGHT = 1.0;
    /** λcls of TransVW. */
    public static final double DEFAULT_CLASSIFICATION_WEIGHT = 0.01;

    private final double restorationWeight;
    private final double classificationWeight;

    /** With λrec = 1 and λcls = 0.01. */
    public TransVwLoss() {
        this(DEFAULT_RESTORATION_WEIGHT, DEFAULT_CLASSIFICATION_WEIGHT);
    }

    /** @throws IllegalArgumentException unless both weights are finite and ≥ 0 */
    public TransVwLoss(double restorationWeight, double classificationWeight) {
        this.restorationWeight = InputChecks.requireNonNegative("restorationWeight", restorationWeight);
        this.classificationWeight = InputChecks.requireNonNegative("classificationWeight", classificationWeight);
    }

    /**
     * @param loss           λrec · restoration + λcls · classification
     * @param restoration    MSE(restored, target), unweighted
     * @param classification mean cross-entropy, unweighted
     * @param gradRestored   ∂loss/∂restored [N, C, D, H, W]
     * @param gradLogits     ∂loss/∂logits [N, K]
     */
    public record Result(double loss, double restoration, double classification, INDArray gradRestored,
                         INDArray gradLogits) {
    }

    /**
     * @param restored the decoder's output cubes [N, C, D, H, W] (C = 1 in TransVW)
     * @param target   the original cubes, same shape and data type
     * @param logits   the visual-word classifier's output [N, K], same data type
     * @param labels   N visual-word classes in [0, K)
     * @throws IllegalArgumentException on a wrong rank, a shape or data-type mismatch, a label out of range, or a NaN
     *                                  or infinite input
     */
    public Result compute(INDArray restored, INDArray target, INDArray logits, int[] labels) {
        InputChecks.require("restored", restored, 5);
        InputChecks.require("target", target, 5);
        InputChecks.require("logits", logits, 2);
        InputChecks.requireSameSize("logits", logits, 0, "restored", restored, 0);
        InputChecks.requireSameDataType("logits", logits, "restored", restored);
        MseLoss.Result rec = MseLoss.compute("restored", restored, "target", target);
        SoftmaxCrossEntropy.Result cls = SoftmaxCrossEntropy.compute(logits, labels);
        return new Result(restorationWeight * rec.loss() + classificationWeight * cls.loss(), rec.loss(), cls.loss(),
                rec.gradPrediction().muli(restorationWeight), cls.gradLogits().muli(classificationWeight));
    }

    @Override
    public String toString() {
        return "TransVwLoss[lambdaRec=" + restorationWeight + ", lambdaCls=" + classificationWeight + "]";
    }
}
