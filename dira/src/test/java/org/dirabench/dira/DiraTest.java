package org.dirabench.dira;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.dirabench.baselines.engine.Checkpoint;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.baselines.engine.OptimizerConfig;
import org.dirabench.baselines.engine.ParameterKinds;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.baselines.engine.PretrainBatches;
import org.dirabench.baselines.engine.PretrainConfig;
import org.dirabench.baselines.engine.PretrainData;
import org.dirabench.baselines.engine.Pretrainer;
import org.dirabench.baselines.engine.StepContext;
import org.dirabench.baselines.engine.StepLoss;
import org.dirabench.baselines.method.MocoV2;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.dira.loss.DiraLoss;
import org.dirabench.dira.loss.LeastSquaresGan;
import org.dirabench.dira.nn.PatchDiscriminator2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.Test;

public class DiraTest {
    static final int N = 4;

    static Dira dira(Dira.Stage stage, DiraLoss.Weights w, int batch) {
        return new Dira(new MocoV2(new MocoV2.Options(8, 0, 8, 0.99, 0.2, 2), batch),
                new Dira.Options(w, stage, 16, PatchDiscriminator2d.referenceAdam()));
    }

    static PretrainBatch batch(long seed, DataType t) {
        Nd4j.getRandom().setSeed(seed);
        INDArray v1 = Nd4j.rand(t, N, 3, 32, 32);
        INDArray v2 = Nd4j.rand(t, N, 3, 32, 32);
        INDArray target = Nd4j.rand(t, N, 1, 32, 32);
        return PretrainBatches.of(v1, v2, target, new int[N]);
    }

    /**
     * The overfit check: pretraining on one fixed batch of eight real NIH1000 radiographs (same views, same
     * distortion every step) must drive the restoration loss down and, from step 1 on, the total loss with it.
     *
     * <p>The check is on DiRA's stage 1 (dis + res), not on MoCo v2 alone. A fixed batch cannot lower InfoNCE: the
     * queue fills with the same images' previous keys, each positive has a near copy among its negatives, and the
     * loss settles at ln(K + 1). Measured here with K = 8: it rose from 0.4 at step 0 to 2.197 = ln 9 for every
     * learning rate and key momentum tried.
     */
    @Test
    public void onOneFixedBatchOfRealRadiographsTheLossFalls() throws Exception {
        List<org.dirabench.datasets.tasks.ImageRecord> nih = org.dirabench.datasets.tasks.ChestXray14
                .open(org.dirabench.datasets.DataRoot.dataset("chestxray14_nih1000")).records();
        List<org.dirabench.datasets.tasks.ImageRecord> eight = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> nih.get(i * nih.size() / 8)).toList();
        PretrainBatch b;
        try (org.dirabench.datasets.batch.PretrainLoader loader = org.dirabench.datasets.batch.PretrainLoader
                .builder(org.dirabench.datasets.batch.ImageSource.ofRecords(eight, 3, false), 32, 8).seed(3)
                .workers(0).build()) {
            b = loader.batch(0, 0);
        }
        Dira d = dira(Dira.Stage.RESTORATIVE, new DiraLoss.Weights(1, 10, 0.001), 8);
        PretrainConfig cfg = new PretrainConfig(1, 32, 16, 3, OptimizerConfig.mocoV2(), 7L, 0, DataType.FLOAT, 1);
        int n = 30;
        double[] res = new double[n];
        double[] total = new double[n];
        try (Pretrainer.Steps steps = new Pretrainer(cfg, d, null, null, Files.createTempDirectory("overfit"))
                .openSteps()) {
            for (int s = 0; s < n; s++) {
                StepLoss l = steps.train(b, s);
                res[s] = l.terms().get("res");
                total[s] = l.total();
                assertTrue(Double.isFinite(total[s]), "step " + s + ": " + l.terms());
            }
        }
        String curve = "res " + java.util.Arrays.toString(res) + ", total " + java.util.Arrays.toString(total);
        assertTrue(mean(res, n - 3, n) < 0.6 * mean(res, 0, 3), curve); // measured: 0.075 → 0.035
        assertTrue(mean(total, n - 3, n) < mean(total, 1, 4), curve);
    }

    private static double mean(double[] v, int from, int to) {
        return java.util.Arrays.stream(v, from, to).average().orElseThrow();
    }

    /**
     * The whole DiRA generator loss (InfoNCE + restoration + adversarial through the discriminator's input gradient,
     * λadv raised to 1 so that it matters) pushed through the U-Net agrees with finite differences of L_G.
     */
    @Test
    public void generatorGradientThroughTheUNetMatchesFiniteDifferences() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Dira d = dira(Dira.Stage.ADVERSARIAL, new DiraLoss.Weights(1, 10, 1), N);
            ResNetUNet2d.Options o = ResNetUNet2d.Options.of(32, 16).withDataType(DataType.DOUBLE);
            ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
            ExternalLossGraph q = new ExternalLossGraph(g.build(d.addHeads(g)));
            q.init();
            d.attach(q, o, 3L);
            PretrainBatch b = batch(4, DataType.DOUBLE);
            List<String> names = q.getConfiguration().getNetworkOutputs();
            StepContext ctx = new StepContext(0, 0, 0, false, 3L); // no momentum update: L is a function of θ only
            StepLoss l = d.loss(List.of(outputs(q, names, b)), b, ctx);
            assertEquals(l.terms().keySet(), java.util.Set.of("dis", "res", "adv", "d"));
            Gradient grad = q.gradientFromExternalLoss(new INDArray[] {b.view1()}, outs -> {
                INDArray[] e = new INDArray[outs.length];
                for (int i = 0; i < outs.length; i++) {
                    e[i] = l.errors().get(0).get(names.get(i));
                }
                return e;
            });
            INDArray analytic = grad.gradient().dup();
            INDArray params = q.params();
            SplittableRandom r = new SplittableRandom(2);
            long[] offsets = trainable(q);
            double maxRel = 0;
            for (int t = 0; t < 8; t++) {
                long i = offsets[r.nextInt(offsets.length)];
                double orig = params.getDouble(i);
                double h = 1e-6;
                params.putScalar(i, orig + h);
                double lp = d.loss(List.of(outputs(q, names, b)), b, ctx).total();
                params.putScalar(i, orig - h);
                double lm = d.loss(List.of(outputs(q, names, b)), b, ctx).total();
                params.putScalar(i, orig);
                double fd = (lp - lm) / (2 * h);
                double an = analytic.getDouble(i);
                if (Math.abs(fd) + Math.abs(an) > 1e-8) {
                    maxRel = Math.max(maxRel, Math.abs(fd - an) / (Math.abs(fd) + Math.abs(an)));
                }
            }
            // central differences with h = 1e-6 through ~60 layers and the discriminator: ~1e-5 is their noise floor
            assertTrue(maxRel < 5e-5, "max relative error " + maxRel);
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /** L_D's gradient for D's parameters (kept for the D step) agrees with finite differences on D's parameters. */
    @Test
    public void discriminatorGradientMatchesFiniteDifferences() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            Dira d = dira(Dira.Stage.ADVERSARIAL, DiraLoss.Weights.PAPER, N);
            ResNetUNet2d.Options o = ResNetUNet2d.Options.of(32, 16).withDataType(DataType.DOUBLE);
            ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
            ExternalLossGraph q = new ExternalLossGraph(g.build(d.addHeads(g)));
            q.init();
            d.attach(q, o, 3L);
            PretrainBatch b = batch(5, DataType.DOUBLE);
            List<String> names = q.getConfiguration().getNetworkOutputs();
            Map<String, INDArray> outs = outputs(q, names, b);
            StepContext ctx = new StepContext(0, 0, 0, false, 3L);
            d.loss(List.of(outs), b, ctx);
            INDArray analytic = d.pendingDiscriminatorGradient().dup();
            MultiLayerNetwork disc = d.discriminator();
            INDArray restored = outs.get(ResNetUNet2d.RESTORATION);
            INDArray p = disc.params();
            for (long i = 0; i < p.length(); i += p.length() / 12) {
                double orig = p.getDouble(i);
                double h = 1e-6;
                p.putScalar(i, orig + h);
                double lp = discriminatorLoss(disc, b.target(), restored);
                p.putScalar(i, orig - h);
                double lm = discriminatorLoss(disc, b.target(), restored);
                p.putScalar(i, orig);
                double fd = (lp - lm) / (2 * h);
                assertEquals(analytic.getDouble(i), fd, 1e-6 * Math.max(1, Math.abs(fd)), "D parameter " + i);
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private static double discriminatorLoss(MultiLayerNetwork disc, INDArray real, INDArray fake) {
        disc.setInput(real);
        INDArray r = disc.feedForward(true, false).get(disc.getnLayers());
        disc.setInput(fake);
        INDArray f = disc.feedForward(true, false).get(disc.getnLayers());
        return LeastSquaresGan.discriminator(r, f).loss();
    }

    @Test
    public void theDiscriminatorStepsAfterTheGeneratorAndOnlyThen() {
        Dira d = dira(Dira.Stage.ADVERSARIAL, DiraLoss.Weights.PAPER, N);
        ResNetUNet2d.Options o = ResNetUNet2d.Options.of(32, 16);
        ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
        ExternalLossGraph q = new ExternalLossGraph(g.build(d.addHeads(g)));
        q.init();
        d.attach(q, o, 3L);
        PretrainBatch b = batch(6, DataType.FLOAT);
        INDArray d0 = d.discriminator().params().dup();
        StepContext ctx = new StepContext(0, 0, 0, true, 3L);
        d.loss(List.of(outputs(q, q.getConfiguration().getNetworkOutputs(), b)), b, ctx);
        assertEquals(d.discriminator().params(), d0, "the loss does not move D");
        d.afterUpdate(b, ctx);
        assertTrue(!d.discriminator().params().equals(d0), "D steps in afterUpdate");
    }

    @Test
    public void aBatchWithoutRestorationTargetIsRefused() {
        Dira d = dira(Dira.Stage.RESTORATIVE, DiraLoss.Weights.PAPER, N);
        PretrainBatch b = batch(7, DataType.FLOAT);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> d.passes(PretrainBatches.of(b.view1(), b.view2(), null, b.indices())));
        assertTrue(e.getMessage().contains("restoration target"), e.getMessage());
    }

    /** Stage 1 (dis+res), then stage 2 (dis+res+adv) from stage 1's weights, queue and key encoder; resumable. */
    @Test
    public void twoStagesRunAndStageTwoStartsFromStageOne() throws Exception {
        Path s1 = Files.createTempDirectory("stage1");
        PretrainConfig c1 = new PretrainConfig(1, 32, 16, 3, OptimizerConfig.mocoV2(), 9L, 0, DataType.FLOAT, 1);
        Pretrainer.Result r1 = new Pretrainer(c1, dira(Dira.Stage.RESTORATIVE, DiraLoss.Weights.PAPER, N), data(),
                null, s1).run();
        assertEquals(Files.readAllLines(s1.resolve("curves.csv")).get(0),
                "step,epoch,stage,lr,loss,loss_dis,loss_res,images_per_s,elapsed_s");

        // stage 2 sees stage 1's weights, queue and key encoder before its first step
        Path s2 = Files.createTempDirectory("stage2");
        PretrainConfig c2 = new PretrainConfig(1, 32, 16, 3, OptimizerConfig.mocoV2(), 9L, 0, DataType.FLOAT, 2);
        Dira stage2 = dira(Dira.Stage.ADVERSARIAL, DiraLoss.Weights.PAPER, N);
        Pretrainer p2 = new Pretrainer(c2, stage2, new Failing(data()), null, s2).initialisedFrom(
                s1.resolve("checkpoint"));
        expectThrows(IllegalStateException.class, p2::run);
        assertEquals(p2.graph().params(), r1.graph().params(), "stage 2 starts from stage 1's weights");
        MocoV2 inner = (MocoV2) stage2.inner();
        assertEquals(inner.queue(), Checkpoint.readArray(s1.resolve("checkpoint/method/queue.bin")));
        assertEquals(inner.keyEncoder().params(),
                Checkpoint.readArray(s1.resolve("checkpoint/method/key_params.bin")).reshape(
                        inner.keyEncoder().params().shape()));

        Pretrainer.Result r2 = new Pretrainer(c2, dira(Dira.Stage.ADVERSARIAL, DiraLoss.Weights.PAPER, N), data(),
                null, s2).initialisedFrom(s1.resolve("checkpoint")).run();
        List<String> curves = Files.readAllLines(s2.resolve("curves.csv"));
        assertEquals(curves.get(0), "step,epoch,stage,lr,loss,loss_dis,loss_res,loss_adv,loss_d,images_per_s,elapsed_s");
        assertEquals(curves.get(1).split(",")[2], "2");
        assertTrue(Files.exists(s2.resolve("checkpoint/method/discriminator_params.bin")));
        assertEquals(r2.stepsRun(), 2);
    }

    static PretrainData data() {
        return new org.dirabench.baselines.engine.SyntheticPretrainData(2, N, 3, 32, 1L, DataType.FLOAT, true);
    }

    private static Map<String, INDArray> outputs(ExternalLossGraph q, List<String> names, PretrainBatch b) {
        INDArray[] o = q.output(true, b.view1());
        Map<String, INDArray> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < o.length; i++) {
            m.put(names.get(i), o[i]);
        }
        return m;
    }

    private static long[] trainable(ExternalLossGraph q) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        long off = 0;
        for (Map.Entry<String, INDArray> e : q.paramTable().entrySet()) {
            if (!ParameterKinds.isRunningStatistic(e.getKey())) {
                for (long j = 0; j < e.getValue().length(); j++) {
                    out.add(off + j);
                }
            }
            off += e.getValue().length();
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** Fails on the first batch: lets a test look at the run's state right after initialisation. */
    static final class Failing implements PretrainData {
        private final PretrainData inner;

        Failing(PretrainData inner) {
            this.inner = inner;
        }

        @Override
        public int batchesPerEpoch() {
            return inner.batchesPerEpoch();
        }

        @Override
        public int batchSize() {
            return inner.batchSize();
        }

        @Override
        public java.util.Iterator<PretrainBatch> epoch(int epoch, int firstBatch) {
            throw new IllegalStateException("stop before the first step");
        }

        @Override
        public String describe() {
            return "failing";
        }
    }
}
