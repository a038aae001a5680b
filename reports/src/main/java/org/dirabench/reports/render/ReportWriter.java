package org.dirabench.reports.render;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.reports.AtomicFiles;
import org.dirabench.reports.ReportOutput;
import org.dirabench.reports.paper.PaperResults;
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.RunFolder;
import org.dirabench.reports.stats.TTestKind;

/** Writes all outputs of one run's report; see {@link org.dirabench.reports.ReportBuilder#build}. */
public final class ReportWriter {
    private ReportWriter() {
    }

    /**
     * @param run the run folder
     * @param published the published numbers
     * @param test the t-test
     * @param generatedAt the instant of the "generated at" line
     * @param out the report folder
     * @return what was written
     * @throws IOException when a file cannot be written
     */
    public static ReportOutput write(RunFolder run, PaperResults published, TTestKind test, Instant generatedAt,
            Path out) throws IOException {
        ReportModel model = new ReportModel(run, test, published, generatedAt);
        new ReportFigures(model, out.resolve("figures")).writeAll();
        Path html = out.resolve("index.html");
        Path md = out.resolve("report.md");
        Path tex = out.resolve("tables.tex");
        Path csv = out.resolve("summary.csv");
        AtomicFiles.writeString(csv, SummaryCsv.render(model));
        AtomicFiles.writeString(tex, new LatexTables(model).render());
        AtomicFiles.writeString(md, new MarkdownReport(model, out).render());
        AtomicFiles.writeString(html, new HtmlReport(model, out).render());
        List<Path> figs = new ArrayList<>();
        model.figures().forEach(f -> {
            figs.add(f.written().png());
            figs.add(f.written().svg());
        });
        return new ReportOutput(out, html, md, tex, csv, List.copyOf(figs), List.copyOf(model.warnings()),
                incompleteJobs(model, ""));
    }

    /**
     * @param model a report's model
     * @param prefix put before each line (compare mode: "A: ")
     * @return one line per planned job that is not done, e.g. "failed: pretrain-moco_v2-s0-1a2b3c4d at
     *     2026-11-30T12:00:00Z: java.lang.IllegalStateException: ... (blocks 3 jobs)"
     */
    static List<String> incompleteJobs(ReportModel model, String prefix) {
        List<String> out = new ArrayList<>();
        for (JobStatus j : model.plan().incomplete()) {
            StringBuilder sb = new StringBuilder(prefix).append(j.state().label()).append(": ").append(j.id());
            if (j.state() == JobStatus.State.FAILED) {
                if (!j.failedAt().isEmpty()) {
                    sb.append(" at ").append(j.failedAt());
                }
                sb.append(": ").append(j.error());
                int blocked = model.plan().blockedBy(j.id()).size();
                if (blocked > 0) {
                    sb.append(" (blocks ").append(blocked).append(blocked == 1 ? " job)" : " jobs)");
                }
            } else {
                String why = model.blockedPhrase(j);
                if (!why.isEmpty()) {
                    sb.append(" (").append(why).append(')');
                }
            }
            out.add(sb.toString());
        }
        return List.copyOf(out);
    }
}
