package org.dirabench.baselines.method;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.baselines.engine.ParameterKinds;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.baselines.engine.PretrainBatches;
import org.dirabench.baselines.engine.StepContext;
import org.dirabench.baselines.engine.StepLoss;
import org.dirabench.baselines.loss.InfoNce;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.testng.annotations.Test;

public class MocoV2Test {

    static ExternalLossGraph query(MocoV2 m, ResNetUNet2d.Options o) {
        ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
        ExternalLossGraph q = new ExternalLossGraph(g.build(m.addHeads(g)));
        q.init();
        m.attach(q, o, 5L);
        return q;
    }

    static INDArray images(long seed, int n, DataType t) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(t, n, 3, 32, 32);
    }

    @Test
    public void keyEncoderStartsAsACopyAndFollowsTheQueryByMomentum() {
        MocoV2 m = new MocoV2(new MocoV2.Options(8, 0, 8, 0.9, 0.2, 1), 4);
        ExternalLossGraph q = query(m, ResNetUNet2d.Options.of(32, 16).withDecoder(false));
        ComputationGraph k = m.keyEncoder();
        assertEquals(k.getConfiguration().getNetworkOutputs(), List.of(MocoV2.PROJECTION));
        for (String name : k.paramTable().keySet()) {
            assertEquals(k.getParam(name), q.getParam(name), name);
        }
        // move the query, then one training-mode loss call applies θk ← 0.9 θk + 0.1 θq before the keys
        Map<String, INDArray> before = new java.util.HashMap<>();
        k.paramTable().forEach((n, v) -> before.put(n, v.dup()));
        q.params().addi(0.5);
        PretrainBatch b = PretrainBatches.of(images(1, 4, DataType.FLOAT), images(2, 4, DataType.FLOAT), null,
                new int[4]);
        INDArray qOut = q.output(true, b.view1())[0];
        m.loss(List.of(Map.of(MocoV2.PROJECTION, qOut)), b, new StepContext(0, 0, 0, true, 5L));
        for (String name : k.paramTable().keySet()) {
            INDArray expected = ParameterKinds.isRunningStatistic(name) ? before.get(name)
                    : before.get(name).mul(0.9).addi(q.getParam(name).mul(0.1));
            assertTrue(k.getParam(name).equalsWithEps(expected, 1e-5), name);
        }
    }

    @Test
    public void keysAreEnqueuedNormalisedAfterTheStep() {
        MocoV2 m = new MocoV2(new MocoV2.Options(8, 0, 12, 0.999, 0.2, 1), 4);
        ExternalLossGraph q = query(m, ResNetUNet2d.Options.of(32, 16).withDecoder(false));
        INDArray queue0 = m.queue().dup();
        assertTrue(queue0.norm2(0).sub(1).amaxNumber().doubleValue() < 1e-5, "columns unit-norm at start");
        PretrainBatch b = PretrainBatches.of(images(3, 4, DataType.FLOAT), images(4, 4, DataType.FLOAT), null,
                new int[4]);
        StepContext ctx = new StepContext(0, 0, 0, true, 5L);
        StepLoss l = m.loss(List.of(Map.of(MocoV2.PROJECTION, q.output(true, b.view1())[0])), b, ctx);
        assertEquals(l.terms().keySet(), java.util.Set.of("dis"));
        INDArray k = m.keyEncoder().output(true, b.view2())[0];
        INDArray kn = k.divColumnVector(k.norm2(1));
        m.afterUpdate(b, ctx);
        INDArray first = m.queue().get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
        assertTrue(first.equalsWithEps(kn.transpose(), 1e-5), "columns 0..3 are the normalised keys");
        assertEquals(m.queue().get(NDArrayIndex.all(), NDArrayIndex.interval(4, 12)),
                queue0.get(NDArrayIndex.all(), NDArrayIndex.interval(4, 12)), "the rest untouched");
        // three more steps wrap the pointer: columns 0..3 are overwritten again at the 4th step
        for (int s = 1; s <= 3; s++) {
            m.loss(List.of(Map.of(MocoV2.PROJECTION, q.output(true, b.view1())[0])), b,
                    new StepContext(s, 0, s, true, 5L));
            m.afterUpdate(b, new StepContext(s, 0, s, true, 5L));
        }
        assertTrue(m.queue().norm2(0).sub(1).amaxNumber().doubleValue() < 1e-5);
    }

    @Test
    public void shuffleBnGroupsComputeEachKeyWithItsOwnGroupsStatistics() {
        int n = 4;
        MocoV2 grouped = new MocoV2(new MocoV2.Options(8, 0, 8, 0.999, 0.2, 2), n); // two virtual GPUs of 2 images
        ExternalLossGraph q = query(grouped, ResNetUNet2d.Options.of(32, 16).withDecoder(false));
        PretrainBatch b = PretrainBatches.of(images(5, n, DataType.FLOAT), images(6, n, DataType.FLOAT), null,
                new int[n]);
        // evaluation mode: no momentum update, so the key network is the one we compare with
        StepContext ctx = new StepContext(0, 0, 0, false, 5L);
        grouped.loss(List.of(Map.of(MocoV2.PROJECTION, q.output(true, b.view1())[0])), b, ctx);
        grouped.afterUpdate(b, ctx);
        INDArray enq = grouped.queue().get(NDArrayIndex.all(), NDArrayIndex.interval(0, n)).transpose();
        // the groups: the step's own permutation cut in two
        int[] perm = org.dirabench.datasets.batch.Seeds.permutation(n, ctx.random(1));
        INDArray whole = unit(grouped.keyEncoder().output(true, b.view2())[0]);
        for (int g = 0; g < 2; g++) {
            int[] idx = java.util.Arrays.copyOfRange(perm, 2 * g, 2 * g + 2);
            INDArray group = b.view2().get(new org.nd4j.linalg.indexing.SpecifiedIndex(idx[0], idx[1]),
                    NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray k = unit(grouped.keyEncoder().output(true, group)[0]);
            for (int r = 0; r < 2; r++) {
                assertTrue(enq.getRow(idx[r], true).equalsWithEps(k.getRow(r, true), 1e-5),
                        "key " + idx[r] + " from its own group's statistics, put back in its place");
                assertTrue(!enq.getRow(idx[r], true).equalsWithEps(whole.getRow(idx[r], true), 1e-3),
                        "and not from the whole batch's");
            }
        }
    }

    private static INDArray unit(INDArray rows) {
        return rows.divColumnVector(rows.norm2(1));
    }

    @Test
    public void queueMustBeDivisibleByTheBatch() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> new MocoV2(new MocoV2.Options(8, 0, 10, 0.999, 0.2, 1), 4));
        assertTrue(e.getMessage().contains("K=10") && e.getMessage().contains("batch size 4"), e.getMessage());
    }

    /**
     * The engine path end to end in double precision: InfoNCE's dL/dq pushed back through the ResNet-50 topology
     * (batch norm in training mode) by {@link ExternalLossGraph} agrees with central finite differences of the loss.
     */
    @Test
    public void externalLossGradientMatchesFiniteDifferences() {
        // DL4J-NOTES §3 pitfall 8: the graph's data type alone is not enough, ND4J's defaults must be double too
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            checkGradient();
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    private void checkGradient() {
        MocoV2 m = new MocoV2(new MocoV2.Options(8, 0, 16, 0.999, 0.2, 1), 4);
        ResNetUNet2d.Options o = ResNetUNet2d.Options.of(32, 16).withDecoder(false).withDataType(DataType.DOUBLE);
        ExternalLossGraph q = query(m, o);
        INDArray x = images(7, 4, DataType.DOUBLE);
        INDArray kRaw = images(8, 4, DataType.DOUBLE).reshape(4, -1).get(NDArrayIndex.all(),
                NDArrayIndex.interval(0, 8)).dup();
        INDArray queue = m.queue();
        InfoNce nce = new InfoNce(0.2);
        org.deeplearning4j.nn.gradient.Gradient g = q.gradientFromExternalLoss(new INDArray[] {x},
                outs -> new INDArray[] {nce.compute(outs[0], kRaw, queue).gradQueryRaw()});
        INDArray analytic = g.gradient().dup();
        INDArray params = q.params();
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        long[] keysOffsets = trainableOffsets(q);
        double maxRel = 0;
        StringBuilder report = new StringBuilder();
        for (int t = 0; t < 16; t++) {
            long i = keysOffsets[r.nextInt(keysOffsets.length)];
            double orig = params.getDouble(i);
            double h = 1e-6;
            params.putScalar(i, orig + h);
            double lp = nce.compute(q.output(true, x)[0], kRaw, queue).loss();
            params.putScalar(i, orig - h);
            double lm = nce.compute(q.output(true, x)[0], kRaw, queue).loss();
            params.putScalar(i, orig);
            double fd = (lp - lm) / (2 * h);
            double an = analytic.getDouble(i);
            double rel = Math.abs(fd - an) / Math.max(1e-8, Math.abs(fd) + Math.abs(an));
            if (Math.abs(fd) + Math.abs(an) > 1e-9) {
                maxRel = Math.max(maxRel, rel);
            }
            report.append(String.format("%n%s fd=%.6e an=%.6e", nameOf(q, i), fd, an));
        }
        assertTrue(maxRel < 1e-5, "max relative error " + maxRel + report);
    }

    private static String nameOf(ComputationGraph g, long flat) {
        long off = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            if (flat < off + e.getValue().length()) {
                return e.getKey() + "[" + (flat - off) + "]";
            }
            off += e.getValue().length();
        }
        return "?";
    }

    /** Flat offsets of trainable parameters (running statistics excluded). */
    private static long[] trainableOffsets(ComputationGraph g) {
        List<Long> out = new java.util.ArrayList<>();
        long off = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            long n = e.getValue().length();
            if (!ParameterKinds.isRunningStatistic(e.getKey())) {
                for (long j = 0; j < n; j++) {
                    out.add(off + j);
                }
            }
            off += n;
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }
}
