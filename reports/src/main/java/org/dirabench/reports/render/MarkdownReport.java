package org.dirabench.reports.render;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.RunPlan;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;

/** Writes {@code report/report.md} (GitHub-flavoured Markdown), the same content as the HTML page. */
final class MarkdownReport {
    private final ReportModel m;
    private final Path reportDir;
    private final StringBuilder md = new StringBuilder(32 * 1024);

    MarkdownReport(ReportModel model, Path reportDir) {
        this.m = model;
        this.reportDir = reportDir;
    }

    String render() {
        md.append("# DiRA reproduction report: ").append(m.run().name()).append("\n\n");
        md.append("Run **").append(m.run().name()).append("**: ").append(m.run().results().size())
                .append(" result rows from ").append(m.jobRows().size()).append(" fine-tuning jobs, scale ")
                .append(m.scales().isEmpty() ? "unknown" : String.join(", ", m.scales()))
                .append(m.hasResults() ? "" : " (from spec.yaml and the job configurations)")
                .append(m.planSummary().isEmpty() ? "" : "; " + m.planSummary()).append(".  \nGenerated at ")
                .append(m.generatedAt()).append(" from the run folder's files.\n\n");
        failureBanner();
        if (!m.hasResults()) {
            md.append("> **No results yet.** ").append(cell(m.noResultsReason()))
                    .append(" Nothing below is a measurement.\n\n");
            Provenance p = new Provenance(m);
            md.append("- Scale: ").append(m.scales().isEmpty() ? "unknown" : String.join(", ", m.scales()))
                    .append(m.scales().stream().allMatch("paper"::equals) && !m.scales().isEmpty()
                            ? " (the paper's protocol)" : " (not the paper's protocol)").append('\n')
                    .append("- Data: ").append(p.dataFromManifests().isEmpty() ? cell(p.dataWithoutResults())
                            : String.join(", ", p.dataFromManifests().stream().map(d -> d.label()).toList())
                            + " (recorded by the manifests of the jobs that finished)").append('\n')
                    .append("- Tasks (planned): ").append(String.join(", ", p.tasks().stream()
                            .map(DisplayNames::task).toList())).append('\n')
                    .append("- Methods (planned): ").append(String.join(", ", p.methods())).append("\n\n");
        }
        if (!m.atPaperScale() && m.scales().stream().anyMatch(s -> !"paper".equals(s))) {
            md.append("> **Not at paper scale.** This run used scale ").append(String.join(", ", m.scales()))
                    .append(": smaller inputs, narrower networks, fewer epochs and runs than the paper's protocol."
                            + " Its numbers are not comparable with the published values.\n\n");
        }
        Map<DataSource, SortedSet<String>> other = m.nonRealData();
        if (!other.isEmpty()) {
            md.append("> **Not the paper's data.**\n");
            other.forEach((d, tasks) -> md.append("> - ").append(d.kind() == DataSource.Kind.STAND_IN
                    ? "stand-in dataset **" + d.name() + "**" : "synthetic **phantom** images")
                    .append(" for ").append(String.join(", ", tasks.stream().map(DisplayNames::task).toList()))
                    .append('\n'));
            md.append('\n');
        }
        if (!m.warnings().isEmpty()) {
            md.append("> **Incomplete run folder.**\n");
            m.warnings().forEach(w -> md.append("> - ").append(cell(w)).append('\n'));
            md.append('\n');
        }
        md.append("Statistical test: ").append(m.summaries().test().description())
                .append(". Marks: n.s. p ≥ 0.05, \\* p < 0.05, \\*\\* p < 0.01, \\*\\*\\* p < 0.001,"
                        + " >\\*\\*\\* p < 0.0001.\n\n");
        incompleteJobs();
        md.append("## Tables in the paper's layout\n\n");
        if (m.blocks().isEmpty()) {
            md.append("No tables: ").append(cell(m.hasResults() ? "no headline metric in results.csv."
                    : m.noResultsReason())).append("\n\n");
        }
        char sub = 'a';
        for (ReportModel.Block b : m.blocks()) {
            md.append("**Table 1").append(sub++).append(".** Fine-tuning at ").append(Formats.fraction(b.labelFraction()))
                    .append(" of the labels, scale ").append(b.scale())
                    .append(": mean ± std over seeds (%), best per column in bold.\n\n| Method |");
            for (ReportModel.Column c : b.columns()) {
                md.append(' ').append(DisplayNames.task(c.task())).append(" ").append(DisplayNames.metric(c.metric()))
                        .append(" (").append(c.data().label()).append(") |");
            }
            md.append("\n|---|");
            b.columns().forEach(c -> md.append("---:|"));
            md.append('\n');
            for (ReportModel.Row r : b.rows()) {
                md.append("| ").append(r.name()).append(" |");
                for (ReportModel.Column c : b.columns()) {
                    CellSummary s = b.cell(r, c);
                    if (s == null) {
                        ReportModel.MissingCell mc = m.missingCell(b, r, c);
                        md.append(mc == null ? " — |" : " *no results* (n = 0 of " + mc.jobs().size() + " planned; "
                                + ReportModel.missingCounts(mc.jobs()) + ") |");
                        continue;
                    }
                    boolean best = s.n() > 0 && s.mean() == b.best(c);
                    String v = Formats.meanStd(s);
                    md.append(' ').append(best ? "**" + v + "**" : v);
                    BaselineComparison cmp = m.comparison(s.key());
                    if (cmp != null) {
                        md.append(' ').append(cmp.testable() ? esc(cmp.mark().mark()) : "(n/a)");
                    }
                    md.append(" (").append(m.n(s)).append(s.n() == 1 ? ", std undefined" : "").append(") |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("## All results\n\n| Task | Method | Labels | Scale | Data | n | Mean ± std (%) | Δ vs baseline | p |"
                + " Mark | Paper (%) | Verdict | Notes |\n|---|---|---|---|---|---|---:|---:|---:|---|---:|---|---|\n");
        List<CellSummary> cells = m.headlineCells();
        List<ReportModel.MissingCell> missing = new ArrayList<>(m.missingCells());
        for (int i = 0; i < cells.size(); i++) {
            CellSummary c = cells.get(i);
            CellKey k = c.key();
            BaselineComparison cmp = m.comparison(k);
            PaperComparison pc = m.paper(k);
            md.append("| ").append(DisplayNames.task(k.task())).append(' ').append(DisplayNames.metric(k.metric()))
                    .append(" | ").append(k.methodName()).append(" | ").append(Formats.fraction(k.labelFraction()))
                    .append(" | ").append(k.scale()).append(" | ").append(k.data().label()).append(" | ")
                    .append(m.n(c).replace("n = ", "")).append(" | ").append(Formats.meanStd(c))
                    .append(c.n() == 1 ? " (std undefined)" : "").append(" | ");
            if (cmp == null) {
                md.append("baseline | | | ");
            } else {
                md.append(Formats.deltaPct(cmp.delta())).append(" | ").append(Formats.p(cmp.pValue())).append(" | ")
                        .append(cmp.testable() ? esc(cmp.mark().mark()) : "not testable").append(" | ");
            }
            if (pc != null && pc.paper() != null) {
                md.append(Formats.pctValue(pc.paper().mean())).append(pc.paper().std().isPresent()
                        ? " ± " + Formats.pctValue(pc.paper().std().getAsDouble()) : " (no std)");
            } else {
                md.append(Formats.NONE);
            }
            md.append(" | ").append(pc == null ? "" : pc.verdict().label() + ": " + cell(pc.reason())).append(" | ")
                    .append(cell(String.join("; ", HtmlReport.notes(m, c, cmp)))).append(" |\n");
            if (i + 1 == cells.size() || !sameTable(cells.get(i + 1).key(), k)) {
                for (java.util.Iterator<ReportModel.MissingCell> it = missing.iterator(); it.hasNext();) {
                    ReportModel.MissingCell mc = it.next();
                    if (mc.group().task().equals(k.task()) && mc.group().scale().equals(k.scale())
                            && mc.group().labelFraction() == k.labelFraction()) {
                        missingRow(mc);
                        it.remove();
                    }
                }
            }
        }
        missing.forEach(this::missingRow);
        md.append('\n');
        for (ReportModel.Section s : ReportModel.Section.values()) {
            List<ReportModel.FigureEntry> fs = m.figures(s);
            if (fs.isEmpty()) {
                continue;
            }
            md.append("## ").append(switch (s) {
                case BARS -> "With and without DiRA";
                case EFFICIENCY -> "Label efficiency";
                case PRETRAINING -> "Pretraining losses";
                case RESTORATION -> "Restoration examples";
                case FINETUNING -> "Fine-tuning curves";
            }).append("\n\n");
            for (ReportModel.FigureEntry e : fs) {
                String png = reportDir.toAbsolutePath().normalize().relativize(e.written().png().toAbsolutePath()
                        .normalize()).toString().replace('\\', '/');
                md.append("![").append(e.written().figure().alt()).append("](").append(png).append(")\n\n*")
                        .append(e.title()).append(".* ").append(e.written().figure().caption()).append("\n\n");
            }
        }
        Provenance p = new Provenance(m);
        md.append("## Provenance\n\n")
                .append("- Code version: ").append(String.join(", ", p.codeVersions())).append('\n')
                .append("- Backend: ").append(String.join("; ", p.backends())).append('\n')
                .append("- Hardware: ").append(p.hardware().isEmpty() ? Formats.NONE : String.join("; ", p.hardware()))
                .append('\n')
                .append("- JVM: ").append(p.jvms().isEmpty() ? Formats.NONE : String.join("; ", p.jvms())).append('\n')
                .append("- Fine-tuning seeds: ").append(String.join(", ", p.finetuneSeeds())).append('\n')
                .append("- Pretraining seeds: ").append(p.pretrainSeeds().isEmpty() ? Formats.NONE
                        : String.join(", ", p.pretrainSeeds())).append('\n')
                .append("- Wall time: ").append(p.wallTimeSummary()).append('\n')
                .append("- Time span: ").append(p.timeSpan()).append("\n\n")
                .append("| Job | Kind | Method | Task | Scale | Seed | Data | Backend | Code | Config | Wall time |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---:|\n");
        for (Provenance.JobLine j : p.jobs()) {
            md.append("| `").append(j.id()).append("` | ").append(j.kind()).append(" | ").append(j.method())
                    .append(" | ").append(j.task()).append(" | ").append(j.scale()).append(" | ").append(j.seed())
                    .append(" | ").append(cell(j.data())).append(" | ").append(cell(j.backend())).append(" | `")
                    .append(j.code()).append("` | `").append(j.config()).append("` | ").append(j.wall())
                    .append(" |\n");
        }
        if (!m.run().spec().isEmpty()) {
            md.append("\n<details><summary>spec.yaml</summary>\n\n```yaml\n").append(m.run().spec().strip())
                    .append("\n```\n\n</details>\n");
        }
        return md.toString();
    }

    private static boolean sameTable(CellKey a, CellKey b) {
        return a.task().equals(b.task()) && a.scale().equals(b.scale()) && a.labelFraction() == b.labelFraction();
    }

    private void missingRow(ReportModel.MissingCell mc) {
        ReportModel.RunGroup g = mc.group();
        md.append("| ").append(DisplayNames.task(g.task())).append(" | ").append(g.methodName()).append(" | ")
                .append(Formats.fraction(g.labelFraction())).append(" | ").append(g.scale()).append(" | | 0 of ")
                .append(mc.jobs().size()).append(" planned; ").append(ReportModel.missingCounts(mc.jobs()))
                .append(" | **no results** | | | | | | ")
                .append(cell("no run of this planned cell has results: " + String.join("; ",
                        m.missingDetails(mc.jobs())))).append(" |\n");
    }

    /** The blockquote at the top: failed, unfinished and never-started planned jobs. */
    private void failureBanner() {
        if (!m.incompleteRun()) {
            return;
        }
        RunPlan plan = m.plan();
        md.append("> **Incomplete run: ").append(m.incompleteHeadline()).append(".** Their results are missing"
                + " from the tables below; a cell with missing runs says so (e.g. \"n = 2 of 3 planned; 1 failed\")."
                + " See *Failed and unfinished jobs*.\n");
        for (JobStatus j : plan.in(JobStatus.State.FAILED)) {
            String what = ReportModel.describe(j);
            md.append("> - **failed**: ").append(j.kindName()).append(" job `").append(j.id()).append('`')
                    .append(what.isEmpty() ? "" : " (" + cell(what) + ")")
                    .append(j.failedAt().isEmpty() ? "" : " at " + j.failedAt()).append(": `")
                    .append(j.error().replace("`", "'")).append('`');
            int blocked = plan.blockedBy(j.id()).size();
            if (blocked > 0) {
                md.append(" → **blocks ").append(blocked).append(blocked == 1 ? " job**" : " jobs**");
            }
            md.append('\n');
        }
        List<JobStatus> notStarted = plan.in(JobStatus.State.NOT_STARTED);
        if (!notStarted.isEmpty()) {
            long blocked = notStarted.stream().filter(j -> !plan.blockers(j.id()).isEmpty()).count();
            md.append("> - **").append(notStarted.size()).append(" not started** (no job folder)");
            if (blocked > 0) {
                md.append(": ").append(blocked).append(" blocked by the failed jobs above");
            }
            if (blocked < notStarted.size()) {
                md.append(blocked > 0 ? "; " : ": ").append(notStarted.size() - blocked)
                        .append(" not reached (the run stopped before them or is still running)");
            }
            md.append('\n');
        }
        List<JobStatus> unfinished = plan.in(JobStatus.State.UNFINISHED);
        if (!unfinished.isEmpty()) {
            md.append("> - **").append(unfinished.size()).append(" unfinished** (started; neither DONE nor FAILED): ")
                    .append(String.join(", ", unfinished.stream().map(j -> "`" + j.id() + "`").toList()))
                    .append('\n');
        }
        md.append('\n');
    }

    /** The section listing every planned job that is not done. */
    private void incompleteJobs() {
        if (!m.incompleteRun()) {
            return;
        }
        RunPlan plan = m.plan();
        md.append("## Failed and unfinished jobs\n\n").append(m.incompleteHeadline()).append(". ")
                .append(plan.fromPlanJson() ? "From the run's plan (plan.json) and each job folder's DONE, FAILED and"
                        + " job.json." : "This run folder has no plan.json (an older run): these are the job folders"
                        + " present without DONE; jobs that never started cannot be listed.")
                .append(" A job that never started has no folder, so what it needed is inferred from the job ids.\n\n"
                        + "| Job | What | State | Error (first line of FAILED) or reason | Blocks |\n"
                        + "|---|---|---|---|---|\n");
        for (JobStatus j : plan.incomplete()) {
            String what = ReportModel.describe(j);
            md.append("| `").append(j.id()).append("` | ").append(cell(what.isEmpty() ? j.kindName() : what))
                    .append(" | ").append(j.state().label()).append(j.failedAt().isEmpty() ? "" : " at "
                            + j.failedAt()).append(" | ");
            if (j.state() == JobStatus.State.FAILED) {
                md.append('`').append(j.error().replace("`", "'").replace("|", "\\|")).append('`');
            } else {
                String why = m.blockedPhrase(j);
                md.append(cell(!why.isEmpty() ? why : j.state() == JobStatus.State.UNFINISHED
                        ? "started (job folder present) but neither DONE nor FAILED: interrupted, or still running"
                        : "not reached: the run stopped before it, or is still running"));
            }
            md.append(" | ");
            List<JobStatus> blocked = j.state() == JobStatus.State.FAILED ? plan.blockedBy(j.id()) : List.of();
            if (!blocked.isEmpty()) {
                md.append(blocked.size()).append(blocked.size() == 1 ? " job: " : " jobs: ").append(String.join(", ",
                        blocked.stream().map(b -> "`" + b.id() + "`").toList()));
            }
            md.append(" |\n");
        }
        md.append('\n');
        List<ReportModel.MissingCell> cells = m.missingCells();
        if (!cells.isEmpty()) {
            md.append("Cells without a single result (every planned run missing):\n\n");
            for (ReportModel.MissingCell c : cells) {
                md.append("- ").append(cell(HtmlReport.missingCellName(c))).append(": ")
                        .append(cell(String.join("; ", m.missingDetails(c.jobs())))).append('\n');
            }
            md.append('\n');
        }
    }

    private static String esc(String mark) {
        return mark.replace("*", "\\*");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replace("*", "\\*");
    }
}
