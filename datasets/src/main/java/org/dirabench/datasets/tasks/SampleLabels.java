package org.dirabench.datasets.tasks;

import java.util.random.RandomGenerator;

/**
 * The label vector a classification loader puts into a batch for one record, drawn each time the record is loaded.
 * Most tasks use {@link #FIXED} (the record's own labels); CheXpert's LSR-Ones policy re-draws each uncertain label
 * from U(0.55, 0.85) at every load, as BTL's {@code CheXpertDataset.__getitem__} does (BTL dataloader.py:L144-L214,
 * REFERENCE.md §3.1, §6 P7).
 *
 * <p>Implementations must be deterministic given the generator (the loader seeds it from (seed, epoch, position),
 * so batches stay reproducible) and thread-safe (workers call it concurrently with their own generators).
 */
@FunctionalInterface
public interface SampleLabels {
    /** The record's own labels, no randomness. */
    SampleLabels FIXED = (record, rng) -> record.labels();

    /**
     * @param record the record being loaded
     * @param rng this load's generator; an implementation that needs no randomness ignores it
     * @return the L labels, in [0, 1], in the task's label order
     */
    float[] draw(ImageRecord record, RandomGenerator rng);
}
