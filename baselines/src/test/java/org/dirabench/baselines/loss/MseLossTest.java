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

public class MseLossTest {
    /** dira_losses_small.json's L_res is a plain MSE over all elements. */
    @Test
    public void matchesTheGoldenRestorationTerm() {
        Golden g = Golden.load("dira_losses_small.json");
        MseLoss.Result r = MseLoss.compute(g.array("restored"), g.array("target"));
        Golden.assertClose(r.loss(), g.scalar("l_res"), 1e-6, "l_res");
        Golden.assertClose(r.gradPrediction().mul(g.scalar("lam_res")), g.array("grad_restored_of_l_g"), 1e-6,
                "λres · ∂L_res/∂restored");
        MseLoss.Result f = MseLoss.compute(g.array("restored").castTo(DataType.FLOAT),
                g.array("target").castTo(DataType.FLOAT));
        assertEquals(f.gradPrediction().dataType(), DataType.FLOAT);
        Golden.assertClose(f.loss(), g.scalar("l_res"), 1e-4, "float32 l_res");
    }

    @Test
    public void gradientsMatchFiniteDifferences() {
        INDArray p = GradientCheck.randn(61, 2, 1, 3, 3);
        INDArray t = GradientCheck.randn(62, 2, 1, 3, 3);
        GradientCheck.assertGradient(x -> MseLoss.compute(x, t).loss(), p, MseLoss.compute(p, t).gradPrediction(),
                1e-6, "grad vs target array");
        GradientCheck.assertGradient(x -> MseLoss.compute("d", x, 1.0).loss(), p,
                MseLoss.compute("d", p, 1.0).gradPrediction(), 1e-6, "grad vs constant");
    }

    @Test
    public void rejectsBadInput() {
        INDArray p = GradientCheck.randn(63, 2, 3);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> MseLoss.compute("restored", p, "target", GradientCheck.randn(64, 3, 2)));
        assertTrue(e.getMessage().contains("restored [2, 3]") && e.getMessage().contains("target [3, 2]"),
                e.getMessage());
        INDArray bad = p.dup();
        bad.putScalar(0, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> MseLoss.compute(bad, p));
        assertThrows(IllegalArgumentException.class, () -> MseLoss.compute("d", p, Double.NaN));
    }
}
