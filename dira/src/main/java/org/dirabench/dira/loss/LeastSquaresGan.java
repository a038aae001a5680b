package org.dirabench.dira.loss;

import org.dirabench.baselines.loss.InputChecks;
import org.dirabench.baselines.loss.MseLoss;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Least-squares GAN terms (Mao et al. 2017) as DiRA uses them, on the raw (no sigmoid) patch outputs of the
 * discriminator D: real target 1, fake target 0, mean squared error over every output element.
 *
 * <ul>
 *   <li>generator: L_adv = mean((D(x') − 1)²), gradient 2(D(x') − 1)/M w.r.t. D(x');</li>
 *   <li>discriminator: L_D = ½ [mean((D(x) − 1)²) + mean(D(x'.detach())²)], gradients (D(x) − 1)/M and D(x')/M.</li>
 * </ul>
 * M is the number of elements of one D output. Sources: DIRA trainer.py:L135 (all-ones/zeros targets of shape
 * D_output_shape), L151-L153 (generator term), L170-L178 (discriminator step) (REFERENCE.md §1.3); checked against
 * golden/dira_losses_small.json.
 */
public final class LeastSquaresGan {
    /** The LSGAN target for real samples. */
    public static final double REAL = 1.0;
    /** The LSGAN target for generated samples. */
    public static final double FAKE = 0.0;

    private LeastSquaresGan() {
    }

    /**
     * @param loss        L_D
     * @param realTerm    mean((D(x) − 1)²), unhalved
     * @param fakeTerm    mean(D(x')²), unhalved
     * @param gradDOfReal ∂L_D/∂D(x), the epsilon for D's output on the real batch
     * @param gradDOfFake ∂L_D/∂D(x'), the epsilon for D's output on the restored batch
     */
    public record DiscriminatorResult(double loss, double realTerm, double fakeTerm, INDArray gradDOfReal,
                                      INDArray gradDOfFake) {
    }

    /**
     * The generator's adversarial term L_adv = MSE(D(x'), 1), unweighted.
     *
     * @param dOfFake D's output on the restored images, [N, 1, h, w] (2D) or [N, 1, d, h, w] (3D)
     * @return L_adv and ∂L_adv/∂D(x')
     * @throws IllegalArgumentException on a wrong rank or a NaN or infinite value
     */
    public static MseLoss.Result generator(INDArray dOfFake) {
        InputChecks.require("D(restored)", dOfFake, 4, 5);
        return MseLoss.compute("D(restored)", dOfFake, REAL);
    }

    /**
     * The discriminator's loss on a real batch (the restoration targets) and the detached restored batch.
     *
     * @param dOfReal D's output on the targets, [N, 1, h, w] or [N, 1, d, h, w]
     * @param dOfFake D's output on the restored images (computed from {@code restored} without a generator gradient),
     *                same shape and data type
     * @throws IllegalArgumentException on a wrong rank, a shape or data-type mismatch, or a NaN or infinite value
     */
    public static DiscriminatorResult discriminator(INDArray dOfReal, INDArray dOfFake) {
        InputChecks.require("D(target)", dOfReal, 4, 5);
        InputChecks.require("D(restored)", dOfFake, 4, 5);
        InputChecks.requireSameShape("D(restored)", dOfFake, "D(target)", dOfReal);
        InputChecks.requireSameDataType("D(restored)", dOfFake, "D(target)", dOfReal);
        MseLoss.Result real = MseLoss.compute("D(target)", dOfReal, REAL);
        MseLoss.Result fake = MseLoss.compute("D(restored)", dOfFake, FAKE);
        return new DiscriminatorResult(0.5 * (real.loss() + fake.loss()), real.loss(), fake.loss(),
                real.gradPrediction().muli(0.5), fake.gradPrediction().muli(0.5));
    }
}
