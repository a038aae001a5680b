package org.dirabench.harness.downstream;

/**
 * Reduce-on-plateau learning rate and early stopping on the validation loss, as BenchmarkTransferLearning fine-tunes
 * ({@code ReduceLROnPlateau(factor 0.5, patience 5)} with PyTorch's defaults mode {@code min}, relative threshold
 * 1e-4; early stopping after {@code patience} epochs without a new best; {@code engine.py:L69-L122},
 * REFERENCE.md §3.1).
 */
public final class PlateauScheduler {
    private static final double THRESHOLD = 1e-4;
    private final double factor;
    private final int plateauPatience;
    private final int stopPatience;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private int sinceBest;

    /**
     * @param lr              initial learning rate
     * @param factor          multiplier at a plateau (0.5)
     * @param plateauPatience epochs without improvement before reducing (5 at paper scale)
     * @param stopPatience    epochs without a new best before stopping (10 at paper scale)
     */
    public PlateauScheduler(double lr, double factor, int plateauPatience, int stopPatience) {
        this.lr = lr;
        this.factor = factor;
        this.plateauPatience = plateauPatience;
        this.stopPatience = stopPatience;
    }

    /**
     * Records an epoch's validation loss.
     *
     * @param valLoss the loss
     * @return whether it is a new best (the model to keep)
     */
    public boolean step(double valLoss) {
        boolean improved = valLoss < best * (1 - THRESHOLD);
        if (improved) {
            best = valLoss;
            badEpochs = 0;
            sinceBest = 0;
        } else {
            badEpochs++;
            sinceBest++;
            if (badEpochs > plateauPatience) {
                lr *= factor;
                badEpochs = 0;
            }
        }
        return improved;
    }

    /** @return the learning rate for the next epoch */
    public double learningRate() {
        return lr;
    }

    /** @return whether training should stop */
    public boolean shouldStop() {
        return sinceBest >= stopPatience;
    }

    /** @return the best validation loss so far */
    public double best() {
        return best;
    }
}
