package org.dirabench.baselines.engine;

import java.util.SplittableRandom;
import org.dirabench.datasets.batch.Seeds;

/**
 * Where a step is in the run.
 *
 * @param step     global optimisation step, from 0
 * @param epoch    epoch, from 0
 * @param batch    batch within the epoch, from 0
 * @param training false during validation (no updates, no queue changes)
 * @param seed     the run's seed
 */
public record StepContext(long step, int epoch, int batch, boolean training, long seed) {
    /** Stream id of per-step randomness, apart from the data loader's streams ({@link Seeds}). */
    private static final long STEP_STREAM = 101;

    /**
     * A random stream owned by this step and a purpose, derived from (seed, step, purpose) only, so that a resumed
     * run draws exactly what an uninterrupted one draws.
     *
     * @param purpose distinguishes independent streams of the same step (e.g. 1 = shuffle-BN permutation)
     * @return a new generator
     */
    public SplittableRandom random(int purpose) {
        return new SplittableRandom(Seeds.mix(seed, STEP_STREAM, step, purpose, training ? 1 : 0));
    }
}
