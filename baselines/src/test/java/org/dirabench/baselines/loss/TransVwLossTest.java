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

public class TransVwLossTest {
    private static int[] labels(Golden g) {
        return g.array("labels").toIntVector();
    }

    @Test
    public void matchesGoldenInDouble() {
        Golden g = Golden.load("transvw_losses_small.json");
        INDArray restored = g.array("restored");
        INDArray target = g.array("target");
        INDArray before = restored.dup();
        TransVwLoss loss = new TransVwLoss(g.scalar("lam_rec"), g.scalar("lam_cls"));
        TransVwLoss.Result r = loss.compute(restored, target, g.array("logits"), labels(g));
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-6, "loss");
        Golden.assertClose(r.gradLogits(), g.array("grad_logits"), 1e-6, "grad_logits");
        // the golden file has no restoration gradient: it is λrec · 2(r − t)/M, checked here and by finite differences
        Golden.assertClose(r.gradRestored(), restored.sub(target).muli(2.0 / restored.length()), 1e-12, "grad_restored");
        Golden.assertClose(r.loss(), r.restoration() + 0.01 * r.classification(), 1e-12, "terms");
        assertEquals(restored, before, "restored must not be modified");
    }

    @Test
    public void defaultWeightsAreTransVws() {
        Golden g = Golden.load("transvw_losses_small.json");
        TransVwLoss.Result r = new TransVwLoss().compute(g.array("restored"), g.array("target"), g.array("logits"),
                labels(g));
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-6, "loss with default weights");
    }

    @Test
    public void matchesGoldenInFloat32() {
        Golden g = Golden.load("transvw_losses_small.json");
        TransVwLoss.Result r = new TransVwLoss().compute(g.array("restored").castTo(DataType.FLOAT),
                g.array("target").castTo(DataType.FLOAT), g.array("logits").castTo(DataType.FLOAT), labels(g));
        assertEquals(r.gradRestored().dataType(), DataType.FLOAT);
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-4, "float32 loss");
        Golden.assertClose(r.gradLogits(), g.array("grad_logits"), 1e-4, "float32 grad_logits");
    }

    @Test
    public void gradientsMatchFiniteDifferencesAtARandomPoint() {
        INDArray restored = GradientCheck.randn(51, 2, 1, 3, 4, 2);
        INDArray target = GradientCheck.randn(52, 2, 1, 3, 4, 2);
        INDArray logits = GradientCheck.randn(53, 2, 6);
        int[] labels = {5, 1};
        TransVwLoss loss = new TransVwLoss(1.0, 0.3);
        TransVwLoss.Result r = loss.compute(restored, target, logits, labels);
        GradientCheck.assertGradient(x -> loss.compute(x, target, logits, labels).loss(), restored, r.gradRestored(),
                1e-6, "grad_restored");
        GradientCheck.assertGradient(x -> loss.compute(restored, target, x, labels).loss(), logits, r.gradLogits(),
                1e-6, "grad_logits");
    }

    @Test
    public void rejectsBadInput() {
        TransVwLoss loss = new TransVwLoss();
        INDArray cube = GradientCheck.randn(54, 2, 1, 4, 4, 2);
        INDArray logits = GradientCheck.randn(55, 2, 3);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> loss.compute(cube, GradientCheck.randn(56, 2, 1, 4, 4, 3), logits, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("target [2, 1, 4, 4, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> loss.compute(cube.reshape(2, 1, 16, 2), cube.reshape(2, 1, 16, 2), logits, new int[] {0, 1}));
        assertThrows(IllegalArgumentException.class,
                () -> loss.compute(cube, cube, GradientCheck.randn(57, 3, 3), new int[] {0, 1, 2}));
        assertThrows(IllegalArgumentException.class, () -> loss.compute(cube, cube, logits, new int[] {0, 3}));
        INDArray bad = logits.dup();
        bad.putScalar(0, 0, Double.NaN);
        e = expectThrows(IllegalArgumentException.class, () -> loss.compute(cube, cube, bad, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("logits [2, 3]"), e.getMessage());
    }
}
