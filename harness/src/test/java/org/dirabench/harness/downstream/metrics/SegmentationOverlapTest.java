package org.dirabench.harness.downstream.metrics;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.Test;

public class SegmentationOverlapTest {
    @Test
    public void matchesGolden() {
        Golden g = Golden.load("metrics_small.json");
        SegmentationOverlap.Result r = SegmentationOverlap.of(g.array("pred_mask"), g.array("true_mask"));
        Golden.assertClose(r.dice(), g.scalar("dice"), 1e-6, "dice");
        Golden.assertClose(r.iou(), g.scalar("iou"), 1e-6, "iou");
        assertEquals(r.truePositives(), 22);
        assertEquals(r.falsePositives(), 35);
        assertEquals(r.falseNegatives(), 33);
    }

    @Test
    public void thresholdIsStrictAndAppliesToThePredictionOnly() {
        INDArray p = Nd4j.create(new double[] {0.2, 0.5, 0.7, 0.9}, 1, 1, 2, 2);
        INDArray t = Nd4j.create(new double[] {0.0, 1.0, 1.0, 0.0}, 1, 1, 2, 2);
        SegmentationOverlap.Result half = SegmentationOverlap.of(p, t);      // predicted {0.7, 0.9}
        assertEquals(half.truePositives(), 1);
        assertEquals(half.falsePositives(), 1);
        assertEquals(half.falseNegatives(), 1);
        assertEquals(half.dice(), 0.5, 1e-15);
        assertEquals(half.iou(), 1.0 / 3, 1e-15);
        SegmentationOverlap.Result low = SegmentationOverlap.at(p, t, 0.3);  // predicted {0.5, 0.7, 0.9}
        assertEquals(low.dice(), 4.0 / 5, 1e-15);
        assertEquals(low.iou(), 2.0 / 3, 1e-15);
    }

    @Test
    public void matchesCountingAtAnotherThresholdOnGoldenProbabilities() {
        Golden g = Golden.load("metrics_small.json");
        INDArray prob = g.array("prob");
        INDArray truth = g.array("true_mask");
        double[] p = prob.data().asDouble();
        double[] t = truth.data().asDouble();
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < p.length; i++) {
            boolean pp = p[i] > 0.35;
            boolean tt = t[i] > 0.5;
            tp += pp && tt ? 1 : 0;
            fp += pp && !tt ? 1 : 0;
            fn += !pp && tt ? 1 : 0;
        }
        SegmentationOverlap.Result r = SegmentationOverlap.at(prob, truth, 0.35);
        assertEquals(r.dice(), 2.0 * tp / (2 * tp + fp + fn), 1e-15);
        assertEquals(r.iou(), (double) tp / (tp + fp + fn), 1e-15);
    }

    @Test
    public void emptyMasksAgreePerfectly() {
        INDArray zeros = Nd4j.zeros(2, 1, 3, 3, 3);
        SegmentationOverlap.Result r = SegmentationOverlap.of(zeros, zeros.dup());
        assertEquals(r.dice(), 1.0);
        assertEquals(r.iou(), 1.0);
    }

    @Test
    public void rejectsBadInput() {
        INDArray a = GradientCheck.randn(92, 2, 1, 4, 4);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> SegmentationOverlap.of(a, GradientCheck.randn(93, 2, 1, 4, 3)));
        assertTrue(e.getMessage().contains("truth [2, 1, 4, 3]"), e.getMessage());
        INDArray bad = a.dup();
        bad.putScalar(new long[] {0, 0, 1, 1}, Double.NaN);
        e = expectThrows(IllegalArgumentException.class, () -> SegmentationOverlap.of(bad, a));
        assertTrue(e.getMessage().contains("prediction [2, 1, 4, 4]") && e.getMessage().contains("NaN"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SegmentationOverlap.of(a.reshape(2, 16), a.reshape(2, 16)));
        assertThrows(IllegalArgumentException.class, () -> SegmentationOverlap.at(a, a, Double.NaN));
    }
}
