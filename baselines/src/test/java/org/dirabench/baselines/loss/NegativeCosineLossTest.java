package org.dirabench.baselines.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class NegativeCosineLossTest {
    @Test
    public void matchesGoldenInDouble() {
        Golden g = Golden.load("simsiam_small.json");
        INDArray p1 = g.array("p1");
        INDArray before = p1.dup();
        NegativeCosineLoss.Result r = NegativeCosineLoss.compute(p1, g.array("p2"), g.array("z1"), g.array("z2"));
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-6, "loss");
        Golden.assertClose(r.gradP1(), g.array("grad_p1"), 1e-6, "grad_p1");
        Golden.assertClose(r.gradP2(), g.array("grad_p2"), 1e-6, "grad_p2");
        Golden.assertClose(r.gradZ1(), g.array("grad_z1"), 1e-6, "grad_z1");
        Golden.assertClose(r.gradZ2(), g.array("grad_z2"), 1e-6, "grad_z2");
        assertEquals(r.gradZ1().sumNumber().doubleValue(), 0.0, "stop-gradient");
        assertEquals(p1, before, "p1 must not be modified");
    }

    @Test
    public void matchesGoldenInFloat32() {
        Golden g = Golden.load("simsiam_small.json");
        NegativeCosineLoss.Result r = NegativeCosineLoss.compute(g.array("p1").castTo(DataType.FLOAT),
                g.array("p2").castTo(DataType.FLOAT), g.array("z1").castTo(DataType.FLOAT),
                g.array("z2").castTo(DataType.FLOAT));
        assertEquals(r.gradP1().dataType(), DataType.FLOAT);
        assertEquals(r.gradZ2().dataType(), DataType.FLOAT);
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-4, "float32 loss");
        Golden.assertClose(r.gradP1(), g.array("grad_p1"), 1e-4, "float32 grad_p1");
        Golden.assertClose(r.gradP2(), g.array("grad_p2"), 1e-4, "float32 grad_p2");
    }

    /** The z gradients are zero by definition; the check here is that the frozen-target loss has these p gradients. */
    @Test
    public void gradientsMatchFiniteDifferencesAtARandomPoint() {
        INDArray p1 = GradientCheck.randn(41, 5, 7);
        INDArray p2 = GradientCheck.randn(42, 5, 7);
        INDArray z1 = GradientCheck.randn(43, 5, 7);
        INDArray z2 = GradientCheck.randn(44, 5, 7);
        NegativeCosineLoss.Result r = NegativeCosineLoss.compute(p1, p2, z1, z2);
        GradientCheck.assertGradient(x -> NegativeCosineLoss.compute(x, p2, z1, z2).loss(), p1, r.gradP1(), 1e-6,
                "grad_p1");
        GradientCheck.assertGradient(x -> NegativeCosineLoss.compute(p1, x, z1, z2).loss(), p2, r.gradP2(), 1e-6,
                "grad_p2");
    }

    @Test
    public void collapsedPredictionsGiveMinusOne() {
        INDArray z = GradientCheck.randn(45, 3, 4);
        NegativeCosineLoss.Result r = NegativeCosineLoss.compute(z.mul(2), z.mul(3), z, z);
        Golden.assertClose(r.loss(), -1.0, 1e-12, "loss at perfect alignment");
    }

    @Test
    public void rejectsBadInput() {
        INDArray a = GradientCheck.randn(46, 4, 8);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> NegativeCosineLoss.compute(a, a, a, GradientCheck.randn(47, 4, 6)));
        assertTrue(e.getMessage().contains("z2 [4, 6]"), e.getMessage());
        INDArray bad = a.dup();
        bad.putScalar(1, 1, Double.POSITIVE_INFINITY);
        e = expectThrows(IllegalArgumentException.class, () -> NegativeCosineLoss.compute(a, bad, a, a));
        assertTrue(e.getMessage().contains("p2 [4, 8]"), e.getMessage());
        INDArray nan = a.dup();
        nan.putScalar(1, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> NegativeCosineLoss.compute(a, a, nan, a));
    }
}
