package org.dirabench.harness.downstream.metrics;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertThrows;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import java.util.Random;
import org.dirabench.testing.Golden;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class RocAucTest {
    @Test
    public void matchesGoldenWithTiesAndAClassWithoutPositives() {
        Golden g = Golden.load("metrics_small.json");
        RocAuc.Result r = RocAuc.multiLabel(g.array("labels"), g.array("scores"));
        INDArray expected = g.array("auc_per_class");            // null → NaN
        double[] auc = r.perClass();
        assertEquals(auc.length, 4);
        for (int k = 0; k < 3; k++) {
            Golden.assertClose(auc[k], expected.getDouble(k), 1e-6, "auc class " + k);
        }
        assertTrue(Double.isNaN(auc[3]) && Double.isNaN(expected.getDouble(3)), "class 3 has no positives");
        assertEquals(r.undefinedClasses(), List.of(3));
        Golden.assertClose(r.meanDefined(), g.scalar("auc_mean_defined"), 1e-6, "mean over defined classes");
    }

    @Test
    public void tiesCountOneHalf() {
        // pairs (pos, neg): (0.8, 0.5) 1, (0.8, 0.2) 1, (0.5, 0.5) ½, (0.5, 0.2) 1 → 3.5 / 4
        assertEquals(RocAuc.binary(new double[] {1, 0, 1, 0}, new double[] {0.8, 0.5, 0.5, 0.2}), 0.875, 1e-15);
        assertEquals(RocAuc.binary(new double[] {1, 0, 1, 0}, new double[] {0.3, 0.3, 0.3, 0.3}), 0.5, 1e-15);
        assertEquals(RocAuc.binary(new double[] {0, 0, 1}, new double[] {0.1, 0.2, 0.3}), 1.0, 1e-15);
        assertEquals(RocAuc.binary(new double[] {1, 1, 0}, new double[] {0.1, 0.2, 0.3}), 0.0, 1e-15);
    }

    /** The rank formula equals the pairwise definition (ties ½) on data with many ties. */
    @Test
    public void rankFormulaEqualsPairCounting() {
        Random rnd = new Random(91);
        for (int trial = 0; trial < 20; trial++) {
            int n = 5 + rnd.nextInt(40);
            double[] labels = new double[n];
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = rnd.nextDouble() < 0.4 ? 1 : 0;
                scores[i] = Math.round(rnd.nextDouble() * 5) / 5.0 + 0.3 * labels[i] * rnd.nextInt(2);
            }
            double pairs = 0;
            long count = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (labels[i] == 1 && labels[j] == 0) {
                        pairs += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                        count++;
                    }
                }
            }
            double auc = RocAuc.binary(labels, scores);
            if (count == 0) {
                assertTrue(Double.isNaN(auc));
            } else {
                assertEquals(auc, pairs / count, 1e-12, "trial " + trial);
            }
        }
    }

    @Test
    public void aClassWithoutNegativesIsUndefinedToo() {
        double[][] labels = {{1, 1}, {1, 0}, {1, 1}};
        double[][] scores = {{0.2, 0.9}, {0.5, 0.1}, {0.7, 0.4}};
        RocAuc.Result r = RocAuc.multiLabel(labels, scores);
        assertEquals(r.undefinedClasses(), List.of(0));
        assertEquals(r.meanDefined(), 1.0, 1e-15);
        RocAuc.Result none = RocAuc.multiLabel(new double[][] {{1}, {1}}, new double[][] {{0.1}, {0.2}});
        assertTrue(Double.isNaN(none.meanDefined()));
    }

    @Test
    public void rejectsBadInput() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> RocAuc.multiLabel(new double[][] {{0, 1}, {1, 0.5}}, new double[][] {{0.1, 0.2}, {0.3, 0.4}}));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> RocAuc.binary(new double[] {0, 1}, new double[] {0.1, Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> RocAuc.binary(new double[] {0, 1}, new double[] {0.1}));
        assertThrows(IllegalArgumentException.class,
                () -> RocAuc.multiLabel(new double[][] {{0, 1}, {1}}, new double[][] {{0.1, 0.2}, {0.3}}));
        Golden g = Golden.load("metrics_small.json");
        e = expectThrows(IllegalArgumentException.class,
                () -> RocAuc.multiLabel(g.array("labels"), g.array("scores").getColumns(0, 1)));
        assertTrue(e.getMessage().contains("scores [20, 2]"), e.getMessage());
    }
}
