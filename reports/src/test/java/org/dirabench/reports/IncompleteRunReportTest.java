package org.dirabench.reports;

import static org.dirabench.reports.IncompleteRunFixture.MOCO_ERROR;
import static org.dirabench.reports.IncompleteRunFixture.OOM_ERROR;
import static org.dirabench.reports.IncompleteRunFixture.PRE_DIRA2;
import static org.dirabench.reports.IncompleteRunFixture.PRE_MOCO;
import static org.dirabench.reports.IncompleteRunFixture.finetune;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.RunFolder;
import org.dirabench.reports.run.RunPlan;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Failed, unfinished and never-started planned jobs are named in the report (banner, section, cells), and a run
 * without results says so and takes its scale and data from spec.yaml and the manifests, not from nothing.
 */
public class IncompleteRunReportTest {
    private Path partial;
    private ReportOutput out;
    private String html;
    private String md;

    private final String dira2 = finetune("chestxray14", "dira_moco_v2-dis_res_adv", "1", 2);
    private final String random2 = finetune("chestxray14", "random_init", "1", 2);
    private final String moco0 = finetune("chestxray14", "moco_v2", "1", 0);

    @BeforeClass
    public void build() throws IOException {
        partial = IncompleteRunFixture.partial(FixtureRun.tempDir("incomplete").resolve("partial"));
        out = ReportBuilder.build(partial, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        html = Files.readString(out.html());
        md = Files.readString(out.markdown());
    }

    @Test
    public void planStatesAndBlockersAreRead() throws IOException {
        RunPlan plan = RunFolder.read(partial).plan();
        assertTrue(plan.fromPlanJson());
        assertEquals(plan.jobs().size(), 12);
        assertEquals(plan.job(PRE_MOCO).state(), JobStatus.State.FAILED);
        assertEquals(plan.job(PRE_MOCO).error(), MOCO_ERROR);
        assertEquals(plan.job(PRE_MOCO).failedAt(), "2026-11-30T12:10:00Z");
        assertEquals(plan.job(dira2).state(), JobStatus.State.FAILED);
        assertEquals(plan.job(random2).state(), JobStatus.State.UNFINISHED);
        JobStatus moco = plan.job(moco0);
        assertEquals(moco.state(), JobStatus.State.NOT_STARTED);
        assertFalse(moco.fromJobJson());
        assertEquals(moco.method(), "moco_v2");
        assertEquals(moco.dira(), "none");
        assertEquals(moco.task(), "chestxray14");
        assertEquals(moco.labelFraction(), 1.0);
        assertEquals(moco.scale(), "mini", "a job without a folder takes the spec's scale");
        assertEquals(moco.dependsOn(), List.of(PRE_MOCO), "inferred from the ids");
        assertEquals(plan.blockers(moco0), List.of(PRE_MOCO));
        assertEquals(plan.blockedBy(PRE_MOCO).size(), 3);
        assertTrue(plan.blockedBy(PRE_DIRA2).isEmpty(), "DiRA's pretraining finished");
        assertTrue(plan.blockers(random2).isEmpty());
    }

    @Test
    public void bannerAtTheTopNamesFailedJobsWithTheirErrors() {
        int banner = html.indexOf("<div class=\"banner fail\"");
        assertTrue(banner > 0, "failure banner missing");
        assertTrue(banner < html.indexOf("<nav>"), "the banner must come before the contents");
        String b = html.substring(banner, html.indexOf("</div>", banner));
        assertTrue(b.contains("Incomplete run: 2 of 12 planned jobs failed, 3 not started, 1 unfinished."), b);
        assertTrue(b.contains("<code>" + PRE_MOCO + "</code>"), b);
        assertTrue(b.contains("java.lang.IllegalStateException: pretraining loss is NaN at step 812 (lr 0.03)"), b);
        assertTrue(b.contains("→ blocks 3 jobs (fine-tuning)"), b);
        assertTrue(b.contains("<code>" + dira2 + "</code>"), b);
        assertTrue(b.contains(OOM_ERROR), b);
        assertTrue(b.contains("3 not started</b> (no job folder): 3 blocked by the failed jobs above"), b);
        assertTrue(b.contains("1 unfinished</b>"), b);
        assertTrue(b.contains(random2), b);
        assertFalse(b.contains("\tat org.dirabench"), "only the first line of the error: " + b);
    }

    @Test
    public void sectionListsEveryJobThatIsNotDoneAndWhatBlocksWhat() {
        int at = html.indexOf("<section id=\"jobs\">");
        assertTrue(at > 0 && at < html.indexOf("<section id=\"tables\">"), "section missing or after the tables");
        String s = html.substring(at, html.indexOf("</section>", at));
        for (int seed = 0; seed < 3; seed++) {
            String id = finetune("chestxray14", "moco_v2", "1", seed);
            assertTrue(s.contains("<tr><td><code>" + id + "</code></td><td>MoCo v2 on ChestX-ray14, 100 % labels, seed "
                    + seed + "</td><td><span class=\"state not_started\">not started</span></td><td>blocked by failed"
                    + " pretraining job " + PRE_MOCO), "row of " + id + " in " + s);
        }
        assertTrue(s.contains("<span class=\"state failed\">failed</span><div class=\"n\">2026-11-30T13:05:00Z</div>"),
                s);
        assertTrue(s.contains("<span class=\"state unfinished\">unfinished</span>"), s);
        assertTrue(s.contains("interrupted, or still running"), s);
        assertTrue(s.contains("3 jobs: <code>" + moco0 + "</code>"), "the failed pretraining lists what it blocks");
        assertTrue(s.contains("MoCo v2 on ChestX-ray14, 100 % labels, scale mini (0 of 3 planned runs; 3 not"
                + " started)"), s);
        assertTrue(html.contains("<a href=\"#jobs\">Failed and unfinished jobs</a>"), "contents link");
        assertTrue(html.contains("<tr><th>Methods</th><td>Random init, DiRA_MoCo-v2; planned, without any result:"
                + " MoCo v2</td></tr>"), "overview names the method without results");
        assertTrue(html.contains("<tr><th>Fine-tuning seeds</th><td>0, 1 (planned: 0, 1, 2)</td></tr>"));
    }

    @Test
    public void cellsWithMissingRunsSaySo() {
        // the paper-layout table
        assertTrue(html.contains("<div class=\"n short\">n = 2 of 3 planned; 1 failed</div>"), "DiRA cell");
        assertTrue(html.contains("<div class=\"n short\">n = 2 of 3 planned; 1 unfinished</div>"), "random-init cell");
        assertTrue(html.contains("<td class=\"missing\">no results<div class=\"n\">n = 0 of 3 planned; 3 not started"
                + "</div></td>"), "the MoCo v2 row must be in the table, saying why it is empty");
        // the all-results table: a row for the baseline without results, and the reason it is not testable
        Matcher m = Pattern.compile("<tr class=\"missing\"><td>ChestX-ray14</td><td class=\"method\">MoCo v2</td>.*?"
                + "</tr>").matcher(html);
        assertTrue(m.find(), "no all-results row for the missing MoCo v2 baseline");
        assertTrue(m.group().contains("seeds 0, 1, 2 not started: blocked by failed pretraining job " + PRE_MOCO),
                m.group());
        Matcher d = Pattern.compile("<tr><td>ChestX-ray14 <span class=\"unit\">AUC</span></td><td class=\"method\">"
                + "DiRA_MoCo-v2</td>.*?</tr>").matcher(html);
        assertTrue(d.find());
        String row = d.group();
        assertTrue(row.contains("not testable: no MoCo v2 baseline runs"), row);
        assertTrue(row.contains("the MoCo v2 baseline was planned, but none of its 3 run(s) has results: seeds 0, 1,"
                + " 2 not started: blocked by failed pretraining job " + PRE_MOCO), row);
        assertTrue(row.contains("missing planned run(s): seed 2 failed (" + OOM_ERROR + ")"), row);
    }

    @Test
    public void markdownSaysTheSame() {
        assertTrue(md.indexOf("> **Incomplete run: 2 of 12 planned jobs failed, 3 not started, 1 unfinished.**")
                < md.indexOf("## Tables in the paper's layout"), md);
        assertTrue(md.contains("> - **failed**: pretraining job `" + PRE_MOCO + "` (MoCo v2 pretraining, seed 0) at"
                + " 2026-11-30T12:10:00Z: `" + MOCO_ERROR + "` → **blocks 3 jobs**"), md);
        assertTrue(md.contains("## Failed and unfinished jobs"), md);
        assertTrue(md.contains("| `" + dira2 + "` | DiRA_MoCo-v2 on ChestX-ray14, 100 % labels, seed 2 | failed at"
                + " 2026-11-30T13:05:00Z | `" + OOM_ERROR + "` |"), md);
        assertTrue(md.contains("n = 2 of 3 planned; 1 failed"), md);
        assertTrue(md.contains("*no results* (n = 0 of 3 planned; 3 not started)"), md);
        assertTrue(md.contains("the MoCo v2 baseline was planned, but none of its 3 run(s) has results"), md);
    }

    @Test
    public void latexSummaryAndOutputSaySoToo() throws IOException {
        String tex = Files.readString(out.latex());
        assertTrue(tex.contains("\\S: planned runs missing"), tex);
        assertTrue(tex.contains("--$^{\\S}$"), tex);
        try (Reader r = Files.newBufferedReader(out.summaryCsv(), StandardCharsets.UTF_8);
                CSVParser p = CSVParser.parse(r, CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                        .get())) {
            boolean seen = false;
            for (CSVRecord rec : p) {
                if (rec.get("method_name").equals("DiRA_MoCo-v2")) {
                    assertEquals(rec.get("n"), "2");
                    assertEquals(rec.get("planned"), "3");
                    assertEquals(rec.get("missing"), "seed 2 failed (" + OOM_ERROR + ")");
                    seen = true;
                }
            }
            assertTrue(seen);
        }
        assertEquals(out.incompleteJobs().size(), 6, out.incompleteJobs().toString());
        assertTrue(out.incompleteJobs().contains("failed: " + PRE_MOCO + " at 2026-11-30T12:10:00Z: " + MOCO_ERROR
                + " (blocks 3 jobs)"), out.incompleteJobs().toString());
        assertEquals(out.toString(), out.html() + " (" + out.figureCount() + " figures, 0 warnings; 6 jobs failed or"
                + " did not finish)");
        assertEquals(out.indexHtml(), out.dir().resolve("index.html"));
    }

    @Test
    public void runWithoutResultsTakesScaleAndDataFromSpecAndManifests() throws IOException {
        Path smoke = IncompleteRunFixture.smokeWithoutResults(FixtureRun.tempDir("incomplete").resolve("smoke"));
        ReportOutput o = ReportBuilder.build(smoke, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        String h = Files.readString(o.html());
        String overview = h.substring(h.indexOf("<section id=\"overview\">"), h.indexOf("</section>",
                h.indexOf("<section id=\"overview\">")));
        assertFalse(h.contains("paper protocol, real data"), "a smoke run without results is not paper/real");
        assertFalse(overview.contains("badge real"), overview);
        assertTrue(overview.contains("<tr><th>Scale</th><td>smoke (from spec.yaml and the job configurations; not the"
                + " paper&#39;s protocol)</td></tr>"), overview);
        assertTrue(overview.contains("<span class=\"badge standin\">stand-in: nih1000</span>"), overview);
        assertTrue(overview.contains("<tr><th>Results</th><td><b>none yet</b>: results.csv has a header but no rows:"
                + " none of the 6 planned fine-tuning jobs has finished (2 failed, 4 not started; 2 are blocked by a"
                + " failed job they need); 1 pretraining job failed.</td></tr>"), overview);
        assertTrue(overview.contains("<tr><th>Tasks (planned)</th><td>ChestX-ray14, ChestX-ray14 normal/abnormal"),
                overview);
        assertTrue(overview.contains("<tr><th>Methods (planned)</th><td>Random init, MoCo v2, DiRA_MoCo-v2</td>"),
                overview);
        assertTrue(h.contains("<b>No results yet.</b> results.csv has a header but no rows: none of the 6 planned"
                + " fine-tuning jobs has finished"), "no-results banner with the reason");
        assertTrue(h.contains("<b>Not at paper scale.</b> This run used scale smoke"), "scale banner");
        assertTrue(h.contains("stand-in dataset <b>nih1000</b> instead of the paper's dataset for ChestX-ray14"),
                "data banner from the pretraining manifests");
        assertTrue(h.contains("Incomplete run: 3 of 9 planned jobs failed, 4 not started."), "failure banner");
        assertTrue(h.contains("not reached: the run stopped before it, or is still running"), h);
        String m = Files.readString(o.markdown());
        assertTrue(m.contains("> **No results yet.** results.csv has a header but no rows: none of the 6 planned"
                + " fine-tuning jobs has finished"), m);
        assertTrue(m.contains("- Scale: smoke (not the paper's protocol)"), m);
        assertTrue(m.contains("- Data: stand-in: nih1000 (recorded by the manifests of the jobs that finished)"), m);
        assertTrue(m.contains("> **Incomplete run: 3 of 9 planned jobs failed, 4 not started.**"), m);
        assertFalse(m.contains("real data"), m);
    }

    @Test
    public void olderRunWithoutPlanOrResultsFallsBackToItsFolders() throws IOException {
        Path older = IncompleteRunFixture.olderRunNothingRecorded(FixtureRun.tempDir("incomplete").resolve("older"));
        ReportOutput o = ReportBuilder.build(older, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        String h = Files.readString(o.html());
        assertTrue(h.contains("Incomplete run: 1 of 1 job folders failed."), "from the folders present");
        assertTrue(h.contains("This run folder has no plan.json (an older run)"), h);
        assertTrue(h.contains(MOCO_ERROR), h);
        assertTrue(h.contains("there is no results.csv, and") || h.contains("there is no results.csv:"), h);
        String overview = h.substring(h.indexOf("<section id=\"overview\">"), h.indexOf("</section>",
                h.indexOf("<section id=\"overview\">")));
        assertTrue(overview.contains("not recorded yet: no job that reads data has finished"), overview);
        assertTrue(overview.contains("spec.yaml names chestxray14 = ${DIRA_DATA_ROOT}/chestxray14_nih1000"), overview);
        assertFalse(overview.contains("badge real"), overview);
        assertFalse(h.contains("paper protocol"), "nothing says paper");
        assertTrue(o.warnings().stream().anyMatch(w -> w.startsWith("no results.csv")), o.warnings().toString());
    }

    @Test
    public void aMissingFolderAndAFolderThatIsNoRunAreNamedAsSuch() throws IOException {
        Path tmp = FixtureRun.tempDir("not-a-run");
        java.nio.file.NoSuchFileException missing = org.testng.Assert.expectThrows(
                java.nio.file.NoSuchFileException.class, () -> RunFolder.read(tmp.resolve("nonexistent")));
        assertTrue(missing.getMessage().contains("nonexistent") && missing.getMessage().contains("no such run folder"),
                missing.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        java.nio.file.NoSuchFileException none = org.testng.Assert.expectThrows(
                java.nio.file.NoSuchFileException.class, () -> RunFolder.read(empty));
        assertTrue(none.getMessage().contains("not a run folder"), none.getMessage());
    }

    @Test
    public void aCompleteRunHasNoFailureBanner() throws IOException {
        Path run = FixtureRun.create(FixtureRun.tempDir("complete").resolve("mini-fixture"),
                "fixtures/mini-results.csv", id -> false);
        ReportOutput o = ReportBuilder.build(run, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        String h = Files.readString(o.html());
        assertFalse(h.contains("banner fail"));
        assertFalse(h.contains("planned;"), "no cell claims missing runs");
        assertTrue(o.incompleteJobs().isEmpty(), o.incompleteJobs().toString());
        assertEquals(o.toString(), o.dir().resolve("index.html") + " (" + o.figures().size() / 2 + " figures, 0"
                + " warnings)");
        assertTrue(o.figureCount() >= 6, o.toString());
    }
}
