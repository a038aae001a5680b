package org.dirabench.dira.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.testng.annotations.Test;

public class DiraLossTest {
    private static DiraLoss goldenLoss(Golden g) {
        return new DiraLoss(new DiraLoss.Weights(g.scalar("lam_dis"), g.scalar("lam_res"), g.scalar("lam_adv")));
    }

    @Test
    public void paperWeightsAreTheGoldenOnes() {
        Golden g = Golden.load("dira_losses_small.json");
        assertEquals(new DiraLoss().weights(), goldenLoss(g).weights());
    }

    @Test
    public void matchesGoldenInDouble() {
        Golden g = Golden.load("dira_losses_small.json");
        INDArray restored = g.array("restored");
        INDArray before = restored.dup();
        DiraLoss loss = goldenLoss(g);
        DiraLoss.GeneratorResult gen = loss.generator(g.scalar("l_dis"), restored, g.array("target"),
                g.array("d_of_restored"));
        Golden.assertClose(gen.restoration(), g.scalar("l_res"), 1e-6, "l_res");
        Golden.assertClose(gen.adversarial(), g.scalar("l_adv"), 1e-6, "l_adv");
        Golden.assertClose(gen.loss(), g.scalar("l_g"), 1e-6, "l_g");
        Golden.assertClose(gen.gradRestoredDirect(), g.array("grad_restored_of_l_g"), 1e-6, "grad_restored_of_l_g");
        Golden.assertClose(gen.gradDOfRestored(), g.array("grad_d_of_restored_of_l_g"), 1e-6,
                "grad_d_of_restored_of_l_g");

        LeastSquaresGan.DiscriminatorResult dis = loss.discriminator(g.array("d_of_target"), g.array("d_of_restored"));
        Golden.assertClose(dis.loss(), g.scalar("l_d"), 1e-6, "l_d");
        Golden.assertClose(dis.gradDOfReal(), g.array("grad_d_of_target_of_l_d"), 1e-6, "grad_d_of_target_of_l_d");
        Golden.assertClose(dis.gradDOfFake(), g.array("grad_d_of_restored_of_l_d"), 1e-6, "grad_d_of_restored_of_l_d");
        assertEquals(restored, before, "restored must not be modified");
    }

    @Test
    public void matchesGoldenInFloat32() {
        Golden g = Golden.load("dira_losses_small.json");
        DiraLoss loss = goldenLoss(g);
        DiraLoss.GeneratorResult gen = loss.generator(g.scalar("l_dis"), g.array("restored").castTo(DataType.FLOAT),
                g.array("target").castTo(DataType.FLOAT), g.array("d_of_restored").castTo(DataType.FLOAT));
        assertEquals(gen.gradRestoredDirect().dataType(), DataType.FLOAT);
        assertEquals(gen.gradDOfRestored().dataType(), DataType.FLOAT);
        Golden.assertClose(gen.loss(), g.scalar("l_g"), 1e-4, "float32 l_g");
        Golden.assertClose(gen.gradRestoredDirect(), g.array("grad_restored_of_l_g"), 1e-4, "float32 grad_restored");
        Golden.assertClose(gen.gradDOfRestored(), g.array("grad_d_of_restored_of_l_g"), 1e-4, "float32 grad_D(x')");
        LeastSquaresGan.DiscriminatorResult dis = loss.discriminator(g.array("d_of_target").castTo(DataType.FLOAT),
                g.array("d_of_restored").castTo(DataType.FLOAT));
        Golden.assertClose(dis.loss(), g.scalar("l_d"), 1e-4, "float32 l_d");
        Golden.assertClose(dis.gradDOfReal(), g.array("grad_d_of_target_of_l_d"), 1e-4, "float32 grad D(x)");
        Golden.assertClose(dis.gradDOfFake(), g.array("grad_d_of_restored_of_l_d"), 1e-4, "float32 grad D(x')");
    }

    /**
     * A toy discriminator D(x)_n = tanh(vec(x_n) · W) reshaped to [N, 1, 2, 2], whose input gradient is known in
     * closed form, stands in for the engine's backward pass through D: the composed ∂L_G/∂x' must match finite
     * differences of L_G(x') = λdis · c + λres · MSE(x', x) + λadv · MSE(D(x'), 1).
     */
    @Test
    public void composedRestorationGradientMatchesFiniteDifferences() {
        long n = 2;
        INDArray w = GradientCheck.randn(71, 16, 4).muli(0.3);
        INDArray target = GradientCheck.randn(72, n, 1, 4, 4);
        INDArray restored = GradientCheck.randn(73, n, 1, 4, 4);
        // λadv large enough that the adversarial part is not lost under the restoration part in the check
        DiraLoss loss = new DiraLoss(new DiraLoss.Weights(1.0, 10.0, 5.0));
        DiraLoss.GeneratorResult r = loss.generator(0.7, restored, target, toyD(restored, w));
        INDArray analytic = r.gradRestored(eps -> toyDInputGradient(restored, w, eps));
        GradientCheck.assertGradient(x -> loss.generator(0.7, x, target, toyD(x, w)).loss(), restored, analytic,
                1e-6, "dL_G/drestored through D");
        // and the adversarial part alone, so that a missing or doubled λadv cannot hide behind the restoration part
        INDArray viaD = analytic.sub(r.gradRestoredDirect());
        GradientCheck.assertGradient(x -> 5.0 * LeastSquaresGan.generator(toyD(x, w)).loss(), restored, viaD, 1e-6,
                "λadv dL_adv/drestored");
    }

    @Test
    public void discriminatorAndGeneratorTermGradientsMatchFiniteDifferences() {
        INDArray dReal = GradientCheck.randn(74, 3, 1, 2, 2);
        INDArray dFake = GradientCheck.randn(75, 3, 1, 2, 2);
        LeastSquaresGan.DiscriminatorResult r = LeastSquaresGan.discriminator(dReal, dFake);
        GradientCheck.assertGradient(x -> LeastSquaresGan.discriminator(x, dFake).loss(), dReal, r.gradDOfReal(), 1e-6,
                "dL_D/dD(target)");
        GradientCheck.assertGradient(x -> LeastSquaresGan.discriminator(dReal, x).loss(), dFake, r.gradDOfFake(), 1e-6,
                "dL_D/dD(restored)");
        INDArray restored = GradientCheck.randn(76, 3, 1, 4, 4);
        INDArray target = GradientCheck.randn(77, 3, 1, 4, 4);
        DiraLoss loss = new DiraLoss();
        DiraLoss.GeneratorResult g = loss.generator(0.3, restored, target, dFake);
        GradientCheck.assertGradient(x -> loss.generator(0.3, restored, target, x).loss(), dFake, g.gradDOfRestored(),
                1e-6, "dL_G/dD(restored)");
    }

    @Test
    public void withoutAdversaryTheRestorationGradientIsTheDirectPart() {
        INDArray restored = GradientCheck.randn(78, 2, 1, 4, 4);
        INDArray target = GradientCheck.randn(79, 2, 1, 4, 4);
        DiraLoss loss = new DiraLoss(DiraLoss.Weights.PAPER.withoutAdversary());
        DiraLoss.GeneratorResult r = loss.generator(0.5, restored, target);
        assertNull(r.gradDOfRestored());
        assertEquals(r.adversarial(), 0.0);
        Golden.assertClose(r.loss(), 0.5 + 10 * r.restoration(), 1e-12, "dir-stage loss");
        INDArray grad = r.gradRestored(eps -> {
            throw new AssertionError("no discriminator without an adversary");
        });
        Golden.assertClose(grad, r.gradRestoredDirect(), 0, "gradient");
        Golden.assertClose(r.scaleDiscriminative(restored), restored, 0, "λdis = 1");
        assertThrows(IllegalArgumentException.class, () -> new DiraLoss().generator(0.5, restored, target));
    }

    @Test
    public void rejectsBadInput() {
        DiraLoss loss = new DiraLoss();
        INDArray restored = GradientCheck.randn(80, 2, 1, 4, 4);
        INDArray target = GradientCheck.randn(81, 2, 1, 4, 4);
        INDArray d = GradientCheck.randn(82, 2, 1, 2, 2);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> loss.generator(0.5, restored, GradientCheck.randn(83, 2, 1, 4, 5), d));
        assertTrue(e.getMessage().contains("target [2, 1, 4, 5]"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class,
                () -> loss.generator(0.5, restored, target, GradientCheck.randn(84, 3, 1, 2, 2)));
        assertTrue(e.getMessage().contains("D(restored) [3, 1, 2, 2]"), e.getMessage());
        INDArray bad = d.dup();
        bad.putScalar(new long[] {1, 0, 1, 1}, Double.NaN);
        e = expectThrows(IllegalArgumentException.class, () -> loss.generator(0.5, restored, target, bad));
        assertTrue(e.getMessage().contains("D(restored) [2, 1, 2, 2]") && e.getMessage().contains("NaN"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.generator(Double.NaN, restored, target, d));
        assertThrows(IllegalArgumentException.class, () -> loss.discriminator(d, GradientCheck.randn(85, 2, 1, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> loss.discriminator(d, bad));
        assertThrows(IllegalArgumentException.class, () -> new DiraLoss.Weights(1, -10, 0.001));
        DiraLoss.GeneratorResult r = loss.generator(0.5, restored, target, d);
        assertThrows(IllegalArgumentException.class, () -> r.gradRestored(eps -> eps));   // D-output shape, not x'
    }

    private static INDArray toyD(INDArray x, INDArray w) {
        long n = x.size(0);
        return Transforms.tanh(x.reshape(n, 16).mmul(w), true).reshape(n, 1, 2, 2);
    }

    /** J_D(x)ᵀ eps for the toy D: ((eps ⊙ (1 − tanh²)) Wᵀ). */
    private static INDArray toyDInputGradient(INDArray x, INDArray w, INDArray eps) {
        long n = x.size(0);
        INDArray t = Transforms.tanh(x.reshape(n, 16).mmul(w), true);
        INDArray dPre = eps.reshape(n, 4).mul(t.mul(t).rsubi(1));
        return dPre.mmul(w.transpose()).reshape(x.shape());
    }
}
