package org.dirabench.reports.render;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.reports.AtomicFiles;
import org.dirabench.reports.ReportOutput;
import org.dirabench.reports.paper.PaperResults;
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
        return new ReportOutput(out, html, md, tex, csv, List.copyOf(figs), List.copyOf(model.warnings()));
    }
}
