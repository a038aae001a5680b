package org.dirabench.baselines.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.annotations.Test;

public class BinaryCrossEntropyTest {

    @Test
    public void matchesTheTextbookFormulaOnSigmoidOutputs() {
        INDArray z = Nd4j.createFromArray(new double[][] {{0.3, -2.0, 5.0}, {-0.7, 1.5, 0.0}});
        INDArray y = Nd4j.createFromArray(new double[][] {{1, 0, 1}, {0, 0.7, 1}});
        double expected = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                double p = 1 / (1 + Math.exp(-z.getDouble(i, j)));
                double t = y.getDouble(i, j);
                expected -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
            }
        }
        BinaryCrossEntropy.Result r = BinaryCrossEntropy.compute(z, y);
        assertEquals(r.loss(), expected / 6, 1e-12);
        // gradient by central differences
        for (int k = 0; k < 6; k++) {
            double h = 1e-6;
            INDArray zp = z.dup();
            zp.putScalar(k, z.getDouble(k) + h);
            INDArray zm = z.dup();
            zm.putScalar(k, z.getDouble(k) - h);
            double fd = (BinaryCrossEntropy.compute(zp, y).loss() - BinaryCrossEntropy.compute(zm, y).loss()) / (2 * h);
            assertEquals(r.gradLogits().getDouble(k), fd, 1e-8);
        }
    }

    @Test
    public void staysFiniteForLargeLogits() {
        INDArray z = Nd4j.createFromArray(new float[][] {{200f, -200f}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0f, 1f}});
        BinaryCrossEntropy.Result r = BinaryCrossEntropy.compute(z, y);
        assertEquals(r.loss(), 200.0, 1e-3);
        assertTrue(Double.isFinite(r.gradLogits().sumNumber().doubleValue()));
    }

    @Test
    public void labelsOutsideZeroOneAreRefused() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> BinaryCrossEntropy.compute(
                Nd4j.zeros(DataType.FLOAT, 1, 2), Nd4j.createFromArray(new float[][] {{-1f, 1f}})));
        assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    }
}
