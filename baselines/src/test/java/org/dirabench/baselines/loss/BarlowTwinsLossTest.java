package org.dirabench.baselines.loss;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class BarlowTwinsLossTest {
    @DataProvider
    public Object[][] goldenFiles() {
        return new Object[][] {{"barlow_twins_small.json"}, {"barlow_twins_wide.json"}};
    }

    @Test(dataProvider = "goldenFiles")
    public void matchesGoldenInDouble(String file) {
        Golden g = Golden.load(file);
        assertEquals(g.scalar("eps"), BarlowTwinsLoss.BATCH_NORM_EPS);
        INDArray z1 = g.array("z1");
        INDArray z2 = g.array("z2");
        INDArray z1Before = z1.dup();
        INDArray z2Before = z2.dup();
        BarlowTwinsLoss.Result r = new BarlowTwinsLoss(g.scalar("lambd")).compute(z1, z2);
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-6, file + " loss");
        Golden.assertClose(r.onDiag(), g.scalar("on_diag"), 1e-6, file + " on_diag");
        Golden.assertClose(r.offDiag(), g.scalar("off_diag"), 1e-6, file + " off_diag");
        Golden.assertClose(r.crossCorrelation(), g.array("cross_correlation"), 1e-6, file + " C");
        Golden.assertClose(r.gradZ1(), g.array("grad_z1"), 1e-6, file + " grad_z1");
        Golden.assertClose(r.gradZ2(), g.array("grad_z2"), 1e-6, file + " grad_z2");
        assertEquals(z1, z1Before, "z1 must not be modified");
        assertEquals(z2, z2Before, "z2 must not be modified");
    }

    @Test
    public void defaultLambdaIsTheOfficialOne() {
        assertEquals(new BarlowTwinsLoss().lambda(), Golden.load("barlow_twins_small.json").scalar("lambd"));
    }

    @Test
    public void matchesGoldenInFloat32() {
        Golden g = Golden.load("barlow_twins_small.json");
        BarlowTwinsLoss.Result r = new BarlowTwinsLoss().compute(g.array("z1").castTo(DataType.FLOAT),
                g.array("z2").castTo(DataType.FLOAT));
        assertEquals(r.gradZ1().dataType(), DataType.FLOAT);
        Golden.assertClose(r.loss(), g.scalar("loss"), 1e-4, "float32 loss");
        Golden.assertClose(r.offDiag(), g.scalar("off_diag"), 1e-4, "float32 off_diag");
        Golden.assertClose(r.crossCorrelation(), g.array("cross_correlation"), 1e-4, "float32 C");
        Golden.assertClose(r.gradZ1(), g.array("grad_z1"), 1e-4, "float32 grad_z1");
        Golden.assertClose(r.gradZ2(), g.array("grad_z2"), 1e-4, "float32 grad_z2");
    }

    @Test
    public void gradientsMatchFiniteDifferencesAtARandomPoint() {
        INDArray z1 = GradientCheck.randn(31, 6, 4).muli(2).addi(0.5);
        INDArray z2 = GradientCheck.randn(32, 6, 4).addi(z1.mul(0.7));
        BarlowTwinsLoss loss = new BarlowTwinsLoss(0.05);
        BarlowTwinsLoss.Result r = loss.compute(z1, z2);
        GradientCheck.assertGradient(x -> loss.compute(x, z2).loss(), z1, r.gradZ1(), 1e-6, "grad_z1");
        GradientCheck.assertGradient(x -> loss.compute(z1, x).loss(), z2, r.gradZ2(), 1e-6, "grad_z2");
    }

    /** REFERENCE.md §6 P4: with batch statistics over the whole batch, identical branches correlate perfectly. */
    @Test
    public void identicalInputsGiveAUnitDiagonal() {
        INDArray z = GradientCheck.randn(33, 16, 5);
        BarlowTwinsLoss.Result r = new BarlowTwinsLoss().compute(z, z.dup());
        INDArray var = z.var(false, 0);
        for (int i = 0; i < 5; i++) {
            double cii = r.crossCorrelation().getDouble(i, i);
            assertTrue(Math.abs(cii - 1) < 1e-4, "C_" + i + i + " = " + cii);
            // exactly σ²/(σ² + ε): ε inside the square root is the only departure from 1
            double v = var.getDouble(i);
            Golden.assertClose(cii, v / (v + BarlowTwinsLoss.BATCH_NORM_EPS), 1e-12, "C_ii");
        }
        assertTrue(r.onDiag() < 1e-8, "on_diag " + r.onDiag());
    }

    /**
     * REFERENCE.md §6 P4: the official code divides each device's ẑ1ᵀẑ2 by the global batch size and all-reduces by
     * summing (with SyncBatchNorm statistics). Splitting the batch in that way gives the single-device C; averaging
     * per-part C matrices with per-part statistics does not.
     */
    @Test
    public void singleDeviceCrossCorrelationEqualsTheSumOfPerPartNumeratorsOverTheGlobalBatch() {
        long n = 12;
        INDArray z1 = GradientCheck.randn(34, n, 5);
        INDArray z2 = GradientCheck.randn(35, n, 5).addi(z1);
        INDArray c = new BarlowTwinsLoss().compute(z1, z2).crossCorrelation();

        INDArray z1n = BarlowTwinsLoss.standardize(z1);   // SyncBatchNorm: statistics of the whole batch
        INDArray z2n = BarlowTwinsLoss.standardize(z2);
        long[][] parts = {{0, 5}, {5, 12}};                // two "devices" of unequal size
        INDArray summed = null;
        INDArray perPartMean = null;
        for (long[] p : parts) {
            INDArray a = z1n.get(NDArrayIndex.interval(p[0], p[1]), NDArrayIndex.all());
            INDArray b = z2n.get(NDArrayIndex.interval(p[0], p[1]), NDArrayIndex.all());
            INDArray part = a.transpose().mmul(b).divi(n);
            summed = summed == null ? part : summed.addi(part);

            INDArray local = new BarlowTwinsLoss().compute(z1.get(NDArrayIndex.interval(p[0], p[1]), NDArrayIndex.all()),
                    z2.get(NDArrayIndex.interval(p[0], p[1]), NDArrayIndex.all())).crossCorrelation().div(parts.length);
            perPartMean = perPartMean == null ? local : perPartMean.addi(local);
        }
        Golden.assertClose(c, summed, 1e-12, "C vs Σ parts / global N");
        double wrong = perPartMean.sub(c).amaxNumber().doubleValue();
        assertTrue(wrong > 1e-3, "per-part statistics should differ visibly, max diff " + wrong);
    }

    @Test
    public void rejectsBadInput() {
        BarlowTwinsLoss loss = new BarlowTwinsLoss();
        INDArray z = GradientCheck.randn(36, 4, 3);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> loss.compute(z, GradientCheck.randn(37, 4, 5)));
        assertTrue(e.getMessage().contains("z2 [4, 5]"), e.getMessage());
        INDArray bad = z.dup();
        bad.putScalar(0, 0, Double.NaN);
        e = expectThrows(IllegalArgumentException.class, () -> loss.compute(z, bad));
        assertTrue(e.getMessage().contains("z2 [4, 3]") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loss.compute(z.getRow(0, true), z.getRow(1, true)));
        assertThrows(IllegalArgumentException.class, () -> new BarlowTwinsLoss(-1));
    }
}
