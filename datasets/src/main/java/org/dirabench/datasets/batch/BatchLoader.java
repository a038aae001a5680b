package org.dirabench.datasets.batch;

import java.util.concurrent.ExecutorService;
import org.dirabench.datasets.backend.NativeBackend;

/**
 * What every loader does the same way: an epoch is an order of the samples ({@link #order(int)}) cut into
 * {@link #batchesPerEpoch()} batches, made by {@link #make(int, int, int[])} on a pool of prefetch workers
 * ({@link PrefetchIterator}), from any batch on (resume), or one at a time on the caller's thread.
 *
 * @param <B> the batch type
 */
public abstract class BatchLoader<B> implements AutoCloseable {
    static {
        NativeBackend.configure();
    }

    private final ExecutorService pool;
    private final int prefetch;

    /**
     * The prefetch settings every loader's builder shares; {@link BatchLoader}'s constructor checks them.
     *
     * @param <S> the concrete builder, returned by the setters
     */
    public abstract static class Builder<S extends Builder<S>> {
        int workers = 2;
        int prefetch = 4;

        /** @return this; prefetch threads, 0 = prepare on the consumer's thread (default 2) */
        public S workers(int w) {
            this.workers = w;
            return self();
        }

        /** @return this; batches prepared ahead of the consumer, ≥ 1 (default 4) */
        public S prefetch(int p) {
            this.prefetch = p;
            return self();
        }

        @SuppressWarnings("unchecked")
        private S self() {
            return (S) this;
        }
    }

    BatchLoader(int workers, int prefetch, String threadName) {
        if (prefetch < 1 || workers < 0) {
            throw new IllegalArgumentException("prefetch must be >= 1 and workers >= 0, got " + prefetch + ", "
                    + workers);
        }
        this.pool = BatchArrays.pool(workers, threadName);
        this.prefetch = prefetch;
    }

    /** @return the number of batches in an epoch */
    public abstract int batchesPerEpoch();

    /**
     * @param epoch the epoch, from 0
     * @return the sample order of that epoch (a permutation of the sample indices)
     */
    public abstract int[] order(int epoch);

    /** Makes batch {@code batch} of {@code epoch} from the epoch's {@code order}; called on worker threads. */
    abstract B make(int epoch, int batch, int[] order);

    /** @return the batches of an epoch from the first */
    public PrefetchIterator<B> epoch(int epoch) {
        return epoch(epoch, 0);
    }

    /**
     * @param epoch the epoch, from 0
     * @param firstBatch the batch to start from (resume), 0 ≤ firstBatch ≤ {@link #batchesPerEpoch()}
     * @return batches {@code firstBatch..batchesPerEpoch()−1}, prefetched; close it when leaving the epoch early
     */
    public PrefetchIterator<B> epoch(int epoch, int firstBatch) {
        int[] order = order(epoch);
        return new PrefetchIterator<>(pool, firstBatch, batchesPerEpoch(), prefetch, b -> make(epoch, b, order));
    }

    /**
     * Prepares one batch on the calling thread.
     *
     * @return batch {@code batch} of epoch {@code epoch}, equal to the one {@link #epoch(int)} yields
     * @throws IndexOutOfBoundsException when there is no such batch
     * @throws DataLoadingException when an image cannot be read
     */
    public B batch(int epoch, int batch) {
        if (batch < 0 || batch >= batchesPerEpoch()) {
            throw new IndexOutOfBoundsException("batch " + batch + " of " + batchesPerEpoch());
        }
        return make(epoch, batch, order(epoch));
    }

    /** Stops the prefetch workers; iterators still open fail on their next batch instead of waiting. */
    @Override
    public void close() {
        BatchArrays.shutdown(pool);
    }
}
