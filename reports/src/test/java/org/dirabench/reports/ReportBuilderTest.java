package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.math3.stat.inference.TTest;
import org.dirabench.reports.stats.TTestKind;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * A report built from the hand-made mini fixture (stand-in data, a missing seed, a NaN value, cells without a
 * published counterpart, a single-run cell, phantom 3D data and one job without a manifest) says each of these
 * honestly.
 */
public class ReportBuilderTest {
    static final Clock FIXED = Clock.fixed(Instant.parse("2026-12-01T08:00:00Z"), ZoneOffset.UTC);
    private Path run;
    private ReportOutput out;
    private String html;
    private String md;
    private String missingManifestJob;

    @BeforeClass
    public void build() throws IOException {
        Path root = FixtureRun.tempDir("report-test");
        missingManifestJob = "finetune-barlow_twins-dra-montgomery-f1-s0-";
        run = FixtureRun.create(root.resolve("mini-fixture"), "fixtures/mini-results.csv",
                id -> id.startsWith(missingManifestJob));
        out = ReportBuilder.build(run, ReportOptions.defaults().withClock(FIXED));
        html = Files.readString(out.html());
        md = Files.readString(out.markdown());
    }

    /** @return the HTML table row (tr) of the all-results table for a task name and method name */
    private String resultRow(String task, String method) {
        Matcher m = Pattern.compile("<tr><td>" + Pattern.quote(task) + " <span class=\"unit\">[^<]*</span></td>"
                + "<td class=\"method\">" + Pattern.quote(method) + "</td><td>100 %</td>.*?</tr>").matcher(html);
        assertTrue(m.find(), "no results row for " + task + " / " + method);
        return m.group();
    }

    @Test
    public void writesEveryOutput() throws IOException {
        for (Path p : List.of(out.html(), out.markdown(), out.latex(), out.summaryCsv())) {
            assertTrue(Files.size(p) > 500, p + " is too small");
        }
        assertTrue(out.figures().size() >= 12, "figures: " + out.figures());
        try (Stream<Path> s = Files.walk(out.dir())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    public void bannerSaysNotPaperScaleAndNamesStandInAndPhantom() {
        assertTrue(html.contains("<b>Not at paper scale.</b> This run used scale mini"), "scale banner missing");
        assertTrue(html.contains("stand-in dataset <b>nih1000</b> instead of the paper's dataset for ChestX-ray14"),
                "stand-in banner missing");
        assertTrue(html.contains("synthetic phantom images instead of the paper's dataset for LIDC-IDRI (NCS)"));
        assertTrue(md.contains("> **Not at paper scale.**"));
        assertTrue(md.contains("stand-in dataset **nih1000** for ChestX-ray14"));
    }

    @Test
    public void standInRowIsLabelledAndNotComparedWithThePaper() {
        String row = resultRow("ChestX-ray14", "DiRA_MoCo-v2");
        assertTrue(row.contains("<span class=\"badge standin\">stand-in: nih1000</span>"), row);
        assertTrue(row.contains("not comparable"), row);
        assertTrue(row.contains("stand-in dataset nih1000 instead of ChestX-ray14"), row);
        assertTrue(row.contains("scale mini (the paper&#39;s protocol is scale paper)"), row);
        // the published number is still shown beside ours
        assertTrue(row.contains("81.12 ± 0.17"), row);
    }

    @Test
    public void missingSeedGivesUnequalNAndIsSaid() {
        String row = resultRow("ChestX-ray14", "DiRA_MoCo-v2");
        assertTrue(row.contains("<div class=\"n\">n = 2</div>"), "n = 2 expected: " + row);
        assertTrue(row.contains("seed(s) 2 missing for DiRA_MoCo-v2 (unequal n)"), row);
        double p = new TTest().tTest(new double[] {0.7012, 0.6954, 0.7088}, new double[] {0.7321, 0.7290});
        assertTrue(row.contains("p = " + org.dirabench.reports.render.Formats.p(p)), "Welch p " + p + " not in " + row);
    }

    @Test
    public void nanValueIsExcludedAndSaid() {
        String row = resultRow("Montgomery", "DiRA_SimSiam");
        assertTrue(row.contains("n = 2 (+1 NaN excluded)"), row);
        assertTrue(row.contains("1 undefined (NaN) value(s) excluded, seed(s) 2"), row);
        assertTrue(row.contains(org.dirabench.reports.render.Formats.pct((0.9180 + 0.9230) / 2)), row);
        assertTrue(md.contains("1 undefined (NaN) value(s) excluded, seed(s) 2"));
    }

    @Test
    public void rowsWithoutPaperCounterpartSaySo() {
        String dr = resultRow("ChestX-ray14", "DiRA_MoCo-v2 (dis+res)");
        assertTrue(dr.contains("no published number"), dr);
        assertTrue(dr.contains("the paper publishes no number for DiRA_MoCo-v2 (dis+res) on ChestX-ray14 at 100 %"),
                dr);
        String tv = resultRow("LIDC-IDRI (NCS)", "DiRA_TransVW");
        assertTrue(tv.contains("no published number"), tv);
        assertTrue(tv.contains("badge phantom"), tv);
    }

    @Test
    public void singleRunHasUndefinedStdAndIsNotTestable() {
        String row = resultRow("Montgomery", "DiRA_BarlowTwins");
        assertTrue(row.contains("(std undefined)"), row);
        assertTrue(row.contains("not testable"), row);
        assertTrue(row.contains("Barlow Twins has n = 1"), row);
        assertFalse(row.contains("± 0.00"), "a single run must not show std 0: " + row);
    }

    @Test
    public void testChoiceIsPrinted() {
        assertTrue(html.contains("Welch&#39;s t-test (unequal variances, Welch–Satterthwaite df), two-sided"));
        assertTrue(md.contains("Statistical test: Welch's t-test"));
    }

    @Test
    public void missingManifestIsAWarningNotASilence() {
        assertTrue(html.contains("Incomplete run folder"), "warning banner missing");
        assertTrue(html.contains("1 job(s) in results.csv have no manifest.json: " + missingManifestJob));
        assertEquals(out.warnings().size(), 1, out.warnings().toString());
        assertTrue(html.contains("finetune (no manifest)"), "the job must still appear in the provenance table");
    }

    @Test
    public void provenanceComesFromTheManifests() {
        assertTrue(html.contains("CPU onednn-avx2 (oneDNN, OPENBLAS, 2 threads)"));
        assertTrue(html.contains("Intel(R) Xeon(R) CPU @ 2.20GHz, 2 cores, 24.0 GiB, GPU none"));
        assertTrue(html.contains("17.0.15 (Debian)"));
        assertTrue(html.contains("0.1.0-SNAPSHOT+abc1234"));
        assertTrue(html.contains("pretraining 50.7 min over 2 jobs"), "wall time of the pretraining manifests");
        assertTrue(html.contains("spec.yaml (the resolved benchmark spec)"));
    }

    @Test
    public void everyFigureIsLinkedAndDecodable() throws Exception {
        Matcher m = Pattern.compile("<img src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"").matcher(html);
        int n = 0;
        while (m.find()) {
            Path png = out.dir().resolve(m.group(1));
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " is not a PNG");
            assertEquals(img.getWidth(), 2 * Integer.parseInt(m.group(2)));
            assertEquals(img.getHeight(), 2 * Integer.parseInt(m.group(3)));
            Path svg = Path.of(png.toString().replace(".png", ".svg"));
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            assertEquals(f.newDocumentBuilder().parse(svg.toFile()).getDocumentElement().getTagName(), "svg");
            n++;
        }
        assertEquals(n * 2, out.figures().size());
        for (String section : List.of("id=\"with-without\"", "id=\"label-efficiency\"", "id=\"pretraining\"",
                "id=\"restoration\"", "id=\"fine-tuning\"")) {
            assertTrue(html.contains(section), section + " missing");
        }
        assertTrue(html.contains("figures/restoration_pretrain-moco_v2-dra-s0-5e1f00aa.png"));
        assertTrue(html.contains("figures/pretrain_pretrain-moco_v2-dra-s0-5e1f00aa.png"));
    }

    @Test
    public void latexHasBooktabsTablesWithBoldBestAndMarks() throws IOException {
        String tex = Files.readString(out.latex());
        assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule") && tex.contains("\\bottomrule"));
        // DiRA_MoCo-v2 has the best ChestX-ray14 mean (73.06) in the 100 % table
        assertTrue(tex.contains("$\\mathbf{73.06 \\pm 0.22}$\\textsuperscript{*}"), tex);
        assertTrue(tex.contains("stand-in dataset nih1000"));
        assertTrue(tex.contains("$\\dagger$: single run, std undefined."));
        assertEquals(count(tex, "\\begin{table}"), 2, "one table per label fraction");
    }

    @Test
    public void summaryCsvHasOneRowPerCellWithUndefinedStdAsNaN() throws IOException {
        Map<String, CSVRecord> byKey = new TreeMap<>();
        try (Reader r = Files.newBufferedReader(out.summaryCsv(), StandardCharsets.UTF_8);
                CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            for (CSVRecord rec : p) {
                byKey.put(rec.get("task") + "|" + rec.get("metric") + "|" + rec.get("label_fraction") + "|"
                        + rec.get("method_name"), rec);
            }
        }
        // 17 headline cells + 2 per-class cells
        assertEquals(byKey.size(), 19, byKey.keySet().toString());
        CSVRecord bt = byKey.get("montgomery|dice|1.0|Barlow Twins");
        assertEquals(bt.get("n"), "1");
        assertEquals(bt.get("std"), "NaN");
        CSVRecord moco = byKey.get("chestxray14|auc|1.0|DiRA_MoCo-v2");
        assertEquals(moco.get("seeds"), "0 1");
        assertEquals(moco.get("verdict"), "not_comparable");
        assertEquals(moco.get("paper_source"), "DiRA README images/result2.png");
        assertEquals(byKey.get("chestxray14|auc:Hernia|1.0|MoCo v2").get("n_nan"), "1");
    }

    @Test
    public void sameFilesSameBytesExceptTheGeneratedAtLine() throws IOException {
        Path again = FixtureRun.tempDir("report-again");
        ReportOutput second = ReportBuilder.build(run, ReportOptions.defaults().withClock(FIXED)
                .withOutputDir(again));
        for (Path p : List.of(out.html(), out.markdown(), out.latex(), out.summaryCsv())) {
            assertEquals(Files.readString(second.dir().resolve(p.getFileName())), Files.readString(p), p + " differs");
        }
        for (Path f : out.figures()) {
            assertEquals(Files.readAllBytes(again.resolve("figures").resolve(f.getFileName())), Files.readAllBytes(f),
                    f + " is not reproducible");
        }
        Path later = FixtureRun.tempDir("report-later");
        ReportBuilder.build(run, ReportOptions.defaults().withOutputDir(later)
                .withClock(Clock.offset(FIXED, java.time.Duration.ofDays(3))));
        List<String> a = Files.readAllLines(out.html());
        List<String> b = Files.readAllLines(later.resolve("index.html"));
        assertEquals(a.size(), b.size());
        int differing = 0;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                differing++;
                assertTrue(a.get(i).startsWith("<p class=\"gen\">Generated at"), a.get(i));
            }
        }
        assertEquals(differing, 1);
    }

    @Test
    public void studentOptionIsPrintedAndUsed() throws IOException {
        Path dir = FixtureRun.tempDir("report-student");
        ReportOutput s = ReportBuilder.build(run, ReportOptions.defaults().withClock(FIXED)
                .withTest(TTestKind.STUDENT).withOutputDir(dir));
        String h = Files.readString(s.html());
        assertTrue(h.contains("Student&#39;s t-test (pooled variance"));
        double p = new TTest().homoscedasticTTest(new double[] {0.7012, 0.6954, 0.7088}, new double[] {0.7321,
            0.7290});
        assertTrue(h.contains(org.dirabench.reports.render.Formats.p(p)), "Student p " + p);
    }

    @Test
    public void brokenResultsFailWithFileAndLine() throws IOException {
        Path bad = FixtureRun.tempDir("bad-run");
        Files.writeString(bad.resolve("results.csv"), Files.readString(run.resolve("results.csv"))
                .replaceFirst(",0\\.7012,", ",0.7O12,"));
        org.dirabench.reports.results.RunFormatException e = org.testng.Assert.expectThrows(
                org.dirabench.reports.results.RunFormatException.class,
                () -> ReportBuilder.build(bad, ReportOptions.defaults()));
        assertTrue(e.getMessage().contains("results.csv:5: column value: '0.7O12'"), e.getMessage());
    }

    @Test
    public void runWithoutResultsYetStillGetsAnHonestReport() throws IOException {
        Path empty = FixtureRun.tempDir("empty-run");
        Files.writeString(empty.resolve("results.csv"), String.join(",",
                org.dirabench.reports.results.ResultsCsv.COLUMNS) + "\r\n");
        ReportOutput o = ReportBuilder.build(empty, ReportOptions.defaults().withClock(FIXED));
        assertTrue(Files.readString(o.html()).contains("<b>No results yet.</b>"));
        assertTrue(o.warnings().contains("no jobs/ folder: provenance, curves and restoration examples are not"
                + " available"), o.warnings().toString());
        assertTrue(o.figures().isEmpty());
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }
}
