package org.dirabench.baselines.engine;

import org.dirabench.datasets.batch.PretrainBatch;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dirabench.baselines.method.MocoV2;
import org.dirabench.baselines.method.SelfSupervisedMethod;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class PretrainerTest {
    static final int N = 4;

    static PretrainConfig config(int epochs, int checkpointEvery) {
        return new PretrainConfig(epochs, 32, 16, 3, OptimizerConfig.mocoV2(), 7L, checkpointEvery, DataType.FLOAT, 1);
    }

    static MocoV2 moco() {
        return new MocoV2(new MocoV2.Options(16, 0, 8, 0.99, 0.2, 2), N);
    }

    static SyntheticPretrainData data() {
        return new SyntheticPretrainData(3, N, 3, 32, 11L, DataType.FLOAT, false);
    }

    @Test
    public void mocoRunWritesCurvesCheckpointAndARestorableModel() throws Exception {
        Path dir = Files.createTempDirectory("pretrain");
        Pretrainer.Result r = new Pretrainer(config(2, 0), moco(), data(), null, dir).run();
        assertEquals(r.stepsRun(), 6);
        List<String> lines = Files.readAllLines(dir.resolve("curves.csv"));
        assertEquals(lines.get(0), "step,epoch,stage,lr,loss,loss_dis,images_per_s,elapsed_s");
        assertEquals(lines.size(), 7);
        for (String l : lines.subList(1, 7)) {
            double loss = Double.parseDouble(l.split(",")[4]);
            assertTrue(Double.isFinite(loss) && loss > 0, l);
        }
        // lr follows the per-epoch cosine: epoch 1 of 2 → 0.03 * 0.5 * (1 + cos(pi/2)) = 0.015
        assertEquals(Double.parseDouble(lines.get(4).split(",")[3]), 0.015, 1e-12);
        for (String f : List.of("params.bin", "updater.bin", "state.json", "method/key_params.bin",
                "method/queue.bin")) {
            assertTrue(Files.exists(dir.resolve("checkpoint").resolve(f)), f);
        }
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(dir.resolve("model.zip").toFile(), false);
        assertEquals(restored.params(), r.graph().params(), "model.zip holds the final parameters");
        assertTrue(r.graph().getLayer("layer1.0.conv1").conf().getLayer() != null);
    }

    @Test
    public void aKilledRunResumesToExactlyTheUninterruptedResult() throws Exception {
        Path straight = Files.createTempDirectory("straight");
        INDArray expected = new Pretrainer(config(2, 2), moco(), data(), null, straight).run().graph().params();

        Path resumed = Files.createTempDirectory("resumed");
        // dies when asked for the 6th batch (epoch 1, batch 2); the last checkpoint is at step 4
        expectThrows(IllegalStateException.class,
                () -> new Pretrainer(config(2, 2), moco(), data().failingAt(5), null, resumed).run());
        assertEquals(Checkpoint.peek(resumed.resolve("checkpoint")).orElseThrow().step(), 4);
        Pretrainer.Result r = new Pretrainer(config(2, 2), moco(), data(), null, resumed).run();
        assertEquals(r.stepsRun(), 2, "only the steps after the checkpoint are run again");
        assertEquals(r.graph().params(), expected, "resumed weights equal the uninterrupted run's");
        List<String> lines = Files.readAllLines(resumed.resolve("curves.csv"));
        assertEquals(lines.size(), 7, "each step logged exactly once: " + lines);
        assertEquals(lines.subList(1, 7).stream().map(l -> l.split(",")[0]).toList(),
                List.of("0", "1", "2", "3", "4", "5"));
        // a finished run is not redone
        assertEquals(new Pretrainer(config(2, 2), moco(), data(), null, resumed).run().stepsRun(), 0);
    }

    @Test
    public void theSameSeedGivesTheSameWeightsEvenSeedZero() throws Exception {
        PretrainConfig zero = new PretrainConfig(1, 32, 16, 3, OptimizerConfig.mocoV2(), 0L, 0, DataType.FLOAT, 1);
        INDArray a = new Pretrainer(zero, moco(), data(), null, Files.createTempDirectory("s0a")).run().graph()
                .params();
        INDArray b = new Pretrainer(zero, moco(), data(), null, Files.createTempDirectory("s0b")).run().graph()
                .params();
        assertEquals(a, b);
    }

    @Test
    public void aNonFiniteLossStopsTheRunNamingTheStep() throws Exception {
        Path dir = Files.createTempDirectory("nan");
        MocoV2 inner = moco();
        SelfSupervisedMethod poisoned = new Poisoned(inner, 2);
        TrainingDivergedException e = expectThrows(TrainingDivergedException.class,
                () -> new Pretrainer(config(1, 0), poisoned, data(), null, dir).run());
        assertTrue(e.getMessage().contains("step 2"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
    }

    @Test
    public void aCheckpointOfAnotherNetworkIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("wide");
        new Pretrainer(config(1, 0), moco(), data(), null, dir).run();
        PretrainConfig narrower = new PretrainConfig(1, 32, 32, 3, OptimizerConfig.mocoV2(), 7L, 0, DataType.FLOAT,
                1);
        java.io.IOException e = expectThrows(java.io.IOException.class,
                () -> new Pretrainer(narrower, moco(), data(), null, dir).run());
        assertTrue(e.getMessage().contains("params.bin") && e.getMessage().contains("different network"),
                e.getMessage());
    }

    @Test
    public void validationKeepsTheBestWeights() throws Exception {
        Path dir = Files.createTempDirectory("val");
        SyntheticPretrainData val = new SyntheticPretrainData(1, N, 3, 32, 99L, DataType.FLOAT, false);
        Pretrainer.Result r = new Pretrainer(config(2, 0), moco(), data(), val, dir).run();
        assertTrue(Files.exists(dir.resolve("best/params.bin")));
        assertTrue(r.state().bestEpoch() >= 0 && Double.isFinite(r.state().bestValLoss()), r.state().toString());
    }

    @Test
    public void weightDecayReachesBatchNormScaleButNotRunningStatistics() throws Exception {
        ComputationGraph g = new ComputationGraph(ResNetUNet2d.backbone(
                ResNetUNet2d.Options.of(32, 16)).build(List.of()));
        g.init();
        g.setInputs(org.nd4j.linalg.factory.Nd4j.rand(DataType.FLOAT, 2, 3, 32, 32));
        org.deeplearning4j.nn.gradient.Gradient grad = new org.deeplearning4j.nn.gradient.DefaultGradient(
                org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, g.numParams()));
        long offset = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            long n = e.getValue().length();
            grad.setGradientFor(e.getKey(), grad.gradient().get(
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(offset, offset + n)).reshape(e.getValue().shape()));
            offset += n;
        }
        new WeightDecay(0.5, false).apply(g, grad);
        assertEquals(grad.getGradientFor("bn1_gamma").getDouble(0), 0.5, 1e-7, "γ = 1 decayed");
        assertEquals(grad.getGradientFor("bn1_mean").sumNumber().doubleValue(), 0.0, 0.0, "running mean untouched");
        grad.gradient().assign(0);
        new WeightDecay(0.5, true).apply(g, grad);
        assertEquals(grad.getGradientFor("bn1_gamma").getDouble(0), 0.0, 0.0, "Barlow Twins: no decay on γ");
        assertTrue(grad.getGradientFor("conv1_W").amaxNumber().doubleValue() > 0, "weights still decayed");
    }

    /** Delegates to a method but reports a NaN loss at a given step. */
    static final class Poisoned implements SelfSupervisedMethod {
        private final SelfSupervisedMethod inner;
        private final long at;

        Poisoned(SelfSupervisedMethod inner, long at) {
            this.inner = inner;
            this.at = at;
        }

        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public List<String> addHeads(ResNetUNet2d.Graph graph) {
            return inner.addHeads(graph);
        }

        @Override
        public List<INDArray> passes(PretrainBatch batch) {
            return inner.passes(batch);
        }

        @Override
        public void attach(ExternalLossGraph graph, ResNetUNet2d.Options options, long seed) {
            inner.attach(graph, options, seed);
        }

        @Override
        public StepLoss loss(List<Map<String, INDArray>> outputs, PretrainBatch batch, StepContext ctx) {
            StepLoss l = inner.loss(outputs, batch, ctx);
            return ctx.step() == at ? new StepLoss(Double.NaN, Map.of("dis", Double.NaN), l.errors()) : l;
        }

        @Override
        public void afterUpdate(PretrainBatch batch, StepContext ctx) {
            inner.afterUpdate(batch, ctx);
        }

        @Override
        public List<String> lossTerms() {
            return inner.lossTerms();
        }

        @Override
        public Map<String, Object> settings() {
            return inner.settings();
        }
    }
}
