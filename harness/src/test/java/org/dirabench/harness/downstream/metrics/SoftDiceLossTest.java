package org.dirabench.harness.downstream.metrics;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.testng.annotations.Test;

public class SoftDiceLossTest {
    @Test
    public void matchesGoldenInDoubleAndFloat32() {
        Golden g = Golden.load("metrics_small.json");
        INDArray prob = g.array("prob");
        INDArray before = prob.dup();
        SoftDiceLoss loss = new SoftDiceLoss();
        Golden.assertClose(loss.compute(prob, g.array("true_mask")).loss(), g.scalar("dice_loss"), 1e-6, "dice_loss");
        assertEquals(prob, before, "prob must not be modified");
        SoftDiceLoss.Result f = loss.compute(prob.castTo(DataType.FLOAT), g.array("true_mask").castTo(DataType.FLOAT));
        assertEquals(f.gradPrediction().dataType(), DataType.FLOAT);
        Golden.assertClose(f.loss(), g.scalar("dice_loss"), 1e-4, "float32 dice_loss");
    }

    @Test
    public void gradientMatchesFiniteDifferencesOnGoldenAndRandomInputs() {
        Golden g = Golden.load("metrics_small.json");
        INDArray truth = g.array("true_mask");
        INDArray prob = g.array("prob");
        SoftDiceLoss loss = new SoftDiceLoss();
        GradientCheck.assertGradient(x -> loss.compute(x, truth).loss(), prob, loss.compute(prob, truth)
                .gradPrediction(), 1e-6, "golden point");

        INDArray p = Transforms.sigmoid(GradientCheck.randn(94, 2, 1, 3, 4, 2), true);
        INDArray t = GradientCheck.randn(95, 2, 1, 3, 4, 2).gt(0.3).castTo(DataType.DOUBLE);
        SoftDiceLoss smooth = new SoftDiceLoss(0.5);
        GradientCheck.assertGradient(x -> smooth.compute(x, t).loss(), p, smooth.compute(p, t).gradPrediction(), 1e-6,
                "random 3D point");
    }

    @Test
    public void rejectsBadInput() {
        SoftDiceLoss loss = new SoftDiceLoss();
        INDArray a = GradientCheck.randn(96, 2, 1, 4, 4);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> loss.compute(a, GradientCheck.randn(97, 2, 2, 4, 4)));
        assertTrue(e.getMessage().contains("truth [2, 2, 4, 4]"), e.getMessage());
        INDArray bad = a.dup();
        bad.putScalar(new long[] {1, 0, 1, 1}, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> loss.compute(bad, a));
        assertThrows(IllegalArgumentException.class, () -> loss.compute(a, a.castTo(DataType.FLOAT)));
        assertThrows(IllegalArgumentException.class, () -> new SoftDiceLoss(0));
    }
}
