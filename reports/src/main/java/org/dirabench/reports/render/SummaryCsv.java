package org.dirabench.reports.render;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;

/**
 * Writes {@code report/summary.csv}: one row per cell (headline and per-class), values as fractions in [0, 1] like
 * {@code results.csv} (the paper's columns in percent, as published), {@code NaN} where a value is undefined.
 * The columns are documented in {@code docs/FORMATS.md}.
 */
final class SummaryCsv {
    /** Columns of summary.csv. */
    static final List<String> COLUMNS = List.of("task", "metric", "label_fraction", "scale", "data", "method", "dira",
            "method_name", "n", "n_nan", "seeds", "mean", "std", "baseline_n", "delta", "test", "p_value", "mark",
            "not_testable", "paper_mean_percent", "paper_std_percent", "paper_source", "verdict", "verdict_reason",
            "planned", "missing");

    private SummaryCsv() {
    }

    static String render(ReportModel m) throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180)) {
            p.printRecord(COLUMNS);
            for (CellSummary c : m.summaries().cells().values()) {
                CellKey k = c.key();
                BaselineComparison cmp = m.comparison(k);
                PaperComparison pc = m.paper(k);
                p.printRecord(k.task(), k.metric(), Double.toString(k.labelFraction()), k.scale(), k.data().toString(),
                        k.method(), k.dira(), k.methodName(), c.n(), c.nUndefined(),
                        String.join(" ", c.seeds().stream().map(String::valueOf).toList()), num(c.mean()),
                        c.std().isPresent() ? num(c.std().getAsDouble()) : "NaN",
                        cmp == null || cmp.baseline() == null ? "" : String.valueOf(cmp.baseline().n()),
                        cmp == null ? "" : num(cmp.delta()), cmp == null ? "" : m.summaries().test().name(),
                        cmp == null ? "" : num(cmp.pValue()),
                        cmp == null || !cmp.testable() ? "" : cmp.mark().mark(),
                        cmp == null ? "" : cmp.notTestable(),
                        pc == null || pc.paper() == null ? "" : num(pc.paper().mean()),
                        pc == null || pc.paper() == null ? "" : pc.paper().std().isPresent()
                                ? num(pc.paper().std().getAsDouble()) : "NaN",
                        pc == null || pc.paper() == null ? "" : pc.paper().source(),
                        pc == null ? "" : pc.verdict().name().toLowerCase(java.util.Locale.ROOT),
                        pc == null ? "" : pc.reason(),
                        planned(m, c), String.join("; ", m.missingDetails(m.missingRuns(k))));
            }
        }
        return w.toString();
    }

    /** @return the planned runs of the cell's group (runs with results plus missing ones), "" without a plan */
    private static String planned(ReportModel m, CellSummary c) {
        if (!m.plannedRuns().containsKey(ReportModel.RunGroup.of(c.key()))) {
            return "";
        }
        return String.valueOf(c.runs().size() + m.missingRuns(c.key()).size());
    }

    private static String num(double v) {
        return Double.toString(v);
    }
}
