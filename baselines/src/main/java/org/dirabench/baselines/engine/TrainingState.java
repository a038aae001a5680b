package org.dirabench.baselines.engine;

/**
 * The counters a checkpoint stores besides the weights and optimiser state. All randomness of a run derives from
 * ({@code seed}, epoch, batch/step) (counter-based streams: {@link StepContext#random}, the data loader's per-sample
 * streams), so these counters are the complete random-number-generator state.
 *
 * @param step           next global step to run
 * @param epoch          epoch of that step
 * @param batch          batch within the epoch of that step
 * @param seed           the run's seed
 * @param elapsedSeconds training wall time so far (over all sessions)
 * @param bestValLoss    lowest validation loss so far ({@code NaN} if none)
 * @param bestEpoch      epoch of it (-1 if none)
 */
public record TrainingState(long step, int epoch, int batch, long seed, double elapsedSeconds, double bestValLoss,
        int bestEpoch) {
}
