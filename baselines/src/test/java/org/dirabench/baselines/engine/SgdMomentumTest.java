package org.dirabench.baselines.engine;

import static org.testng.Assert.assertEquals;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.testng.annotations.Test;

public class SgdMomentumTest {

    @Test
    public void followsPyTorchHeavyBallMomentum() {
        // torch.optim.SGD(lr, momentum=0.9): buf = g (first step), then buf = 0.9 buf + g; p -= lr buf
        SgdMomentum cfg = SgdMomentum.of(new Schedules.Constant(0.1), 0.9);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        GradientUpdater<SgdMomentum> u = cfg.instantiate(state, true);
        INDArray g1 = Nd4j.createFromArray(1.0, -2.0).reshape(1, 2);
        u.applyUpdater(g1, 0, 0);
        assertEquals(g1.getDouble(0), 0.1, 1e-15);
        assertEquals(g1.getDouble(1), -0.2, 1e-15);
        INDArray g2 = Nd4j.createFromArray(0.5, 0.5).reshape(1, 2);
        u.applyUpdater(g2, 1, 0);
        // buf = 0.9*[1,-2] + [0.5,0.5] = [1.4, -1.3]; update = 0.1 * buf
        assertEquals(g2.getDouble(0), 0.14, 1e-15);
        assertEquals(g2.getDouble(1), -0.13, 1e-15);
        assertEquals(u.getState().get("V").getDouble(0), 1.4, 1e-15);
    }

    @Test
    public void cosineAndStepSchedulesMatchMoCo() {
        Schedules.Cosine c = new Schedules.Cosine(0.03, 200);
        assertEquals(c.valueAt(0, 0), 0.03, 1e-15);
        assertEquals(c.valueAt(999, 100), 0.015, 1e-15);
        assertEquals(c.valueAt(0, 199), 0.03 * 0.5 * (1 + Math.cos(Math.PI * 199 / 200)), 1e-15);
        Schedules.MultiStep s = new Schedules.MultiStep(0.03, new int[] {160, 120}, 0.1);
        assertEquals(s.valueAt(0, 119), 0.03, 1e-15);
        assertEquals(s.valueAt(0, 120), 0.003, 1e-15);
        assertEquals(s.valueAt(0, 160), 0.0003, 1e-15);
    }

    @Test(expectedExceptions = IllegalArgumentException.class,
            expectedExceptionsMessageRegExp = ".*unknown schedule 'linear'.*")
    public void unknownScheduleIsRejected() {
        Schedules.of("linear", 0.1, 10, new int[0], 0.1);
    }

    @Test
    public void stateMapRoundTrip() {
        SgdMomentum cfg = SgdMomentum.of(0.1, 0.5);
        INDArray v = Nd4j.createFromArray(3.0, 4.0);
        GradientUpdater<SgdMomentum> u = cfg.instantiate(Map.of("V", v), false);
        assertEquals(u.getState().get("V"), v);
    }
}
