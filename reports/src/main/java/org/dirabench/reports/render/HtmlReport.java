package org.dirabench.reports.render;

import static org.dirabench.reports.render.Html.esc;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.paper.Verdict;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.Manifest;
import org.dirabench.reports.run.RunPlan;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;

/**
 * Writes {@code report/index.html}: one page without external resources (inline CSS, no scripts), figures linked
 * relatively from {@code figures/}, so the report folder can be moved or archived as a whole.
 */
final class HtmlReport {
    private final ReportModel m;
    private final Path reportDir;
    /** Failed jobs named in the banner before "and N more". */
    private static final int BANNER_MAX = 8;
    private final StringBuilder h = new StringBuilder(64 * 1024);

    HtmlReport(ReportModel model, Path reportDir) {
        this.m = model;
        this.reportDir = reportDir;
    }

    String render() {
        String run = m.run().name();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>DiRA reproduction report: ").append(esc(run)).append("</title>\n<style>\n")
                .append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(run);
        toc();
        overview();
        incompleteJobs();
        mainTables();
        resultsTable();
        figures(ReportModel.Section.BARS, "with-without", "With and without DiRA",
                "The paper's comparison of each baseline with its DiRA variant, per task.");
        figures(ReportModel.Section.EFFICIENCY, "label-efficiency", "Label efficiency",
                "Fine-tuning with a fraction of the training labels.");
        figures(ReportModel.Section.PRETRAINING, "pretraining", "Pretraining losses",
                "One figure per pretraining job, one panel per loss term of its curves.csv.");
        figures(ReportModel.Section.RESTORATION, "restoration", "Restoration examples",
                "What the DiRA restoration branch produced at the end of pretraining.");
        figures(ReportModel.Section.FINETUNING, "fine-tuning", "Fine-tuning curves",
                "Validation metric and losses per epoch, one line per fine-tuning job.");
        perClass();
        provenance();
        notes();
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private void header(String run) {
        h.append("<header>\n<h1>DiRA reproduction report</h1>\n<p class=\"sub\">Run <b>").append(esc(run))
                .append("</b> · ").append(m.run().results().size()).append(" result rows from ")
                .append(m.jobRows().size()).append(" fine-tuning jobs · scale ")
                .append(esc(m.scales().isEmpty() ? "unknown" : String.join(", ", m.scales())))
                .append(m.planSummary().isEmpty() ? "" : " · " + esc(m.planSummary()))
                .append("</p>\n<p class=\"gen\">Generated at ")
                .append(esc(m.generatedAt().toString()))
                .append(" from the run folder's files; every other time in this report is read from them.</p>\n")
                .append("</header>\n");
        failureBanner();
        if (!m.hasResults()) {
            h.append("<div class=\"banner warn\"><b>No results yet.</b> ").append(esc(m.noResultsReason()))
                    .append(" Nothing below is a measurement.</div>\n");
        }
        if (!m.atPaperScale()) {
            List<String> notPaper = m.scales().stream().filter(s -> !"paper".equals(s)).toList();
            if (!notPaper.isEmpty()) {
                h.append("<div class=\"banner scale\"><b>Not at paper scale.</b> This run used scale ")
                        .append(esc(String.join(", ", notPaper)))
                        .append(": smaller inputs, narrower networks, fewer epochs and fewer runs than the paper's"
                                + " protocol (ARCHITECTURE.md §5). Its numbers test the pipeline and show trends;"
                                + " they are not comparable with the published values, and the verdicts below say"
                                + " so.</div>\n");
            }
        }
        Map<DataSource, SortedSet<String>> other = m.nonRealData();
        if (!other.isEmpty()) {
            h.append("<div class=\"banner data\"><b>Not the paper's data.</b><ul>\n");
            other.forEach((d, tasks) -> {
                List<String> names = tasks.stream().map(DisplayNames::task).toList();
                h.append("<li>").append(badge(d)).append(' ');
                if (d.kind() == DataSource.Kind.STAND_IN) {
                    h.append("stand-in dataset <b>").append(esc(d.name())).append("</b> instead of the paper's ")
                            .append("dataset for ");
                } else {
                    h.append("synthetic phantom images instead of the paper's dataset for ");
                }
                h.append(esc(String.join(", ", names))).append(".</li>\n");
            });
            h.append("</ul></div>\n");
        }
        if (!m.warnings().isEmpty()) {
            h.append("<div class=\"banner warn\"><b>Incomplete run folder.</b><ul>\n");
            for (String w : m.warnings()) {
                h.append("<li>").append(esc(w)).append("</li>\n");
            }
            h.append("</ul></div>\n");
        }
    }

    private void toc() {
        h.append("<nav><b>Contents</b> <a href=\"#overview\">Overview</a>");
        if (m.incompleteRun()) {
            h.append(" <a href=\"#jobs\">Failed and unfinished jobs</a>");
        }
        h.append(" <a href=\"#tables\">Tables</a>")
                .append(" <a href=\"#results\">All results</a>");
        String[][] sec = {{"BARS", "with-without", "With/without DiRA"}, {"EFFICIENCY", "label-efficiency",
            "Label efficiency"}, {"PRETRAINING", "pretraining", "Pretraining"}, {"RESTORATION", "restoration",
            "Restoration"}, {"FINETUNING", "fine-tuning", "Fine-tuning"}};
        for (String[] s : sec) {
            if (!m.figures(ReportModel.Section.valueOf(s[0])).isEmpty()) {
                h.append(" <a href=\"#").append(s[1]).append("\">").append(s[2]).append("</a>");
            }
        }
        if (!m.perClassCells().isEmpty()) {
            h.append(" <a href=\"#per-class\">Per class</a>");
        }
        h.append(" <a href=\"#provenance\">Provenance</a> <a href=\"#notes\">Notes</a></nav>\n");
    }

    /** The red banner at the top: which planned jobs failed (with the error), never started or did not finish. */
    private void failureBanner() {
        if (!m.incompleteRun()) {
            return;
        }
        RunPlan plan = m.plan();
        h.append("<div class=\"banner fail\" id=\"failed-banner\"><b>Incomplete run: ")
                .append(esc(m.incompleteHeadline())).append(".</b> Their results are missing from the tables"
                        + " below; a cell with missing runs says so (e.g. &ldquo;n = 2 of 3 planned; 1 failed&rdquo;)."
                        + "<ul>\n");
        List<JobStatus> failed = plan.in(JobStatus.State.FAILED);
        int shown = 0;
        for (JobStatus j : failed) {
            if (shown++ == BANNER_MAX) {
                h.append("<li>… and ").append(failed.size() - BANNER_MAX).append(" more failed jobs (below)</li>\n");
                break;
            }
            h.append("<li><b>failed</b>: ").append(esc(j.kindName())).append(" job <code>").append(esc(j.id()))
                    .append("</code>");
            String what = ReportModel.describe(j);
            if (!what.isEmpty()) {
                h.append(" (").append(esc(what)).append(')');
            }
            if (!j.failedAt().isEmpty()) {
                h.append(" at ").append(esc(j.failedAt()));
            }
            h.append(": <span class=\"err\">").append(esc(j.error())).append("</span>");
            List<JobStatus> blocked = plan.blockedBy(j.id());
            if (!blocked.isEmpty()) {
                long fine = blocked.stream().filter(JobStatus::isFinetune).count();
                h.append(" <b>→ blocks ").append(blocked.size()).append(blocked.size() == 1 ? " job" : " jobs")
                        .append(fine > 0 && fine < blocked.size() ? " (" + fine + " fine-tuning)" : fine > 0
                                ? " (fine-tuning)" : "").append("</b>");
            }
            h.append("</li>\n");
        }
        List<JobStatus> notStarted = plan.in(JobStatus.State.NOT_STARTED);
        if (!notStarted.isEmpty()) {
            long blocked = notStarted.stream().filter(j -> !plan.blockers(j.id()).isEmpty()).count();
            h.append("<li><b>").append(notStarted.size()).append(" not started</b> (no job folder): ");
            if (blocked > 0) {
                h.append(blocked).append(" blocked by the failed jobs above");
            }
            if (blocked < notStarted.size()) {
                h.append(blocked > 0 ? "; " : "").append(notStarted.size() - blocked)
                        .append(" not reached: the run stopped before them or is still running");
            }
            h.append("</li>\n");
        }
        List<JobStatus> unfinished = plan.in(JobStatus.State.UNFINISHED);
        if (!unfinished.isEmpty()) {
            h.append("<li><b>").append(unfinished.size()).append(" unfinished</b> (started; neither DONE nor FAILED:"
                    + " interrupted or still running): ");
            h.append(String.join(", ", unfinished.stream().limit(BANNER_MAX).map(j -> "<code>" + esc(j.id())
                    + "</code>").toList())).append(unfinished.size() > BANNER_MAX ? ", …" : "").append("</li>\n");
        }
        h.append("</ul><a href=\"#jobs\">Every failed and unfinished job</a></div>\n");
    }

    private void overview() {
        h.append("<section id=\"overview\">\n<h2>Overview</h2>\n<table class=\"facts\">\n");
        Provenance p = new Provenance(m);
        if (!m.hasResults()) {
            factRaw("Results", "<b>none yet</b>: " + esc(m.noResultsReason()));
        }
        String scales = m.scales().isEmpty() ? "unknown (no results and no scale in spec.yaml)"
                : String.join(", ", m.scales());
        if (m.hasResults()) {
            fact("Scale", scales + (m.atPaperScale() ? " (paper protocol, real data)" : " (not the paper's protocol)"));
        } else {
            fact("Scale", scales + (m.scales().isEmpty() ? "" : " (from spec.yaml and the job configurations; "
                    + (m.scales().stream().allMatch("paper"::equals) ? "the paper's protocol" : "not the paper's"
                    + " protocol") + ")"));
        }
        StringBuilder data = new StringBuilder();
        for (String d : p.dataSources()) {
            data.append(data.length() > 0 ? " " : "").append(badge(DataSource.parse(d)));
        }
        if (!m.hasResults()) {
            data.append(esc(p.dataWithoutResults())).append(p.dataFromManifests().isEmpty() ? ""
                    : " " + p.dataFromManifests().stream().map(d -> badge(d)).reduce((a, b) -> a + " " + b)
                    .orElse("") + esc(" (recorded by the manifests of the jobs that finished)"));
        }
        factRaw("Data", data.toString());
        String planned = m.hasResults() ? "" : " (planned)";
        fact("Tasks" + planned, String.join(", ", p.tasks().stream().map(DisplayNames::task).toList()));
        fact("Methods" + planned, String.join(", ", p.methods()) + p.methodsWithoutResults());
        fact("Label fractions" + planned, String.join(", ", p.fractions()));
        fact("Fine-tuning seeds" + planned, String.join(", ", p.finetuneSeeds()) + p.seedsWithoutResults());
        fact("Pretraining seeds", p.pretrainSeeds().isEmpty() ? "— (no pretraining manifests)"
                : String.join(", ", p.pretrainSeeds()));
        if (!m.planSummary().isEmpty()) {
            factRaw("Jobs", esc(m.planSummary()) + (m.incompleteRun() ? " (<a href=\"#jobs\">which</a>)" : ""));
        }
        fact("Statistical test", m.summaries().test().description()
                + "; commons-math3 " + (m.summaries().test().name().equals("WELCH") ? "TTest.tTest"
                        : "TTest.homoscedasticTTest")
                + "; over per-seed values of each DiRA variant and its baseline");
        fact("Code version", String.join(", ", p.codeVersions()));
        fact("Backend", String.join("; ", p.backends()));
        fact("Hardware", p.hardware().isEmpty() ? "— (no manifests)" : String.join("; ", p.hardware()));
        fact("JVM", p.jvms().isEmpty() ? "— (no manifests)" : String.join("; ", p.jvms()));
        fact("Wall time", p.wallTimeSummary());
        fact("Time span", p.timeSpan());
        h.append("</table>\n</section>\n");
    }

    /** The section listing every planned job that failed, did not finish or never started. */
    private void incompleteJobs() {
        if (!m.incompleteRun()) {
            return;
        }
        RunPlan plan = m.plan();
        h.append("<section id=\"jobs\">\n<h2>Failed and unfinished jobs</h2>\n<p>")
                .append(esc(m.incompleteHeadline())).append(". ")
                .append(plan.fromPlanJson() ? "From the run's plan (plan.json) and each job folder's DONE, FAILED"
                        + " and job.json." : "This run folder has no plan.json (an older run): these are the job"
                        + " folders present without DONE; jobs that never started cannot be listed.")
                .append(" A job that never started has no folder, so what it needed is inferred from the job ids."
                        + "</p>\n<div class=\"scroll\"><table class=\"results jobstate\">\n<thead><tr><th>Job</th>"
                        + "<th>What</th><th>State</th><th>Error (first line of FAILED) or reason</th>"
                        + "<th>Blocks</th></tr></thead>\n<tbody>\n");
        for (JobStatus j : plan.incomplete()) {
            h.append("<tr><td><code>").append(esc(j.id())).append("</code></td><td>")
                    .append(esc(ReportModel.describe(j).isEmpty() ? j.kindName() : ReportModel.describe(j)))
                    .append("</td><td><span class=\"state ").append(j.state().name().toLowerCase(java.util.Locale.ROOT))
                    .append("\">").append(esc(j.state().label())).append("</span>");
            if (!j.failedAt().isEmpty()) {
                h.append("<div class=\"n\">").append(esc(j.failedAt())).append("</div>");
            }
            h.append("</td><td>");
            if (j.state() == JobStatus.State.FAILED) {
                h.append("<span class=\"err\">").append(esc(j.error())).append("</span>");
            } else {
                String why = m.blockedPhrase(j);
                h.append(esc(!why.isEmpty() ? why : j.state() == JobStatus.State.UNFINISHED
                        ? "started (job folder present) but neither DONE nor FAILED: interrupted, or still running"
                        : "not reached: the run stopped before it, or is still running"));
            }
            h.append("</td><td>");
            List<JobStatus> blocked = j.state() == JobStatus.State.FAILED ? plan.blockedBy(j.id()) : List.of();
            if (!blocked.isEmpty()) {
                h.append(blocked.size()).append(blocked.size() == 1 ? " job: " : " jobs: ").append(String.join(", ",
                        blocked.stream().map(b -> "<code>" + esc(b.id()) + "</code>").toList()));
            }
            h.append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        List<ReportModel.MissingCell> cells = m.missingCells();
        if (!cells.isEmpty()) {
            h.append("<p>Cells without a single result (every planned run missing):</p>\n<ul>\n");
            for (ReportModel.MissingCell c : cells) {
                h.append("<li>").append(esc(missingCellName(c))).append(": ")
                        .append(esc(String.join("; ", m.missingDetails(c.jobs())))).append("</li>\n");
            }
            h.append("</ul>\n");
        }
        h.append("</section>\n");
    }

    /** @return e.g. "MoCo v2 on ChestX-ray14, 100 % labels, scale smoke (0 of 1 planned runs)" */
    static String missingCellName(ReportModel.MissingCell c) {
        ReportModel.RunGroup g = c.group();
        return g.methodName() + " on " + DisplayNames.task(g.task()) + ", " + Formats.fraction(g.labelFraction())
                + " labels" + (g.scale().isEmpty() ? "" : ", scale " + g.scale()) + " (0 of " + c.jobs().size()
                + " planned runs; " + ReportModel.missingCounts(c.jobs()) + ")";
    }

    private void mainTables() {
        h.append("<section id=\"tables\">\n<h2>Tables in the paper's layout</h2>\n");
        if (m.blocks().isEmpty()) {
            h.append("<p class=\"na\">No tables: ").append(esc(m.hasResults() ? "no headline metric in results.csv."
                    : m.noResultsReason())).append("</p>\n");
        }
        char sub = 'a';
        for (ReportModel.Block b : m.blocks()) {
            h.append("<p class=\"tcap\"><b>Table 1").append(sub++)
                    .append(".</b> Fine-tuning at ").append(esc(Formats.fraction(b.labelFraction())))
                    .append(" of the labels, scale ").append(esc(b.scale()))
                    .append(": mean ± std over fine-tuning seeds (%). Best mean per column in bold. Marks: DiRA"
                            + " against its baseline (")
                    .append(esc(m.summaries().test().description()))
                    .append(").</p>\n<div class=\"scroll\"><table class=\"paper\">\n<thead><tr><th>Method</th>");
            for (ReportModel.Column c : b.columns()) {
                h.append("<th>").append(esc(DisplayNames.task(c.task()))).append("<br><span class=\"unit\">")
                        .append(esc(DisplayNames.metric(c.metric()))).append(" (%)</span><br>").append(badge(c.data()))
                        .append("</th>");
            }
            h.append("</tr></thead>\n<tbody>\n");
            for (ReportModel.Row r : b.rows()) {
                h.append("<tr><th class=\"method\">").append(esc(r.name())).append("</th>");
                for (ReportModel.Column c : b.columns()) {
                    CellSummary s = b.cell(r, c);
                    if (s == null) {
                        ReportModel.MissingCell mc = m.missingCell(b, r, c);
                        if (mc != null) {
                            h.append("<td class=\"missing\">no results<div class=\"n\">n = 0 of ")
                                    .append(mc.jobs().size()).append(" planned; ")
                                    .append(esc(ReportModel.missingCounts(mc.jobs()))).append("</div></td>");
                        } else {
                            h.append("<td class=\"empty\">").append(Formats.NONE).append("</td>");
                        }
                        continue;
                    }
                    boolean best = s.n() > 0 && s.mean() == b.best(c);
                    h.append("<td>").append(best ? "<b>" : "").append(esc(Formats.meanStd(s)))
                            .append(best ? "</b>" : "");
                    BaselineComparison cmp = m.comparison(s.key());
                    if (cmp != null) {
                        h.append(cmp.testable() ? "<sup class=\"mark\">" + esc(cmp.mark().mark()) + "</sup>"
                                : "<sup class=\"mark na\">n/a</sup>");
                    }
                    boolean short_ = !m.missingRuns(s.key()).isEmpty();
                    h.append("<div class=\"n").append(short_ ? " short" : "").append("\">").append(esc(m.n(s)));
                    if (s.n() == 1) {
                        h.append(", std undefined");
                    }
                    h.append("</div></td>");
                }
                h.append("</tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        h.append("</section>\n");
    }

    private void resultsTable() {
        h.append("<section id=\"results\">\n<h2>All results</h2>\n<p>One row per method, task, label fraction, scale"
                + " and data source. Δ is DiRA minus its baseline in percentage points, with the p-value and mark of"
                + " the t-test; the verdict compares our mean with the paper's mean ± std.</p>\n"
                + "<div class=\"scroll\"><table class=\"results\">\n<thead><tr><th>Task</th><th>Method</th>"
                + "<th>Labels</th><th>Scale · data</th><th>Mean ± std (%)</th><th>Δ vs baseline</th>"
                + "<th>Paper (%)</th><th>Verdict</th><th>Notes</th></tr></thead>\n<tbody>\n");
        List<CellSummary> cells = m.headlineCells();
        List<ReportModel.MissingCell> missing = new ArrayList<>(m.missingCells());
        for (int i = 0; i < cells.size(); i++) {
            CellSummary c = cells.get(i);
            CellKey k = c.key();
            BaselineComparison cmp = m.comparison(k);
            PaperComparison pc = m.paper(k);
            h.append("<tr><td>").append(esc(DisplayNames.task(k.task()))).append(" <span class=\"unit\">")
                    .append(esc(DisplayNames.metric(k.metric()))).append("</span></td><td class=\"method\">")
                    .append(esc(k.methodName())).append("</td><td>").append(esc(Formats.fraction(k.labelFraction())))
                    .append("</td><td>").append(scaleBadge(k.scale())).append(' ').append(badge(k.data()))
                    .append("</td><td class=\"num\">").append(esc(Formats.meanStd(c)))
                    .append(c.n() == 1 ? " <span class=\"unit\">(std undefined)</span>" : "")
                    .append("<div class=\"n").append(m.missingRuns(k).isEmpty() ? "" : " short").append("\">")
                    .append(esc(m.n(c))).append("</div></td>");
            if (cmp == null) {
                h.append("<td class=\"empty\">baseline</td>");
            } else {
                h.append("<td class=\"num\">").append(esc(Formats.deltaPct(cmp.delta())));
                if (cmp.testable()) {
                    h.append(" <span class=\"mark\">").append(esc(cmp.mark().mark())).append("</span>")
                            .append("<div class=\"n\">p = ").append(esc(Formats.p(cmp.pValue()))).append("</div>");
                } else {
                    h.append("<div class=\"na\">not testable</div>");
                }
                h.append("</td>");
            }
            h.append("<td class=\"num\">");
            if (pc != null && pc.paper() != null) {
                h.append(esc(Formats.pctValue(pc.paper().mean())));
                h.append(pc.paper().std().isPresent() ? " ± " + esc(Formats.pctValue(pc.paper().std().getAsDouble()))
                        : " <span class=\"unit\">(no std)</span>");
            } else {
                h.append(Formats.NONE);
            }
            h.append("</td><td>");
            if (pc != null) {
                h.append(verdict(pc.verdict())).append("<div class=\"why\">").append(esc(pc.reason())).append("</div>");
            }
            h.append("</td><td class=\"notes\">").append(esc(String.join("; ", notes(m, c, cmp))))
                    .append("</td></tr>\n");
            // a planned cell without any result goes after the last row of its task, scale and fraction
            boolean lastOfGroup = i + 1 == cells.size() || !sameTable(cells.get(i + 1).key(), k);
            if (lastOfGroup) {
                for (java.util.Iterator<ReportModel.MissingCell> it = missing.iterator(); it.hasNext();) {
                    ReportModel.MissingCell mc = it.next();
                    ReportModel.RunGroup g = mc.group();
                    if (g.task().equals(k.task()) && g.scale().equals(k.scale())
                            && g.labelFraction() == k.labelFraction()) {
                        missingRow(mc);
                        it.remove();
                    }
                }
            }
        }
        missing.forEach(this::missingRow);
        h.append("</tbody></table></div>\n</section>\n");
    }

    private static boolean sameTable(CellKey a, CellKey b) {
        return a.task().equals(b.task()) && a.scale().equals(b.scale()) && a.labelFraction() == b.labelFraction();
    }

    /** A row of the all-results table for a planned cell without any result. */
    private void missingRow(ReportModel.MissingCell mc) {
        ReportModel.RunGroup g = mc.group();
        h.append("<tr class=\"missing\"><td>").append(esc(DisplayNames.task(g.task())))
                .append("</td><td class=\"method\">").append(esc(g.methodName())).append("</td><td>")
                .append(esc(Formats.fraction(g.labelFraction())))
                .append("</td><td>").append(g.scale().isEmpty() ? "" : scaleBadge(g.scale()))
                .append("</td><td class=\"num\">no results<div class=\"n short\">n = 0 of ").append(mc.jobs().size())
                .append(" planned; ").append(esc(ReportModel.missingCounts(mc.jobs())))
                .append("</div></td><td class=\"empty\">").append(Formats.NONE).append("</td><td class=\"num\">")
                .append(Formats.NONE).append("</td><td></td><td class=\"notes\">")
                .append(esc("no run of this planned cell has results: " + String.join("; ",
                        m.missingDetails(mc.jobs())))).append("</td></tr>\n");
    }

    /**
     * @return the honest footnotes of one row: excluded NaN values, missing seeds, planned runs without results (and
     *     why), why it was not tested
     */
    static List<String> notes(ReportModel m, CellSummary c, BaselineComparison cmp) {
        List<String> n = new ArrayList<>();
        List<JobStatus> missing = m.missingRuns(c.key());
        if (!missing.isEmpty()) {
            n.add("missing planned run(s): " + String.join("; ", m.missingDetails(missing)));
        }
        if (c.nUndefined() > 0) {
            List<Long> seeds = new ArrayList<>();
            c.runs().stream().filter(r -> Double.isNaN(r.value())).forEach(r -> seeds.add(r.seed()));
            n.add(c.nUndefined() + " undefined (NaN) value(s) excluded, seed(s) " + join(seeds));
        }
        if (c.n() == 1) {
            n.add("single run: std undefined");
        }
        if (cmp != null) {
            if (!cmp.seedsMissingInVariant().isEmpty()) {
                n.add("seed(s) " + join(cmp.seedsMissingInVariant()) + " missing for " + c.key().methodName()
                        + " (unequal n)");
            }
            if (!cmp.seedsMissingInBaseline().isEmpty()) {
                n.add("seed(s) " + join(cmp.seedsMissingInBaseline()) + " missing for the baseline (unequal n)");
            }
            if (!cmp.testable()) {
                n.add("not testable: " + cmp.notTestable());
            }
            CellKey base = c.key().baseline();
            if (cmp.baseline() == null) {
                ReportModel.MissingCell mc = m.missingCell(ReportModel.RunGroup.of(base));
                if (mc != null) {
                    n.add("the " + DisplayNames.baseline(base.method()) + " baseline was planned, but none of its "
                            + mc.jobs().size() + " run(s) has results: " + String.join("; ",
                            m.missingDetails(mc.jobs())));
                }
            } else if (!m.missingRuns(base).isEmpty()) {
                n.add("baseline " + DisplayNames.baseline(base.method()) + ": " + m.n(cmp.baseline()));
            }
        }
        return n;
    }

    private static String join(List<Long> l) {
        return String.join(", ", l.stream().map(String::valueOf).toList());
    }

    private void figures(ReportModel.Section s, String id, String title, String intro) {
        List<ReportModel.FigureEntry> fs = m.figures(s);
        if (fs.isEmpty()) {
            return;
        }
        h.append("<section id=\"").append(id).append("\">\n<h2>").append(esc(title)).append("</h2>\n<p>")
                .append(esc(intro)).append("</p>\n<div class=\"figs\">\n");
        int i = 1;
        for (ReportModel.FigureEntry e : fs) {
            String png = relative(e.written().png());
            String svg = relative(e.written().svg());
            h.append("<figure><img src=\"").append(esc(png)).append("\" width=\"").append(e.written().figure().width())
                    .append("\" height=\"").append(e.written().figure().height()).append("\" alt=\"")
                    .append(esc(e.written().figure().alt())).append("\" loading=\"eager\"><figcaption><b>")
                    .append(esc(e.title())).append(".</b> ").append(esc(e.written().figure().caption()))
                    .append(" <a href=\"").append(esc(svg)).append("\">SVG</a></figcaption></figure>\n");
            i++;
        }
        h.append("</div>\n</section>\n");
    }

    private void perClass() {
        List<CellSummary> cells = m.perClassCells();
        if (cells.isEmpty()) {
            return;
        }
        h.append("<section id=\"per-class\">\n<h2>Per-class metrics</h2>\n<details><summary>").append(cells.size())
                .append(" per-class cells (AUC per label; NaN where the test split has no positives or no negatives)")
                .append("</summary>\n<div class=\"scroll\"><table class=\"results\">\n<thead><tr><th>Task</th><th>Metric"
                        + "</th><th>Method</th><th>Labels</th><th>Scale</th><th>Data</th><th>n</th><th>Mean ± std (%)"
                        + "</th><th>Δ vs baseline</th><th>Mark</th><th>Notes</th></tr></thead>\n<tbody>\n");
        for (CellSummary c : cells) {
            CellKey k = c.key();
            BaselineComparison cmp = m.comparison(k);
            h.append("<tr><td>").append(esc(DisplayNames.task(k.task()))).append("</td><td>")
                    .append(esc(DisplayNames.metric(k.metric()))).append("</td><td class=\"method\">")
                    .append(esc(k.methodName())).append("</td><td>").append(esc(Formats.fraction(k.labelFraction())))
                    .append("</td><td>").append(scaleBadge(k.scale())).append("</td><td>").append(badge(k.data()))
                    .append("</td><td>").append(esc(m.n(c).replace("n = ", ""))).append("</td><td class=\"num\">")
                    .append(esc(Formats.meanStd(c))).append("</td><td class=\"num\">")
                    .append(cmp == null ? "" : esc(Formats.deltaPct(cmp.delta()))).append("</td><td>")
                    .append(cmp == null ? "" : cmp.testable() ? esc(cmp.mark().mark()) : "not testable")
                    .append("</td><td class=\"notes\">").append(esc(String.join("; ", notes(m, c, cmp))))
                    .append("</td></tr>\n");
        }
        h.append("</tbody></table></div></details>\n</section>\n");
    }

    private void provenance() {
        h.append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<p>From each job's manifest.json (and"
                + " results.csv for jobs without one). Hashes are shortened to 12 hex digits.</p>\n");
        Map<String, Manifest> mans = m.manifests();
        Provenance p = new Provenance(m);
        h.append("<div class=\"scroll\"><table class=\"jobs\">\n<thead><tr><th>Job</th><th>Kind</th><th>Method</th>"
                + "<th>Task</th><th>Scale</th><th>Seed</th><th>Data</th><th>Backend</th><th>Code</th>"
                + "<th>Config</th><th>Wall time</th><th>Finished</th></tr></thead>\n<tbody>\n");
        for (Provenance.JobLine j : p.jobs()) {
            h.append("<tr><td><code>").append(esc(j.id())).append("</code></td><td>").append(esc(j.kind()))
                    .append("</td><td>").append(esc(j.method())).append("</td><td>").append(esc(j.task()))
                    .append("</td><td>").append(esc(j.scale())).append("</td><td>").append(esc(j.seed()))
                    .append("</td><td>").append(esc(j.data())).append("</td><td>").append(esc(j.backend()))
                    .append("</td><td><code>").append(esc(j.code())).append("</code></td><td><code>")
                    .append(esc(j.config())).append("</code></td><td class=\"num\">").append(esc(j.wall()))
                    .append("</td><td>").append(esc(j.finished())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div>\n");
        if (mans.isEmpty()) {
            h.append("<p class=\"na\">No manifest.json was found; the table shows what results.csv records.</p>\n");
        }
        if (!m.run().spec().isEmpty()) {
            h.append("<details><summary>spec.yaml (the resolved benchmark spec)</summary><pre>")
                    .append(esc(m.run().spec())).append("</pre></details>\n");
        }
        h.append("</section>\n");
    }

    private void notes() {
        h.append("<section id=\"notes\">\n<h2>How to read this report</h2>\n<ul>\n")
                .append("<li><b>Mean ± std</b>: over fine-tuning seeds, in percent; std is the sample standard"
                        + " deviation (divisor n − 1). With a single run the std is <i>undefined</i>, not 0.</li>\n")
                .append("<li><b>NaN</b> values (a metric that is undefined for a run, e.g. AUC of a class without"
                        + " positives) are excluded from n, mean and std, and each exclusion is listed in Notes.</li>\n")
                .append("<li><b>Marks</b> (the paper's): n.s. p ≥ 0.05, * p < 0.05, ** p < 0.01, *** p < 0.001,"
                        + " >*** p < 0.0001, from ")
                .append(esc(m.summaries().test().description()))
                .append(" of each DiRA variant against its baseline (same method without DiRA, same task, label"
                        + " fraction, scale and data). The paper does not name its test in the sources we could"
                        + " read (REFERENCE.md §3.1). A pair with fewer than 2 defined runs on a side is <i>not"
                        + " testable</i>.</li>\n")
                .append("<li><b>Verdict</b>: <i>within the paper's spread</i> when our mean lies in the paper's mean ±"
                        + " std; <i>above</i> / <i>below</i> otherwise (when the paper prints no std, any difference"
                        + " is above or below and the note says the spread is unknown); <i>not comparable</i> when"
                        + " the scale is not paper, the data is a stand-in or phantom, or the metric differs;"
                        + " <i>no published number</i> when the paper has none for that method, task and"
                        + " fraction.</li>\n")
                .append("<li><b>Data</b>: ").append(badge(DataSource.REAL)).append(" the paper's dataset; ")
                .append(badge(DataSource.parse("stand-in:name")))
                .append(" a smaller real dataset in its place; ").append(badge(DataSource.PHANTOM))
                .append(" synthetic images.</li>\n")
                .append("<li><b>Published numbers</b>: transcribed from the figures in the authors' repositories"
                        + " (paper_results.csv, each row with its source); 3D rows come from the TransVW paper, not"
                        + " the DiRA paper.</li>\n")
                .append("</ul>\n</section>\n");
    }

    private void fact(String k, String v) {
        factRaw(k, esc(v));
    }

    private void factRaw(String k, String html) {
        h.append("<tr><th>").append(esc(k)).append("</th><td>").append(html).append("</td></tr>\n");
    }

    private String relative(Path p) {
        return reportDir.toAbsolutePath().normalize().relativize(p.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
    }

    static String badge(DataSource d) {
        String cls = switch (d.kind()) {
            case REAL -> "real";
            case STAND_IN -> "standin";
            case PHANTOM -> "phantom";
        };
        return "<span class=\"badge " + cls + "\">" + esc(d.label()) + "</span>";
    }

    private static String scaleBadge(String scale) {
        return "<span class=\"badge " + ("paper".equals(scale) ? "paperscale" : "small") + "\">" + esc(scale)
                + "</span>";
    }

    private static String verdict(Verdict v) {
        String cls = switch (v) {
            case WITHIN -> "within";
            case ABOVE -> "above";
            case BELOW -> "below";
            case NOT_COMPARABLE -> "notcomp";
            case NO_PUBLISHED_NUMBER -> "nopub";
        };
        return "<span class=\"verdict " + cls + "\">" + esc(v.label()) + "</span>";
    }

    /** @return the distinct values, sorted */
    static SortedSet<String> sorted(Iterable<String> values) {
        SortedSet<String> s = new TreeSet<>();
        values.forEach(v -> {
            if (v != null && !v.isEmpty()) {
                s.add(v);
            }
        });
        return s;
    }

    static final String CSS = """
            :root { --ink:#1f2328; --muted:#5b636e; --line:#e3e6ea; --head:#f5f6f8; --accent:#3b5b92; }
            * { box-sizing: border-box; }
            body { margin:0; background:#fafbfc; color:var(--ink);
              font: 15px/1.5 "DejaVu Sans", "Segoe UI", system-ui, -apple-system, sans-serif; }
            main { max-width: 1320px; margin: 0 auto; padding: 24px 32px 64px; background:#fff;
              box-shadow: 0 0 0 1px var(--line); }
            h1 { font-size: 28px; margin: 8px 0 4px; }
            h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
            .sub { margin: 0; font-size: 16px; } .gen { margin: 2px 0 12px; color: var(--muted); font-size: 13px; }
            nav { margin: 14px 0; padding: 8px 12px; background: var(--head); border-radius: 6px; font-size: 14px; }
            nav a { margin-left: 12px; color: var(--accent); text-decoration: none; }
            .banner { margin: 10px 0; padding: 10px 14px; border-left: 5px solid; border-radius: 4px; }
            .banner ul { margin: 4px 0 0; padding-left: 20px; }
            .banner.scale { background:#fff4e0; border-color:#e08a00; }
            .banner.data { background:#fdf0e6; border-color:#c8641e; }
            .banner.warn { background:#fdecec; border-color:#c62828; }
            .banner.fail { background:#fde7e7; border-color:#b71c1c; border-left-width: 8px; font-size: 15px; }
            .banner.fail > b:first-child { color:#8e1111; font-size: 16px; }
            .banner.fail code { font-size: 12.5px; background:#fff5f5; padding: 0 3px; border-radius: 3px; }
            .err { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px; color:#7f1212; }
            td.missing { text-align: center; color:#9b1c1c; font-style: italic; }
            tr.missing td { background:#fff6f6; color:#7f1212; }
            .n.short { color:#b3261e; font-weight: 600; }
            .state { display:inline-block; padding: 1px 7px; border-radius: 4px; font-size: 12px; font-weight: 600;
              white-space: nowrap; }
            .state.failed { background:#fde2e1; color:#9b1c1c; }
            .state.not_started { background:#eceff3; color:#3d4652; }
            .state.unfinished { background:#fff4e0; color:#7a4500; }
            table.jobstate code { font-size: 11.5px; word-break: break-all; }
            table { border-collapse: collapse; font-size: 14px; }
            .tcap { margin: 18px 0 4px; max-width: 900px; }
            th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
            thead th { background: var(--head); border-bottom: 2px solid #cfd4da; text-align: center; font-weight: 600; }
            th.method, td.method { text-align: left; white-space: nowrap; font-weight: 600; }
            table.paper td { text-align: center; white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.paper tbody tr:nth-child(even), table.results tbody tr:nth-child(even) { background:#fbfbfc; }
            table.results { font-size: 13px; } table.results th, table.results td { padding: 5px 7px; }
            td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
            td.empty { color: #9aa0a6; text-align: center; }
            .n { color: var(--muted); font-size: 12px; }
            .unit { color: var(--muted); font-size: 12px; font-weight: normal; }
            sup.mark { color: #b3261e; font-weight: 700; margin-left: 2px; }
            span.mark { color: #b3261e; font-weight: 700; }
            .na { color: #8a8f98; font-style: italic; }
            .why { color: var(--muted); font-size: 12px; min-width: 180px; max-width: 240px; }
            td.notes { color: #6a4b00; font-size: 12px; min-width: 140px; max-width: 240px; }
            .badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600;
              white-space: nowrap; }
            .badge.real { background:#e3f4e8; color:#1b6b34; }
            .badge.standin { background:#ffe9c7; color:#7a4500; border: 1px solid #e7a84a; }
            .badge.phantom { background:#fde2e1; color:#9b1c1c; border: 1px solid #e38b8b; }
            .badge.paperscale { background:#e3ecfb; color:#1f4e9c; }
            .badge.small { background:#eceff3; color:#3d4652; }
            .verdict { display:inline-block; padding: 1px 7px; border-radius: 4px; font-size: 12px; font-weight: 600;
              white-space: nowrap; }
            .verdict.within { background:#e3f4e8; color:#1b6b34; }
            .verdict.above { background:#e3ecfb; color:#1f4e9c; }
            .verdict.below { background:#fde2e1; color:#9b1c1c; }
            .verdict.notcomp { background:#eceff3; color:#3d4652; }
            .verdict.nopub { background:#f6f6f6; color:#7a7f87; }
            table.facts th { text-align: left; background: var(--head); width: 190px; font-weight: 600; }
            table.jobs { font-size: 12px; } table.jobs code { font-size: 11px; word-break: break-all; }
            .scroll { overflow-x: auto; margin: 8px 0 18px; }
            .figs { display: flex; flex-wrap: wrap; gap: 18px; }
            figure { margin: 0; padding: 10px; border: 1px solid var(--line); border-radius: 6px; background: #fff;
              max-width: 100%; }
            figure img { display: block; max-width: 100%; height: auto; }
            figcaption { font-size: 13px; color: var(--muted); max-width: 760px; margin-top: 6px; }
            pre { background: var(--head); padding: 10px; overflow-x: auto; font-size: 12px; }
            details summary { cursor: pointer; color: var(--accent); }
            """;
}
