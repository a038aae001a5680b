package org.dirabench.datasets.batch;

import java.nio.FloatBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dirabench.datasets.backend.NativeBackend;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.views.Normalization;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What both loaders share: float32 ND4J arrays filled in place (no heap copy of the batch) and the worker pool.
 */
final class BatchArrays {
    static {
        NativeBackend.configure();
    }

    private BatchArrays() {
    }

    /** @return an uninitialised float32 array in C order, detached from any workspace */
    static INDArray allocate(long... shape) {
        return Nd4j.createUninitialized(DataType.FLOAT, shape, 'c');
    }

    /**
     * A float32 array in C order on memory this class allocates through JavaCPP, for the cube loader's large batches:
     * ND4J's own allocation costs about 5 ms per MB on the reference machine (8 MB: ~45 ms, measured 2026-11-30,
     * Nd4j.createUninitialized), a JavaCPP allocation a fraction of a millisecond. {@link Owned#free()} releases the
     * memory at once ({@code INDArray.close()} alone does not: the memory is not ND4J's and would wait for the
     * garbage collector).
     *
     * @param array the array (detached, C order)
     * @param memory its memory
     */
    record Owned(INDArray array, org.bytedeco.javacpp.FloatPointer memory) {
        /** Closes the array and frees its memory; the array must not be used afterwards. */
        void free() {
            if (!array.wasClosed()) {
                array.close();
            }
            memory.deallocate();
        }
    }

    /** @return an uninitialised float32 array in C order on JavaCPP memory, see {@link Owned} */
    static Owned allocateOwned(long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        org.bytedeco.javacpp.FloatPointer p = new org.bytedeco.javacpp.FloatPointer(n);
        org.nd4j.linalg.api.buffer.DataBuffer db = Nd4j.createBuffer(p, DataType.FLOAT, n,
                org.bytedeco.javacpp.indexer.FloatIndexer.create(p));
        return new Owned(Nd4j.create(db, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', DataType.FLOAT), p);
    }

    /** @return a direct view of the array's float buffer for absolute puts */
    static FloatBuffer buffer(INDArray arr) {
        return arr.data().asNioFloat();
    }

    /**
     * Writes one image as row {@code row} of an [N, channels, H, W] array, replicating a 1-channel image into every
     * channel and normalising per channel.
     */
    static void put(FloatBuffer dst, int row, int channels, Image2d img, Normalization norm) {
        int plane = img.height() * img.width();
        int base = row * channels * plane;
        float[] src = img.data();
        if (img.channels() != 1 && img.channels() != channels) {
            throw new IllegalStateException("cannot write a " + img.channels() + "-channel image into " + channels
                    + " channels");
        }
        for (int c = 0; c < channels; c++) {
            int from = img.channels() == 1 ? 0 : c * plane;
            if (norm == Normalization.NONE) {
                dst.put(base + c * plane, src, from, plane);
            } else {
                float mean = norm.mean(c);
                float inv = 1f / norm.std(c);
                for (int i = 0; i < plane; i++) {
                    dst.put(base + c * plane + i, (src[from + i] - mean) * inv);
                }
            }
        }
    }

    /** @return a fixed pool of daemon threads named {@code name-k}, or null for 0 workers */
    static ExecutorService pool(int workers, String name) {
        if (workers < 0) {
            throw new IllegalArgumentException("workers must be >= 0, got " + workers);
        }
        if (workers == 0) {
            return null;
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread t = new Thread(r, name + "-" + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(workers, f);
    }

    /** Interrupts the workers, cancels queued batches and waits up to 10 s for the workers to end. */
    static void shutdown(ExecutorService pool) {
        if (pool == null) {
            return;
        }
        // Tasks that never started would leave their futures pending for ever: cancel them so a consumer still
        // waiting on one gets a CancellationException instead of hanging.
        for (Runnable r : pool.shutdownNow()) {
            if (r instanceof java.util.concurrent.Future<?> f) {
                f.cancel(false);
            }
        }
        try {
            if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("prefetch workers did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
