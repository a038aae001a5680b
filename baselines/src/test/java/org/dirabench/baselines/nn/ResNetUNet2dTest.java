package org.dirabench.baselines.nn;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.HelperCheck;
import org.dirabench.baselines.engine.ParameterKinds;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.Test;

public class ResNetUNet2dTest {

    /** Counts trainable parameters and batch-norm running statistics (keys mean / var) separately. */
    static long[] count(ComputationGraph g, String prefixOrNull, boolean encoderOnly) {
        long trainable = 0;
        long stats = 0;
        for (Map.Entry<String, INDArray> e : g.paramTable().entrySet()) {
            String k = e.getKey();
            if (encoderOnly && (k.startsWith("decoder") || k.startsWith(ResNetUNet2d.RESTORATION))) {
                continue;
            }
            if (ParameterKinds.isRunningStatistic(k)) {
                stats += e.getValue().length();
            } else {
                trainable += e.getValue().length();
            }
        }
        return new long[] {trainable, stats};
    }

    @Test
    public void widthOneMatchesTheReferenceUNetParameterCounts() {
        ComputationGraph g = new ComputationGraph(
                ResNetUNet2d.backbone(ResNetUNet2d.Options.of(224, 1)).build(List.of()));
        g.init();
        long[] all = count(g, null, false);
        long[] enc = count(g, null, true);
        assertEquals(enc[0], 23_508_032L, "encoder trainable parameters (torchvision resnet50 without fc)");
        assertEquals(all[0], 32_521_105L, "U-Net trainable parameters (smp Unet resnet50, 1 class)");
        assertEquals(all[1], 55_104L, "batch-norm running mean + var");
    }

    @Test
    public void featureMapsAndRestorationHaveTheReferenceShapesAtSmokeWidth() {
        ResNetUNet2d.Graph b = ResNetUNet2d.backbone(ResNetUNet2d.Options.of(64, 16));
        ComputationGraph g = new ComputationGraph(b.build(List.of()));
        g.init();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 64, 64);
        Map<String, INDArray> acts = g.feedForward(x, false);
        assertEquals(acts.get(ResNetUNet2d.F1).shape(), new long[] {2, 4, 32, 32});
        assertEquals(acts.get(ResNetUNet2d.F2).shape(), new long[] {2, 16, 16, 16});
        assertEquals(acts.get(ResNetUNet2d.F3).shape(), new long[] {2, 32, 8, 8});
        assertEquals(acts.get(ResNetUNet2d.F4).shape(), new long[] {2, 64, 4, 4});
        assertEquals(acts.get(ResNetUNet2d.F5).shape(), new long[] {2, 128, 2, 2});
        for (String relu : List.of(ResNetUNet2d.F1, "layer1.0.relu1", "layer3.2.relu2", "decoder.blocks.0.relu1")) {
            INDArray a = acts.get(relu);
            assertTrue(a.minNumber().doubleValue() >= 0, relu + " is rectified");
            assertTrue(a.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue() > 0,
                    relu + " has zeros: the ReLU layers exist (DL4J's BN ignores an activation set on it)");
        }
        INDArray y = acts.get(ResNetUNet2d.RESTORATION);
        assertEquals(y.shape(), new long[] {2, 1, 64, 64});
        assertTrue(y.minNumber().doubleValue() >= 0 && y.maxNumber().doubleValue() <= 1, "sigmoid output in [0,1]");
    }

    @Test
    public void initialisationDependsOnlyOnTheSeedZeroIncluded() {
        for (long seed : new long[] {0, 1}) {
            ComputationGraph a = new ComputationGraph(
                    ResNetUNet2d.backbone(ResNetUNet2d.Options.of(32, 16).withSeed(seed)).build(List.of()));
            a.init();
            ComputationGraph b = new ComputationGraph(
                    ResNetUNet2d.backbone(ResNetUNet2d.Options.of(32, 16).withSeed(seed)).build(List.of()));
            b.init();
            assertEquals(a.params(), b.params(), "seed " + seed + ": ND4J treats a raw seed 0 as random");
        }
        ComputationGraph c = new ComputationGraph(
                ResNetUNet2d.backbone(ResNetUNet2d.Options.of(32, 16).withSeed(2)).build(List.of()));
        c.init();
        ComputationGraph d = new ComputationGraph(
                ResNetUNet2d.backbone(ResNetUNet2d.Options.of(32, 16).withSeed(1)).build(List.of()));
        d.init();
        assertTrue(!c.params().equals(d.params()), "different seeds, different weights");
    }

    @Test
    public void everyConvolutionAndBatchNormGetsTheOneDnnHelper() {
        ComputationGraph g = new ComputationGraph(
                ResNetUNet2d.backbone(ResNetUNet2d.Options.of(32, 16)).build(List.of()));
        g.init();
        HelperCheck.Result r = HelperCheck.check(g);
        assertTrue(r.helpers().size() > 100, "conv + BN layers found: " + r.helpers().size());
        assertTrue(r.fastPath(), "layers without helper: " + r.withoutHelper());
        assertEquals(r.helpers().get("layer1.0.conv2"), "MKLDNNConvHelper");
        assertEquals(r.helpers().get("layer1.0.bn2"), "MKLDNNBatchNormHelper");
    }
}
