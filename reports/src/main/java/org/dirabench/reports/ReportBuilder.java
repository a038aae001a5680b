package org.dirabench.reports;

import java.io.IOException;
import java.nio.file.Path;
import org.dirabench.reports.paper.PaperResults;
import org.dirabench.reports.render.CompareReport;
import org.dirabench.reports.render.ReportWriter;
import org.dirabench.reports.run.RunFolder;

/**
 * The entry point of module {@code reports}: builds the paper-style report of a run folder ({@code docs/FORMATS.md}),
 * or a side-by-side comparison of two run folders. Reads only the run folders' CSV, JSON, YAML and PNG files; writes
 * every output atomically (temporary file and rename); given the same files and clock, writes the same bytes.
 */
public final class ReportBuilder {
    private ReportBuilder() {
    }

    /**
     * Writes {@code index.html}, {@code report.md}, {@code tables.tex}, {@code summary.csv} and {@code figures/} (PNG
     * and SVG) for one run.
     *
     * @param runDir a run folder: {@code results.csv}, or at least {@code plan.json}, {@code jobs/} or
     *     {@code spec.yaml} (a run without results yet, reported as such)
     * @param options test, output folder and clock
     * @return the files written, the warnings shown in the report and the planned jobs that failed or did not finish
     * @throws java.nio.file.NoSuchFileException when the folder has no {@code results.csv}, {@code plan.json},
     *     {@code jobs/} or {@code spec.yaml}
     * @throws org.dirabench.reports.results.RunFormatException when {@code results.csv} breaks its schema (the
     *     message names the file and line)
     * @throws IOException when a file cannot be read or written
     */
    public static ReportOutput build(Path runDir, ReportOptions options) throws IOException {
        RunFolder run = RunFolder.read(runDir);
        Path out = options.outputDir() != null ? options.outputDir() : runDir.resolve("report");
        return ReportWriter.write(run, PaperResults.load(), options.test(), options.clock().instant(), out);
    }

    /**
     * Writes a comparison of two runs ({@code index.html}, {@code report.md}, {@code summary.csv}): the cells of both
     * side by side with their differences (Welch's t-test between the runs where both have at least 2 runs), and the
     * differences in scale, data, code version, backend, hardware and configuration from their manifests.
     *
     * @param runA the first run folder (e.g. CPU mini)
     * @param runB the second run folder (e.g. GPU paper)
     * @param options test (used for the within-run DiRA marks), output folder and clock; the default output folder is
     *     {@code <runA>/report/compare-<name of runB>}
     * @return the files written
     * @throws java.nio.file.NoSuchFileException when a {@code results.csv} is missing
     * @throws org.dirabench.reports.results.RunFormatException when a {@code results.csv} breaks its schema
     * @throws IOException when a file cannot be read or written
     */
    public static ReportOutput compare(Path runA, Path runB, ReportOptions options) throws IOException {
        RunFolder a = RunFolder.read(runA);
        RunFolder b = RunFolder.read(runB);
        Path out = options.outputDir() != null ? options.outputDir()
                : runA.resolve("report").resolve("compare-" + b.dir().toAbsolutePath().normalize().getFileName());
        return CompareReport.write(a, b, options.test(), options.clock().instant(), out);
    }
}
