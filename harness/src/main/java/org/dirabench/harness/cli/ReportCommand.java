package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dirabench.reports.ReportBuilder;
import org.dirabench.reports.ReportOptions;
import org.dirabench.reports.ReportOutput;
import org.dirabench.reports.stats.TTestKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dira-bench report --in DIR [--compare DIR2] [--student]}: rebuilds a report from the run's files alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Rebuild DIR/report (index.html, report.md, tables.tex, summary.csv, figures) from the run's"
                + " CSV and JSON files; with --compare, a side-by-side of two runs.")
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--in", required = true, description = "run folder")
    Path in;

    @Option(names = "--compare", description = "a second run folder to compare with")
    Path compare;

    @Option(names = "--student", description = "Student's t-test (equal variances) instead of Welch's")
    boolean student;

    @Override
    public Integer call() throws Exception {
        ReportOptions o = ReportOptions.defaults();
        if (student) {
            o = o.withTest(TTestKind.STUDENT);
        }
        ReportOutput out = compare == null ? ReportBuilder.build(in, o) : ReportBuilder.compare(in, compare, o);
        out.warnings().forEach(w -> System.out.println("note: " + w));
        System.out.println("report: " + out.dir().resolve("index.html"));
        return 0;
    }
}
