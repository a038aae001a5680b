package org.dirabench.baselines.engine;

/** A loss or gradient became NaN or infinite; the message names the step and the loss terms. */
public class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
