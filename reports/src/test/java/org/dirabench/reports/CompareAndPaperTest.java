package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.paper.PaperResults;
import org.dirabench.reports.paper.Verdict;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * The verdicts against the published numbers on a paper-scale fixture, and compare mode between the CPU mini
 * fixture (A) and the GPU paper fixture (B).
 */
public class CompareAndPaperTest {
    private Path mini;
    private Path paper;
    private String compareHtml;
    private ReportOutput compare;

    @BeforeClass
    public void build() throws IOException {
        Path root = FixtureRun.tempDir("compare");
        mini = FixtureRun.create(root.resolve("mini-fixture"), "fixtures/mini-results.csv", id -> false);
        paper = FixtureRun.create(root.resolve("paper-fixture"), "fixtures/paper-results.csv", id -> false);
        compare = ReportBuilder.compare(mini, paper, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        compareHtml = Files.readString(compare.html());
    }

    private static CellSummary cell(String method, String dira, String task, String metric, double... v) {
        List<ResultRow> rows = StatisticsTest.rows(method, dira, v).stream().map(r -> new ResultRow(r.runId(),
                r.jobId(), r.method(), r.dira(), task, r.data(), r.scale(), r.labelFraction(), r.seed(), metric,
                r.value(), r.nTest(), r.epochs(), r.wallSeconds(), r.backend(), r.configSha256(), r.checkpointSha256(),
                r.codeVersion(), r.finishedAt())).toList();
        return new CellSummary(CellKey.of(rows.get(0)), rows);
    }

    @Test
    public void verdictsAgainstThePaperSpread() {
        PaperResults p = PaperResults.load();
        // DiRA_MoCo-v2 on ChestX-ray14: paper 81.12 ± 0.17
        PaperComparison within = PaperComparison.of(cell("moco_v2", "dis+res+adv", "chestxray14", "auc", 0.8110,
                0.8125, 0.8101), p);
        assertEquals(within.verdict(), Verdict.WITHIN, within.reason());
        // Random on ChestX-ray14: paper 80.31 ± 0.10; ours 80.51
        PaperComparison above = PaperComparison.of(cell("random_init", "none", "chestxray14", "auc", 0.8050, 0.8061,
                0.8042), p);
        assertEquals(above.verdict(), Verdict.ABOVE, above.reason());
        assertEquals(above.deltaPercent(), 80.51 - 80.31, 1e-9);
        // DiRA_MoCo-v2 on Montgomery: paper 98.24 ± 0.09; ours 97.91
        assertEquals(PaperComparison.of(cell("moco_v2", "dis+res+adv", "montgomery", "dice", 0.9790, 0.9785, 0.9799),
                p).verdict(), Verdict.BELOW);
        // the label-efficiency rows have no std: above/below, and the reason says the spread is unknown
        CellSummary quarter = cell("moco_v2", "none", "chestxray14", "auc", 0.76, 0.77);
        CellSummary q = new CellSummary(new CellKey("moco_v2", "none", "chestxray14", "auc", 0.25, "paper",
                quarter.key().data()), quarter.runs().stream().map(r -> new ResultRow("t", r.jobId(), "moco_v2",
                "none", "chestxray14", quarter.key().data(), "paper", 0.25, r.seed(), "auc", r.value(), 1, 1, 1, "c",
                "0".repeat(64), "-", "v", java.time.Instant.EPOCH)).toList());
        PaperComparison noStd = PaperComparison.of(q, p);
        assertEquals(noStd.verdict(), Verdict.ABOVE);
        assertTrue(noStd.reason().contains("prints no std"), noStd.reason());
        // a metric the paper does not report for the task is not comparable
        PaperComparison metric = PaperComparison.of(cell("random_init", "none", "lits", "dice", 0.8, 0.81), p);
        assertEquals(metric.verdict(), Verdict.NOT_COMPARABLE);
        assertTrue(metric.reason().contains("metric Dice, the paper reports IoU"), metric.reason());
        // no DiRA_TransVW numbers exist in the sources
        PaperComparison none = PaperComparison.of(cell("transvw", "dis+res+adv", "luna16", "auc", 0.9, 0.91), p);
        assertEquals(none.verdict(), Verdict.NO_PUBLISHED_NUMBER);
        assertNull(none.paper());
    }

    @Test
    public void paperScaleReportHasNoScaleBannerAndShowsVerdicts() throws IOException {
        ReportOutput out = ReportBuilder.build(paper, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        String html = Files.readString(out.html());
        assertTrue(!html.contains("Not at paper scale") && !html.contains("Not the paper&#39;s data"),
                "a paper-scale real-data run must not carry the banners");
        assertTrue(html.contains("<span class=\"verdict within\">within the paper&#39;s spread</span>"));
        assertTrue(html.contains("<span class=\"verdict above\">above the paper</span>"));
        assertTrue(html.contains("<span class=\"verdict below\">below the paper</span>"));
    }

    private String compareRow(String task, String method) {
        Matcher m = Pattern.compile("<tr[^>]*><td>" + Pattern.quote(task) + " <span class=\"unit\">[^<]*</span></td>"
                + "<td class=\"method\">" + Pattern.quote(method) + "</td><td>100 %</td>.*?</tr>").matcher(compareHtml);
        assertTrue(m.find(), "no compare row for " + task + " / " + method);
        return m.group();
    }

    @Test
    public void compareFlagsScaleDataAndMetricDifferences() {
        String row = compareRow("ChestX-ray14", "DiRA_MoCo-v2");
        assertTrue(row.contains("class=\"flagged\""), row);
        assertTrue(row.contains("scale mini → paper"), row);
        assertTrue(row.contains("data stand-in: nih1000 → real"), row);
        assertTrue(row.contains("runs differ significantly"), row);
        // mean(B) - mean(A) = 81.12 - 73.055 = +8.07 points (values rounded as printed)
        assertTrue(row.contains("+8.07"), row);
        String only = compareRow("Montgomery", "SimSiam");
        assertTrue(only.contains("only in A"), only);
        assertTrue(compareRow("Montgomery", "DiRA_MoCo-v2").contains("DiRA mark ** → n.s."),
                compareRow("Montgomery", "DiRA_MoCo-v2"));
    }

    @Test
    public void compareListsProvenanceAndConfigDifferences() throws IOException {
        assertTrue(compareHtml.contains("<th>Code version</th><td>0.1.0-SNAPSHOT+abc1234</td><td>0.1.0-SNAPSHOT+def5678"
                + "</td><td><b>differs</b>"), "code version difference");
        assertTrue(compareHtml.contains("CPU onednn-avx2") && compareHtml.contains("CUDA cuda-11.6"));
        assertTrue(compareHtml.contains("<code>input_size</code></td><td>64</td><td>224</td>"), "config diff");
        assertTrue(compareHtml.contains("<code>batch_size</code></td><td>32</td><td>256</td>"), "config diff");
        assertTrue(compareHtml.contains("Generated at 2026-12-01T08:00:00Z"));
        String md = Files.readString(compare.markdown());
        assertTrue(md.contains("| Code version | 0.1.0-SNAPSHOT+abc1234 | 0.1.0-SNAPSHOT+def5678 | **differs** |"), md);
        assertTrue(compare.dir().endsWith(Path.of("report", "compare-paper-fixture")), compare.dir().toString());
        assertTrue(Files.readString(compare.summaryCsv()).lines().count() > 10);
    }
}
