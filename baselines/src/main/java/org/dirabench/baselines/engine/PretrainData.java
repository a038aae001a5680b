package org.dirabench.baselines.engine;

import org.dirabench.datasets.batch.PretrainBatch;
import java.util.Iterator;

/**
 * The batches of a pretraining run. Implementations must be deterministic: the same (seed, epoch, batch) always gives
 * the same batch, so that an interrupted run resumes exactly where it stopped.
 */
public interface PretrainData extends AutoCloseable {
    /** @return full batches per epoch (the ragged last batch is dropped) */
    int batchesPerEpoch();

    /** @return images per batch N */
    int batchSize();

    /**
     * @param epoch      epoch, from 0
     * @param firstBatch index of the first batch to produce (&gt; 0 when resuming mid-epoch)
     * @return the epoch's batches from {@code firstBatch} on
     */
    Iterator<PretrainBatch> epoch(int epoch, int firstBatch);

    /** @return a short description for logs and the manifest (dataset, size, source) */
    String describe();

    @Override
    default void close() {
    }

    /**
     * Adapts the datasets module's prefetching loader.
     *
     * @param loader      the loader (closed with this)
     * @param description for logs and manifests
     * @return the data
     */
    static PretrainData of(org.dirabench.datasets.batch.PretrainLoader loader, String description) {
        return new PretrainData() {
            @Override
            public int batchesPerEpoch() {
                return loader.batchesPerEpoch();
            }

            @Override
            public int batchSize() {
                return loader.batchSize();
            }

            @Override
            public Iterator<PretrainBatch> epoch(int epoch, int firstBatch) {
                return loader.epoch(epoch, firstBatch);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public void close() {
                loader.close();
            }
        };
    }
}
