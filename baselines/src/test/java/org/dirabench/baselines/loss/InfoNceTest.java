package org.dirabench.baselines.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class InfoNceTest {
    @DataProvider
    public Object[][] goldenFiles() {
        return new Object[][] {{"moco_infonce_small.json"}, {"moco_infonce_t007.json"}};
    }

    @Test(dataProvider = "goldenFiles")
    public void matchesGoldenInDouble(String file) {
        Golden g = Golden.load(file);
        INDArray q = g.array("q_raw");
        INDArray qBefore = q.dup();
        InfoNce.Result r = new InfoNce(g.scalar("temperature")).compute(q, g.array("k_raw"), g.array("queue_dxK"));
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-6, file + " loss");
        Golden.assertClose(r.logits(), g.array("logits"), 1e-6, file + " logits");
        Golden.assertClose(r.gradQueryRaw(), g.array("grad_q_raw"), 1e-6, file + " grad_q_raw");
        assertEquals(q, qBefore, "q_raw must not be modified");
    }

    @Test
    public void matchesGoldenInFloat32() {
        Golden g = Golden.load("moco_infonce_small.json");
        InfoNce.Result r = new InfoNce(g.scalar("temperature")).compute(g.array("q_raw").castTo(DataType.FLOAT),
                g.array("k_raw").castTo(DataType.FLOAT), g.array("queue_dxK").castTo(DataType.FLOAT));
        assertEquals(r.gradQueryRaw().dataType(), DataType.FLOAT);
        assertEquals(r.logits().dataType(), DataType.FLOAT);
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-4, "float32 loss");
        Golden.assertClose(r.logits(), g.array("logits"), 1e-4, "float32 logits");
        Golden.assertClose(r.gradQueryRaw(), g.array("grad_q_raw"), 1e-4, "float32 grad_q_raw");
    }

    @Test
    public void gradientMatchesFiniteDifferencesAtARandomPoint() {
        INDArray q = GradientCheck.randn(11, 5, 6);
        INDArray k = GradientCheck.randn(12, 5, 6);
        INDArray raw = GradientCheck.randn(13, 6, 9);
        INDArray queue = raw.divRowVector(raw.norm2(true, 0));
        InfoNce loss = new InfoNce(0.2);
        InfoNce.Result r = loss.compute(q, k, queue);
        GradientCheck.assertGradient(x -> loss.compute(x, k, queue).loss(), q, r.gradQueryRaw(), 1e-6, "grad_q_raw");
    }

    @Test
    public void returnsTheNormalisedKeyForTheQueue() {
        INDArray k = GradientCheck.randn(3, 4, 6);
        InfoNce.Result r = new InfoNce(0.2).compute(GradientCheck.randn(2, 4, 6), k,
                Nd4j.eye(6).castTo(DataType.DOUBLE));
        Golden.assertClose(r.key(), k.divColumnVector(k.norm2(true, 1)), 1e-12, "key");
    }

    @Test
    public void aZeroQueryRowIsClampedAsFNormalizeDoes() {
        INDArray q = GradientCheck.randn(4, 3, 6);
        q.getRow(1).assign(0);
        InfoNce.Result r = new InfoNce(0.2).compute(q, GradientCheck.randn(5, 3, 6), Nd4j.eye(6).castTo(DataType.DOUBLE));
        assertTrue(Double.isFinite(r.loss()));
        assertTrue(Double.isFinite(r.gradQueryRaw().sumNumber().doubleValue()));
    }

    @Test
    public void rejectsBadInput() {
        InfoNce loss = new InfoNce(0.2);
        INDArray q = GradientCheck.randn(1, 4, 8);
        INDArray k = GradientCheck.randn(2, 4, 8);
        INDArray queue = GradientCheck.randn(3, 8, 16);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> loss.compute(q, GradientCheck.randn(2, 4, 7), queue));
        assertTrue(e.getMessage().contains("k_raw [4, 7]"), e.getMessage());
        e = expectThrows(IllegalArgumentException.class, () -> loss.compute(q, k, GradientCheck.randn(3, 7, 16)));
        assertTrue(e.getMessage().contains("queue [7, 16]"), e.getMessage());
        INDArray bad = q.dup();
        bad.putScalar(2, 3, Double.NaN);
        e = expectThrows(IllegalArgumentException.class, () -> loss.compute(bad, k, queue));
        assertTrue(e.getMessage().contains("q_raw [4, 8]") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.compute(q, k.castTo(DataType.FLOAT), queue));
        assertThrows(IllegalArgumentException.class, () -> loss.compute(q.reshape(4, 2, 4), k, queue));
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(0));
        assertThrows(IllegalArgumentException.class, () -> new InfoNce(Double.NaN));
    }
}
