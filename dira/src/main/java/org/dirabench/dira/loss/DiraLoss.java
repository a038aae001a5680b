package org.dirabench.dira.loss;

import java.util.function.UnaryOperator;
import org.dirabench.baselines.loss.InputChecks;
import org.dirabench.baselines.loss.MseLoss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DiRA's weighted generator loss L_G = λdis · L_dis + λres · L_res + λadv · L_adv and its discriminator loss
 * (Haghighi et al., CVPR 2022), for any discriminative (SSL) loss L_dis.
 *
 * <ul>
 *   <li>L_dis: the wrapped method's loss (InfoNCE, Barlow Twins, ...), passed in as a number; its gradients w.r.t.
 *       the embedding outputs are scaled by λdis ({@link GeneratorResult#scaleDiscriminative(INDArray)});</li>
 *   <li>L_res = MSE(x', x) over all N·C·H·W (or N·C·D·H·W) elements of the restored image x' and its target x;</li>
 *   <li>L_adv = MSE(D(x'), 1), least-squares GAN ({@link LeastSquaresGan#generator(INDArray)}).</li>
 * </ul>
 *
 * <p>The gradient w.r.t. the restored image has two parts. The direct part λres · 2(x' − x)/M is computed here. The
 * adversarial part J_D(x')ᵀ · ∂(λadv L_adv)/∂D(x') needs the discriminator's input gradient, which only the engine can
 * compute (backpropagate the epsilon {@link GeneratorResult#gradDOfRestored()} through D and keep the gradient at D's
 * input, discarding D's parameter gradients in the generator step). {@link GeneratorResult#gradRestored(UnaryOperator)}
 * takes that backward pass as a function and adds the two parts, so the λadv scaling cannot be applied twice or
 * forgotten.
 *
 * <p>Defaults λdis = 1, λres = 10, λadv = 0.001: DIRA main_DiRA_moco.py:L106-L108 ({@code --contrastive_weight},
 * {@code --mse_weight}, {@code --adv_weight}); the total: trainer.py:L41 ({@code dir}) and L147-L164 ({@code dira});
 * the discriminator step: trainer.py:L170-L178 (REFERENCE.md §1.3). Checked against golden/dira_losses_small.json.
 */
public final class DiraLoss {
    /**
     * The λ weights of L_G.
     *
     * @param dis λdis, the discriminative (SSL) loss weight
     * @param res λres, the restoration weight
     * @param adv λadv, the adversarial weight; 0 for the {@code dir} stage and the "dis+res" ablation
     */
    public record Weights(double dis, double res, double adv) {
        /** DiRA's released defaults 1 / 10 / 0.001. */
        public static final Weights PAPER = new Weights(1.0, 10.0, 0.001);

        /** @throws IllegalArgumentException unless every weight is finite and ≥ 0 */
        public Weights {
            InputChecks.requireNonNegative("lambda_dis", dis);
            InputChecks.requireNonNegative("lambda_res", res);
            InputChecks.requireNonNegative("lambda_adv", adv);
        }

        /** @return these weights with λadv = 0 (stage 1 {@code dir}, ablation "dis+res") */
        public Weights withoutAdversary() {
            return new Weights(dis, res, 0.0);
        }
    }

    /**
     * @param loss              L_G = λdis · discriminative + λres · restoration + λadv · adversarial
     * @param discriminative    L_dis as passed in
     * @param restoration       L_res, unweighted
     * @param adversarial       L_adv, unweighted; 0 without an adversary
     * @param gradRestoredDirect λres · ∂L_res/∂x', same shape as the restored image; the whole gradient w.r.t. x'
     *                          when there is no adversary
     * @param gradDOfRestored   λadv · ∂L_adv/∂D(x'), the epsilon to backpropagate through D; {@code null} without an
     *                          adversary
     * @param weights           the weights used
     */
    public record GeneratorResult(double loss, double discriminative, double restoration, double adversarial,
                                  INDArray gradRestoredDirect, INDArray gradDOfRestored, Weights weights) {
        /**
         * The complete ∂L_G/∂x': the direct part plus D's input gradient for the epsilon {@link #gradDOfRestored()}.
         *
         * @param discriminatorInputGradient maps an epsilon at D's output (shape of D(x')) to the gradient at D's input
         *                                   (shape of x'), e.g. {@code eps -> d.backpropGradient(eps, ws).getSecond()}
         *                                   after a training-mode forward of x' through D; not called without an
         *                                   adversary
         * @return a new array, the epsilon for the generator's restoration output
         * @throws IllegalArgumentException if the function returns an array of the wrong shape or data type, or with
         *                                  NaN or infinite values
         */
        public INDArray gradRestored(UnaryOperator<INDArray> discriminatorInputGradient) {
            if (gradDOfRestored == null) {
                return gradRestoredDirect.dup();
            }
            INDArray viaD = discriminatorInputGradient.apply(gradDOfRestored);
            InputChecks.require("discriminator input gradient", viaD);
            InputChecks.requireSameShape("discriminator input gradient", viaD, "restored", gradRestoredDirect);
            InputChecks.requireSameDataType("discriminator input gradient", viaD, "restored", gradRestoredDirect);
            return gradRestoredDirect.add(viaD);
        }

        /** @return λdis · {@code sslGradient}, a new array: the epsilon for an embedding output of the generator */
        public INDArray scaleDiscriminative(INDArray sslGradient) {
            return sslGradient.mul(weights.dis());
        }
    }

    private final Weights weights;

    /** With {@link Weights#PAPER}. */
    public DiraLoss() {
        this(Weights.PAPER);
    }

    /** @param weights the λ weights */
    public DiraLoss(Weights weights) {
        if (weights == null) {
            throw new IllegalArgumentException("weights is null");
        }
        this.weights = weights;
    }

    /** @return the λ weights */
    public Weights weights() {
        return weights;
    }

    /**
     * The generator loss with the adversarial term ({@code dira} stage).
     *
     * @param discriminativeLoss L_dis of the wrapped SSL method for this batch
     * @param restored           x', the generator's restoration [N, 1, H, W] or [N, 1, D, H, W]
     * @param target             x, the restoration target, same shape and data type
     * @param dOfRestored        D(x'), the discriminator's output on x' [N, 1, h, w] or [N, 1, d, h, w]
     * @throws IllegalArgumentException on a wrong rank, a shape, batch-size or data-type mismatch, or a NaN or
     *                                  infinite input (including {@code discriminativeLoss})
     */
    public GeneratorResult generator(double discriminativeLoss, INDArray restored, INDArray target,
                                     INDArray dOfRestored) {
        MseLoss.Result res = restoration(discriminativeLoss, restored, target);
        InputChecks.require("D(restored)", dOfRestored, 4, 5);
        InputChecks.requireSameSize("D(restored)", dOfRestored, 0, "restored", restored, 0);
        InputChecks.requireSameDataType("D(restored)", dOfRestored, "restored", restored);
        MseLoss.Result adv = LeastSquaresGan.generator(dOfRestored);
        double total = weights.dis() * discriminativeLoss + weights.res() * res.loss() + weights.adv() * adv.loss();
        return new GeneratorResult(total, discriminativeLoss, res.loss(), adv.loss(),
                res.gradPrediction().muli(weights.res()), adv.gradPrediction().muli(weights.adv()), weights);
    }

    /**
     * The generator loss without a discriminator: L = λdis · L_dis + λres · L_res ({@code dir} stage, "dis+res"
     * ablation). The weights must have λadv = 0 ({@link Weights#withoutAdversary()}).
     *
     * @throws IllegalArgumentException when λadv ≠ 0, or as {@link #generator(double, INDArray, INDArray, INDArray)}
     */
    public GeneratorResult generator(double discriminativeLoss, INDArray restored, INDArray target) {
        if (weights.adv() != 0) {
            throw new IllegalArgumentException("lambda_adv = " + weights.adv()
                    + " needs the discriminator's output: use generator(lDis, restored, target, dOfRestored)");
        }
        MseLoss.Result res = restoration(discriminativeLoss, restored, target);
        double total = weights.dis() * discriminativeLoss + weights.res() * res.loss();
        return new GeneratorResult(total, discriminativeLoss, res.loss(), 0.0,
                res.gradPrediction().muli(weights.res()), null, weights);
    }

    /**
     * The discriminator's loss, {@link LeastSquaresGan#discriminator(INDArray, INDArray)}: not weighted (D has its
     * own optimizer).
     */
    public LeastSquaresGan.DiscriminatorResult discriminator(INDArray dOfTarget, INDArray dOfRestoredDetached) {
        return LeastSquaresGan.discriminator(dOfTarget, dOfRestoredDetached);
    }

    private static MseLoss.Result restoration(double discriminativeLoss, INDArray restored, INDArray target) {
        if (!Double.isFinite(discriminativeLoss)) {
            throw new IllegalArgumentException("discriminative loss must be finite, got " + discriminativeLoss);
        }
        InputChecks.require("restored", restored, 4, 5);
        InputChecks.require("target", target, 4, 5);
        return MseLoss.compute("restored", restored, "target", target);
    }

    @Override
    public String toString() {
        return "DiraLoss" + weights;
    }
}
