package org.dirabench.datasets.split;

import java.util.List;

/**
 * Train / validation / test lists of one task. The lists are unmodifiable copies; a sample appears in at most one.
 *
 * @param train training samples (fine-tuning, or pretraining)
 * @param val validation samples (early stopping, model selection, pretraining validation loss)
 * @param test held-out test samples (the reported metric)
 * @param <T> the sample type
 */
public record Split<T extends PatientSample>(List<T> train, List<T> val, List<T> test) {
    /** Copies the lists. */
    public Split {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }

    /** @return the number of samples in all three parts */
    public int size() {
        return train.size() + val.size() + test.size();
    }

    /**
     * @param newTrain replacement training list (e.g. a label fraction of {@link #train()})
     * @return a split with the same validation and test lists
     */
    public Split<T> withTrain(List<T> newTrain) {
        return new Split<>(newTrain, val, test);
    }

    /**
     * @return this split
     * @throws IllegalStateException when a patient has samples in more than one part, see
     *     {@link PatientDisjointness#check(Split)}
     */
    public Split<T> requirePatientDisjoint() {
        PatientDisjointness.check(this);
        return this;
    }

    @Override
    public String toString() {
        return "Split[train=" + train.size() + ", val=" + val.size() + ", test=" + test.size() + "]";
    }
}
