package org.dirabench.datasets.batch;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Batches {@code first, first+1, …, end−1} of one epoch, prepared ahead on a thread pool.
 *
 * <p>Up to {@code depth} batches are submitted ahead of the consumer; {@link #next()} waits for the oldest, returns
 * it and submits one more. Batches are returned in order whatever the number of workers. A worker's exception is
 * re-thrown by {@link #next()} on the consumer's thread as a {@link DataLoadingException} whose message names the
 * image file. {@link #close()} cancels the batches still in flight (call it when leaving an epoch early). Without a
 * pool, batches are made on the consumer's thread.
 *
 * <p>Single-use and not thread-safe; {@link #iterator()} returns this iterator once so that it can be used in a
 * for-each loop.
 *
 * @param <B> the batch type
 */
public final class PrefetchIterator<B> implements Iterator<B>, Iterable<B>, AutoCloseable {
    private final ExecutorService pool;
    private final int end;
    private final int depth;
    private final IntFunction<B> make;
    private final ArrayDeque<Future<B>> inFlight = new ArrayDeque<>();
    private int nextToSubmit;
    private int nextToReturn;
    private boolean iterated;
    private boolean closed;

    PrefetchIterator(ExecutorService pool, int first, int end, int depth, IntFunction<B> make) {
        if (first < 0 || first > end) {
            throw new IllegalArgumentException("first batch " + first + " outside [0, " + end + "]");
        }
        this.pool = pool;
        this.end = end;
        this.depth = Math.max(1, depth);
        this.make = make;
        this.nextToSubmit = first;
        this.nextToReturn = first;
    }

    @Override
    public boolean hasNext() {
        return !closed && nextToReturn < end;
    }

    /**
     * @return the next batch
     * @throws DataLoadingException when preparing it failed (the message names the image)
     * @throws NoSuchElementException after the last batch or after {@link #close()}
     */
    @Override
    public B next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "iterator closed" : "no batch after " + (end - 1));
        }
        int index = nextToReturn++;
        if (pool == null) {
            return make.apply(index);
        }
        fill();
        Future<B> f = inFlight.poll();
        fill();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DataLoadingException("interrupted while waiting for batch " + index, e);
        } catch (ExecutionException e) {
            close();
            Throwable c = e.getCause();
            throw new DataLoadingException(c.getMessage() != null ? c.getMessage() : c.toString(), c);
        } catch (CancellationException e) {
            throw new DataLoadingException("batch " + index + " was cancelled (loader closed?)", e);
        }
    }

    private void fill() {
        while (inFlight.size() < depth && nextToSubmit < end) {
            int index = nextToSubmit++;
            try {
                inFlight.add(pool.submit(() -> make.apply(index)));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                closed = true;
                throw new DataLoadingException("cannot schedule batch " + index + ": the loader is closed", e);
            }
        }
    }

    /** Cancels the batches still being prepared; further {@link #hasNext()} calls return false. */
    @Override
    public void close() {
        closed = true;
        for (Future<B> f : inFlight) {
            f.cancel(true);
        }
        inFlight.clear();
    }

    @Override
    public Iterator<B> iterator() {
        if (iterated) {
            throw new IllegalStateException("a PrefetchIterator can be iterated once");
        }
        iterated = true;
        return this;
    }
}
