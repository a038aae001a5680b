package org.dirabench.reports;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReportBuilder} wrote. {@link #toString()} reads as one line for a person, e.g.
 * {@code runs/mini/report/index.html (6 figures, 1 warning; 2 of 9 planned jobs failed, 3 not started)}.
 *
 * @param dir the report folder
 * @param html {@code index.html}
 * @param markdown {@code report.md}
 * @param latex {@code tables.tex}, or null (compare mode writes none)
 * @param summaryCsv {@code summary.csv} (compare mode: the per-cell comparison)
 * @param figures PNG and SVG files written
 * @param warnings problems with secondary files that the report shows (missing manifests, unreadable curves, ...)
 * @param incompleteJobs one line per planned job that failed (with the first line of its error), did not finish or
 *     never started, as the report's banner lists them; empty when every job is done (compare mode: prefixed
 *     {@code A: } or {@code B: })
 */
public record ReportOutput(Path dir, Path html, Path markdown, Path latex, Path summaryCsv, List<Path> figures,
        List<String> warnings, List<String> incompleteJobs) {

    /** Copies the lists. */
    public ReportOutput {
        figures = List.copyOf(figures);
        warnings = List.copyOf(warnings);
        incompleteJobs = List.copyOf(incompleteJobs);
    }

    /** The record as it was before {@link #incompleteJobs()}: no incomplete jobs. */
    public ReportOutput(Path dir, Path html, Path markdown, Path latex, Path summaryCsv, List<Path> figures,
            List<String> warnings) {
        this(dir, html, markdown, latex, summaryCsv, figures, warnings, List.of());
    }

    /** @return {@code index.html}, the page to open (the same as {@link #html()}) */
    public Path indexHtml() {
        return html;
    }

    /** @return the number of figures (each written as PNG and SVG) */
    public int figureCount() {
        return (int) figures.stream().filter(p -> p.getFileName().toString().endsWith(".png")).count();
    }

    /**
     * @return e.g. {@code runs/mini/report/index.html (6 figures, 1 warning; 2 of 9 planned jobs failed, 3 not
     *     started)}
     */
    @Override
    public String toString() {
        int f = figureCount();
        StringBuilder sb = new StringBuilder(html.toString()).append(" (").append(f).append(f == 1 ? " figure"
                : " figures").append(", ").append(warnings.size()).append(warnings.size() == 1 ? " warning"
                : " warnings");
        if (!incompleteJobs.isEmpty()) {
            sb.append("; ").append(incompleteJobs.size()).append(incompleteJobs.size() == 1 ? " job" : " jobs")
                    .append(" failed or did not finish");
        }
        return sb.append(')').toString();
    }
}
