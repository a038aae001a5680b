package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.dirabench.reports.stats.SignificanceMark;
import org.dirabench.reports.stats.Summaries;
import org.dirabench.reports.stats.TTestKind;
import org.testng.annotations.Test;

/**
 * Statistics against values computed elsewhere.
 *
 * <p>Sources of the reference p-values: (1) Student's sleep data (Cushny and Peebles, as printed by Student 1908;
 * R's {@code datasets::sleep}); R's documented {@code t.test(extra ~ group, data = sleep)} gives Welch
 * t = −1.8608, df = 17.776, p = 0.07939 and with {@code var.equal = TRUE} p = 0.07919. (2) All four values were
 * recomputed by {@code src/test/python/ttest_reference.py}, which integrates the t density with mpmath (40 digits)
 * instead of using an incomplete beta function: sleep Welch 0.0793941401873581, Student 0.0791867142159381;
 * DiRA-like samples Welch 0.0102822319697424, Student 0.0112899809734687.
 */
public class StatisticsTest {
    private static final double[] SLEEP_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    private static final double[] SLEEP_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
    private static final double[] BASE = {0.7012, 0.6954, 0.7088};
    private static final double[] DIRA = {0.7321, 0.7290};

    @Test
    public void welchMatchesTextbookAndIndependentIntegration() {
        assertEquals(TTestKind.WELCH.pValue(SLEEP_1, SLEEP_2), 0.0793941401873581, 1e-9);
        assertEquals(TTestKind.WELCH.pValue(BASE, DIRA), 0.0102822319697424, 1e-9);
    }

    @Test
    public void studentMatchesTextbookAndIndependentIntegration() {
        assertEquals(TTestKind.STUDENT.pValue(SLEEP_1, SLEEP_2), 0.0791867142159381, 1e-9);
        assertEquals(TTestKind.STUDENT.pValue(BASE, DIRA), 0.0112899809734687, 1e-9);
    }

    @Test
    public void marksAtTheirBoundariesAreStrict() {
        assertEquals(SignificanceMark.of(1.0).mark(), "n.s.");
        assertEquals(SignificanceMark.of(0.05).mark(), "n.s.");
        assertEquals(SignificanceMark.of(Math.nextDown(0.05)).mark(), "*");
        assertEquals(SignificanceMark.of(0.01).mark(), "*");
        assertEquals(SignificanceMark.of(Math.nextDown(0.01)).mark(), "**");
        assertEquals(SignificanceMark.of(0.001).mark(), "**");
        assertEquals(SignificanceMark.of(Math.nextDown(0.001)).mark(), "***");
        assertEquals(SignificanceMark.of(0.0001).mark(), "***");
        assertEquals(SignificanceMark.of(Math.nextDown(0.0001)).mark(), ">***");
        assertEquals(SignificanceMark.of(0.0).mark(), ">***");
    }

    @Test(expectedExceptions = IllegalArgumentException.class)
    public void markRejectsNaN() {
        SignificanceMark.of(Double.NaN);
    }

    @Test
    public void stdOfOneRunIsUndefinedNotZero() {
        CellSummary one = cell("moco_v2", "none", 0.9150);
        assertEquals(one.n(), 1);
        assertEquals(one.mean(), 0.9150, 0);
        assertTrue(one.std().isEmpty(), "std of a single run must be undefined");
    }

    @Test
    public void stdUsesBesselsCorrection() {
        CellSummary c = cell("moco_v2", "none", 0.70, 0.72, 0.74);
        // sample std of {0.70, 0.72, 0.74} with divisor n - 1 is exactly 0.02 (population std would be 0.0163).
        assertEquals(c.std().getAsDouble(), 0.02, 1e-12);
    }

    @Test
    public void nanValuesAreExcludedAndCounted() {
        CellSummary c = cell("simsiam", "dis+res+adv", 0.9180, 0.9230, Double.NaN);
        assertEquals(c.n(), 2);
        assertEquals(c.nUndefined(), 1);
        assertEquals(c.mean(), (0.9180 + 0.9230) / 2, 1e-12);
    }

    @Test
    public void comparisonWithOneRunIsNotTestableAndSaysWhy() {
        List<ResultRow> rows = new ArrayList<>();
        rows.addAll(rows("barlow_twins", "none", 0.9150));
        rows.addAll(rows("barlow_twins", "dis+res+adv", 0.9205, 0.9211));
        BaselineComparison c = Summaries.of(rows, TTestKind.WELCH).comparisons().get(0);
        assertFalse(c.testable());
        assertNull(c.mark());
        assertTrue(Double.isNaN(c.pValue()));
        assertTrue(c.notTestable().contains("Barlow Twins has n = 1"), c.notTestable());
        assertTrue(c.notTestable().contains("at least 2"), c.notTestable());
    }

    @Test
    public void comparisonWithUnequalNUsesWelchAndListsTheMissingSeed() {
        List<ResultRow> rows = new ArrayList<>();
        rows.addAll(rows("moco_v2", "none", BASE));
        rows.addAll(rows("moco_v2", "dis+res+adv", DIRA));
        Summaries s = Summaries.of(rows, TTestKind.WELCH);
        BaselineComparison c = s.comparisons().get(0);
        assertTrue(c.testable());
        assertEquals(c.pValue(), 0.0102822319697424, 1e-9);
        assertEquals(c.mark(), SignificanceMark.P_05);
        assertEquals(c.seedsMissingInVariant(), List.of(2L));
        assertEquals(c.delta(), (0.7321 + 0.7290) / 2 - (0.7012 + 0.6954 + 0.7088) / 3, 1e-12);
    }

    @Test
    public void identicalSamplesAreNotTestable() {
        List<ResultRow> rows = new ArrayList<>();
        rows.addAll(rows("moco_v2", "none", 0.8, 0.8));
        rows.addAll(rows("moco_v2", "dis+res+adv", 0.9, 0.9));
        BaselineComparison c = Summaries.of(rows, TTestKind.WELCH).comparisons().get(0);
        assertFalse(c.testable());
        assertTrue(c.notTestable().contains("neither sample varies"), c.notTestable());
    }

    @Test
    public void missingBaselineIsNotTestable() {
        BaselineComparison c = Summaries.of(rows("simsiam", "dis+res+adv", 0.7, 0.71), TTestKind.STUDENT)
                .comparisons().get(0);
        assertNotNull(c.notTestable());
        assertNull(c.baseline());
        assertTrue(c.notTestable().startsWith("no SimSiam baseline runs"), c.notTestable());
    }

    private static CellSummary cell(String method, String dira, double... values) {
        List<ResultRow> rs = rows(method, dira, values);
        return new CellSummary(CellKey.of(rs.get(0)), rs);
    }

    static List<ResultRow> rows(String method, String dira, double... values) {
        List<ResultRow> out = new ArrayList<>();
        for (int seed = 0; seed < values.length; seed++) {
            String job = "finetune-" + method + "-" + dira + "-s" + seed;
            out.add(new ResultRow("t", job, method, dira, "montgomery", DataSource.REAL, "paper", 1.0, seed, "dice",
                    values[seed], 28, 10, 1.0, "cpu", "0".repeat(64), "-", "v+1", Instant.EPOCH));
        }
        return out;
    }
}
