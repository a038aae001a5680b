package org.dirabench.baselines.engine;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.dirabench.baselines.method.MocoV2;
import org.dirabench.datasets.batch.PretrainBatch;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Step time of MoCo v2 pretraining on the width-1 ResNet-50 encoder, in milliseconds per step: the query encoder
 * with its projection head (GAP(f5) → 2048 → ReLU → 128) forward and backward through the engine's external-loss
 * path, weight decay and SGD with momentum, plus the key encoder's forward pass, the momentum update (m = 0.999) and
 * the enqueue into a queue of K = 65,536 keys (REFERENCE.md §1.1, §5.1). One operation is one
 * {@link Pretrainer.Steps#train} call, the code path of a real run; input is a fixed random float32 batch (step
 * time does not depend on pixel values).
 *
 * <p>Shapes: {@code 64x16} is [16, 3, 64, 64] per view, {@code 224x8} is [8, 3, 224, 224].
 *
 * <p>Run: {@code mvn -B -pl datasets,baselines -am -Pbenchmark -DskipTests install} once, then
 * {@code mvn -B -pl baselines -Pbenchmark test-compile exec:exec} (baselines/pom.xml, profile {@code benchmark});
 * {@code -Djmh.args='MocoStep -p shape=64x16'} narrows it.
 *
 * <p>Measured 2026-11-30 on the 2-core reference machine (AMD EPYC with AVX-512, onednn-avx512 build, idle):
 * 1,800 ms/step at 64x16 and 5,470 ms/step at 224x8 (JMH, 3 × 20 s after 2 × 10 s warm-up); docs/BACKEND.md
 * compares them with the plain U-Net step times of PyTorch and DL4J.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 20)
public class MocoStepBenchmark {
    /** Side S in pixels x batch size N. */
    @Param({"64x16", "224x8"})
    public String shape;

    private Pretrainer.Steps steps;
    private PretrainBatch batch;
    private long step;

    @Setup(Level.Trial)
    public void open() {
        String[] p = shape.split("x");
        int size = Integer.parseInt(p[0]);
        int n = Integer.parseInt(p[1]);
        MocoV2 moco = new MocoV2(new MocoV2.Options(128, 0, 65536, 0.999, 0.2, 1), n);
        PretrainConfig cfg = new PretrainConfig(200, size, 1, 3, OptimizerConfig.mocoV2(), 1L, 0, DataType.FLOAT,
                1);
        // openSteps() writes nothing: the folder only names the run
        steps = new Pretrainer(cfg, moco, null, null, Path.of("moco-step-benchmark")).openSteps();
        Nd4j.getRandom().setSeed(7);
        batch = PretrainBatches.of(Nd4j.rand(DataType.FLOAT, n, 3, size, size),
                Nd4j.rand(DataType.FLOAT, n, 3, size, size), null, new int[n]);
    }

    /** @return the step's loss, so that nothing is optimised away */
    @Benchmark
    public double step() {
        return steps.train(batch, step++).total();
    }

    @TearDown(Level.Trial)
    public void close() {
        steps.close();
    }
}
