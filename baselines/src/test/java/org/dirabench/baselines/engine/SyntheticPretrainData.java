package org.dirabench.baselines.engine;

import org.dirabench.datasets.batch.PretrainBatch;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Deterministic random batches for engine tests: batch (epoch, b) is a function of (seed, epoch, b) only. The two
 * views share a base image plus independent noise, so the contrastive task is learnable. Optionally throws at a given
 * global batch to simulate a killed run.
 */
public final class SyntheticPretrainData implements PretrainData {
    private final int batches;
    private final int n;
    private final int c;
    private final int s;
    private final long seed;
    private final DataType type;
    private final boolean target;
    private long failAt = -1;
    private long produced;

    public SyntheticPretrainData(int batches, int n, int c, int s, long seed, DataType type, boolean target) {
        this.batches = batches;
        this.n = n;
        this.c = c;
        this.s = s;
        this.seed = seed;
        this.type = type;
        this.target = target;
    }

    /** Makes the data source throw when asked for its {@code k}-th batch (counting from 0 over all epochs). */
    public SyntheticPretrainData failingAt(long k) {
        this.failAt = k;
        return this;
    }

    @Override
    public int batchesPerEpoch() {
        return batches;
    }

    @Override
    public int batchSize() {
        return n;
    }

    @Override
    public Iterator<PretrainBatch> epoch(int epoch, int firstBatch) {
        return new Iterator<>() {
            int b = firstBatch;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public PretrainBatch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                if (produced++ == failAt) {
                    throw new IllegalStateException("simulated crash before batch " + b + " of epoch " + epoch);
                }
                return make(epoch, b++);
            }
        };
    }

    private PretrainBatch make(int epoch, int b) {
        SplittableRandom r = new SplittableRandom(seed * 31 + epoch * 1_000_003L + b);
        int len = n * c * s * s;
        double[] base = new double[len];
        double[] v1 = new double[len];
        double[] v2 = new double[len];
        for (int i = 0; i < len; i++) {
            base[i] = r.nextDouble();
            v1[i] = clamp(base[i] + 0.1 * (r.nextDouble() - 0.5));
            v2[i] = clamp(base[i] + 0.1 * (r.nextDouble() - 0.5));
        }
        long[] shape = {n, c, s, s};
        INDArray t = null;
        if (target) {
            t = Nd4j.create(base, shape).castTo(type).mean(true, 1);
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = b * n + i;
        }
        return PretrainBatches.of(Nd4j.create(v1, shape).castTo(type), Nd4j.create(v2, shape).castTo(type), t, idx);
    }

    private static double clamp(double x) {
        return Math.max(0, Math.min(1, x));
    }

    @Override
    public String describe() {
        return "synthetic " + batches + "x" + n + " images " + c + "x" + s + "x" + s;
    }
}
