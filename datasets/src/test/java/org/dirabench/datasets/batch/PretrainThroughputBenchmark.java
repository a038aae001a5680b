package org.dirabench.datasets.batch;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.tasks.ChestXray14;
import org.dirabench.datasets.tasks.ImageRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the pretraining data pipeline in images per second: PNG decoding (or the in-memory cache) + DiRA's
 * two views with distortion and target + float32 ND4J batches, prefetched on 2 workers (both cores of the reference
 * machine), over the 1000 real NIH1000 images (64 × 64 PNGs; at 224 they are enlarged). One operation is one image
 * ({@code @OperationsPerInvocation} = batch size), so the score reads directly as images/s.
 *
 * <p>Run: {@code mvn -B -pl datasets -Pbenchmark test-compile exec:exec} (datasets/pom.xml, profile
 * {@code benchmark}); {@code -Djmh.args='PretrainThroughput -p size=64'} narrows it.
 *
 * <p>Measured 2026-11-30 on the 2-core reference machine (Java 17, other jobs running: load average 2.5), batch 32,
 * 2 workers, images/s (JMH score, 3 × 5 s after 2 × 5 s warm-up): 64 px 3,000 decoding every PNG / 11,600 cached;
 * 224 px 670 decoding / 1,020 cached. Decoding a 64 × 64 PNG through javax.imageio dominates at 64 px.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class PretrainThroughputBenchmark {
    static final int BATCH = 32;

    /** Output side S in pixels. */
    @Param({"64", "224"})
    public int size;

    /** Decoded images kept in memory (true) or every PNG decoded again each time (false: load + augment). */
    @Param({"false", "true"})
    public boolean cache;

    private PretrainLoader loader;
    private PrefetchIterator<PretrainBatch> batches;
    private int epoch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        List<ImageRecord> all = ChestXray14.open(DataRoot.dataset("chestxray14_nih1000")).records();
        loader = PretrainLoader.builder(ImageSource.ofRecords(all, 1, cache), size, BATCH).seed(0).distort(true)
                .workers(2).prefetch(4).build();
        batches = loader.epoch(epoch);
    }

    /** @return the consumed batch's checksum input, so that nothing is optimised away */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        if (!batches.hasNext()) {
            batches.close();
            batches = loader.epoch(++epoch);
        }
        PretrainBatch b = batches.next();
        int n = b.indices()[0];
        // Release the off-heap buffers at once, as a training loop that is done with a batch would.
        b.view1().close();
        b.view2().close();
        if (b.target() != null) {
            b.target().close();
        }
        return n;
    }

    @TearDown(Level.Trial)
    public void close() {
        batches.close();
        loader.close();
    }
}
