package org.dirabench.dira.nn;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.Test;

public class PatchDiscriminator2dTest {

    @Test
    public void patchMapIs28At224And8At64() {
        assertEquals(PatchDiscriminator2d.outputShape(224, 1), new long[] {1, 28, 28});
        assertEquals(PatchDiscriminator2d.outputShape(64, 1), new long[] {1, 8, 8});
        MultiLayerNetwork d = PatchDiscriminator2d.create(64, 1, 8, PatchDiscriminator2d.referenceAdam(), 1,
                DataType.FLOAT);
        d.setInput(Nd4j.rand(DataType.FLOAT, 3, 1, 64, 64));
        java.util.List<INDArray> acts = d.feedForward(true, false);
        assertEquals(acts.get(acts.size() - 1).shape(), new long[] {3, 1, 8, 8});
    }

    @Test
    public void referenceWidthsAndInitialisation() {
        MultiLayerNetwork d = PatchDiscriminator2d.create(32, 1, 1, PatchDiscriminator2d.referenceAdam(), 1,
                DataType.FLOAT);
        // 3x3 convs 1→64→128→256→512→1 with biases
        long expected = (9L * 1 * 64 + 64) + (9L * 64 * 128 + 128) + (9L * 128 * 256 + 256) + (9L * 256 * 512 + 512)
                + (9L * 512 + 1);
        assertEquals(d.numParams(), expected);
        INDArray w = d.paramTable().get("4_W"); // block2.conv (layers: conv, conv, IN, act, conv, IN, act, ...)
        double std = w.stdNumber().doubleValue();
        assertTrue(Math.abs(std - 0.02) < 0.002, "N(0, 0.02) init, std " + std);
    }

    @Test
    public void instanceNormNormalisesEachSampleAndChannel() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration
                    .Builder().dataType(DataType.DOUBLE).list()
                    .layer(new InstanceNormalization(1e-5))
                    .setInputType(org.deeplearning4j.nn.conf.inputs.InputType.convolutional(5, 4, 3)).build());
            net.init();
            Nd4j.getRandom().setSeed(2);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4).muli(7).addi(3);
            net.setInput(x);
            INDArray y = net.feedForward(true, false).get(1);
            INDArray mean = y.mean(2, 3);
            INDArray var = y.var(false, 2, 3);
            assertTrue(mean.amaxNumber().doubleValue() < 1e-10, "zero mean per (n, c)");
            assertTrue(var.sub(1).amaxNumber().doubleValue() < 1e-4, "unit (biased) variance per (n, c)");
            // input gradient by finite differences for L = sum(y * w)
            INDArray w = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 4);
            net.setInput(x);
            net.feedForward(true, false);
            INDArray an = net.backpropGradient(w, LayerWorkspaceMgr.noWorkspaces()).getSecond().dup();
            double h = 1e-6;
            for (int i = 0; i < 20; i++) {
                long idx = (i * 7L) % x.length();
                double o = x.getDouble(idx);
                x.putScalar(idx, o + h);
                net.setInput(x);
                double lp = net.feedForward(true, false).get(1).mul(w).sumNumber().doubleValue();
                x.putScalar(idx, o - h);
                net.setInput(x);
                double lm = net.feedForward(true, false).get(1).mul(w).sumNumber().doubleValue();
                x.putScalar(idx, o);
                double fd = (lp - lm) / (2 * h);
                assertEquals(an.getDouble(idx), fd, 1e-6 * Math.max(1, Math.abs(fd)), "element " + idx);
            }
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }
}
