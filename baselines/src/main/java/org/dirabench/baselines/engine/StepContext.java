package org.dirabench.baselines.engine;

import java.util.SplittableRandom;

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
    /**
     * A random stream owned by this step and a purpose, derived from (seed, step, purpose) only, so that a resumed
     * run draws exactly what an uninterrupted one draws.
     *
     * @param purpose distinguishes independent streams of the same step (e.g. 1 = shuffle-BN permutation)
     * @return a new generator
     */
    public SplittableRandom random(int purpose) {
        long mixed = seed * 0x9E3779B97F4A7C15L + step * 0xBF58476D1CE4E5B9L + purpose * 0x94D049BB133111EBL;
        return new SplittableRandom(mixed ^ (training ? 0 : 0x5DEECE66DL));
    }
}
