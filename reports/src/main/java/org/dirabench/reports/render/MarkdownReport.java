package org.dirabench.reports.render;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
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
                .append(String.join(", ", m.scales())).append(".  \nGenerated at ").append(m.generatedAt())
                .append(" from the run folder's files.\n\n");
        if (m.run().results().isEmpty()) {
            md.append("> **No results yet.** results.csv has a header but no rows.\n\n");
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
        md.append("## Tables in the paper's layout\n\n");
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
                        md.append(" — |");
                        continue;
                    }
                    boolean best = s.n() > 0 && s.mean() == b.best(c);
                    String v = Formats.meanStd(s);
                    md.append(' ').append(best ? "**" + v + "**" : v);
                    BaselineComparison cmp = m.comparison(s.key());
                    if (cmp != null) {
                        md.append(' ').append(cmp.testable() ? esc(cmp.mark().mark()) : "(n/a)");
                    }
                    md.append(" (").append(Formats.n(s)).append(s.n() == 1 ? ", std undefined" : "").append(") |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        md.append("## All results\n\n| Task | Method | Labels | Scale | Data | n | Mean ± std (%) | Δ vs baseline | p |"
                + " Mark | Paper (%) | Verdict | Notes |\n|---|---|---|---|---|---|---:|---:|---:|---|---:|---|---|\n");
        for (CellSummary c : m.headlineCells()) {
            CellKey k = c.key();
            BaselineComparison cmp = m.comparison(k);
            PaperComparison pc = m.paper(k);
            md.append("| ").append(DisplayNames.task(k.task())).append(' ').append(DisplayNames.metric(k.metric()))
                    .append(" | ").append(k.methodName()).append(" | ").append(Formats.fraction(k.labelFraction()))
                    .append(" | ").append(k.scale()).append(" | ").append(k.data().label()).append(" | ")
                    .append(Formats.n(c).replace("n = ", "")).append(" | ").append(Formats.meanStd(c))
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
                    .append(cell(String.join("; ", HtmlReport.notes(c, cmp)))).append(" |\n");
        }
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

    private static String esc(String mark) {
        return mark.replace("*", "\\*");
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replace("*", "\\*");
    }
}
