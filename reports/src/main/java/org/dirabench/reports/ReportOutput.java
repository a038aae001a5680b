package org.dirabench.reports;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ReportBuilder} wrote.
 *
 * @param dir the report folder
 * @param html {@code index.html}
 * @param markdown {@code report.md}
 * @param latex {@code tables.tex}, or null (compare mode writes none)
 * @param summaryCsv {@code summary.csv} (compare mode: the per-cell comparison)
 * @param figures PNG and SVG files written
 * @param warnings problems with secondary files that the report shows (missing manifests, unreadable curves, ...)
 */
public record ReportOutput(Path dir, Path html, Path markdown, Path latex, Path summaryCsv, List<Path> figures,
        List<String> warnings) {
}
