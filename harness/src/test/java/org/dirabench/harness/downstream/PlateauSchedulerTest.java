package org.dirabench.harness.downstream;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class PlateauSchedulerTest {

    @Test
    public void halvesAfterPatienceAndStopsAfterStopPatienceLikePyTorch() {
        PlateauScheduler p = new PlateauScheduler(2e-4, 0.5, 2, 4);
        assertTrue(p.step(1.0));
        assertFalse(p.step(1.0)); // 1 bad
        assertFalse(p.step(0.99995)); // within the 1e-4 relative threshold: still bad (2)
        assertEquals(p.learningRate(), 2e-4);
        assertFalse(p.step(1.1)); // 3 bad > patience 2: reduce
        assertEquals(p.learningRate(), 1e-4, 1e-18);
        assertFalse(p.shouldStop());
        assertFalse(p.step(1.2)); // 4 epochs since the best
        assertTrue(p.shouldStop());
        assertEquals(p.best(), 1.0);
    }
}
