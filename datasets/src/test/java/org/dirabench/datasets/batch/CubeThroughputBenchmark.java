package org.dirabench.datasets.batch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.dicom.DicomSeriesTest;
import org.dirabench.datasets.tasks.Candidate;
import org.dirabench.datasets.tasks.ClassificationTask3d;
import org.dirabench.datasets.tasks.CubeShape;
import org.dirabench.datasets.tasks.LidcIdri;
import org.dirabench.datasets.tasks.Luna16;
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
 * Throughput of the 3D cube pipeline in cubes per second at the paper's 64 × 64 × 32 (W × H × D): training batches
 * of 16 cubes [16, 1, 32, 64, 64] with ±4-voxel jitter and random flips, CT window, prefetched on 2 workers (both
 * cores of the reference machine), from the LUNA16 stand-in's candidates on the real LIDC-IDRI-0001 series
 * (512 × 512 × 133). One operation is one cube ({@code @OperationsPerInvocation} = batch size).
 *
 * <p>{@code bank = true}: every candidate's cube (with its jitter margin) was cut once beforehand ({@link
 * CubeLoader#precut()}), so a batch is copy, flip and window only; {@code bank = false}: every cube is cut from the
 * cached volume each time.
 *
 * <p>Run: {@code mvn -B -pl datasets -Pcpu,benchmark test-compile exec:exec -Djmh.args=CubeThroughput}.
 *
 * <p>Measured 2026-11-30 on the 2-core reference machine shared with other work (load average 7-8), Java 17, batch
 * 16, 2 workers, cubes/s (JMH score over 3 × 5 s after 2 × 5 s warm-up; the error bars are wide, ±4,600 and
 * ±18,900, because of the load): bank 2,360, no bank 2,790. Copying dominates, so banking barely matters once the
 * volume is cached. Before the batch arrays moved to JavaCPP memory the same run gave 256 and 224 cubes/s: ND4J's own
 * allocation of the 8 MB batch array took ~45 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class CubeThroughputBenchmark {
    static final int BATCH = 16;

    /** Cubes cut once and kept (true) or cut from the cached volume every time (false). */
    @Param({"true", "false"})
    public boolean bank;

    private CubeLoader loader;
    private PrefetchIterator<CubeBatch> batches;
    private int epoch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        DataRoot.dataset("lidc_idri_0001");
        LidcIdri.Case lidc = LidcIdri.readCase(DicomSeriesTest.lidcSeriesFolder().resolve("069.xml"));
        ClassificationTask3d task = Luna16.fromLidc(lidc, Luna16.StandInOptions.defaults()).task();
        List<Candidate> all = new ArrayList<>(task.split().train());
        all.addAll(task.split().val());
        all.addAll(task.split().test());
        loader = CubeLoader.candidates(task, all, CubeShape.MODELS_GENESIS, BATCH, CubeLoader.Mode.TRAIN).seed(0)
                .jitter(4).flips(true).bank(bank).workers(2).prefetch(4).build();
        loader.precut();
        batches = loader.epoch(epoch);
    }

    /** @return the consumed batch's first sample, so that nothing is optimised away */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int batch() {
        if (!batches.hasNext()) {
            batches.close();
            batches = loader.epoch(++epoch);
        }
        CubeBatch b = batches.next();
        int n = b.samples()[0];
        b.close();
        return n;
    }

    @TearDown(Level.Trial)
    public void close() {
        batches.close();
        loader.close();
    }
}
