package org.dirabench.reports.render;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dirabench.reports.figures.FigureWriter;
import org.dirabench.reports.paper.PaperComparison;
import org.dirabench.reports.paper.PaperResults;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.run.JobFolder;
import org.dirabench.reports.run.Manifest;
import org.dirabench.reports.run.RunFolder;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.dirabench.reports.stats.Summaries;
import org.dirabench.reports.stats.TTestKind;

/**
 * Everything one report shows, computed once from a run folder and shared by the HTML, Markdown, LaTeX and CSV
 * writers so that they cannot disagree.
 */
public final class ReportModel {
    /** A figure written for the report, with the section it belongs to. */
    public record FigureEntry(Section section, String title, FigureWriter.Written written) {
    }

    /** Report sections that hold figures. */
    public enum Section {
        /** With/without DiRA bar charts. */
        BARS,
        /** Label-efficiency lines. */
        EFFICIENCY,
        /** Pretraining loss curves. */
        PRETRAINING,
        /** Restoration examples. */
        RESTORATION,
        /** Fine-tuning curves. */
        FINETUNING
    }

    /**
     * A column of the paper-layout table: one task, metric and data source.
     *
     * @param task task id
     * @param metric metric id
     * @param data data source
     */
    public record Column(String task, String metric, DataSource data) {
    }

    /**
     * A method row of the paper-layout table.
     *
     * @param method method id
     * @param dira DiRA variant
     */
    public record Row(String method, String dira) {
        /** @return the display name */
        public String name() {
            return DisplayNames.method(method, dira);
        }
    }

    /**
     * One paper-layout table: methods × tasks at one scale and label fraction.
     *
     * @param scale scale
     * @param labelFraction label fraction
     * @param columns task columns
     * @param rows method rows
     * @param cells cell by row and column
     */
    public record Block(String scale, double labelFraction, List<Column> columns, List<Row> rows,
            Map<Row, Map<Column, CellSummary>> cells) {
        /** @return the cell, or null */
        public CellSummary cell(Row r, Column c) {
            Map<Column, CellSummary> m = cells.get(r);
            return m == null ? null : m.get(c);
        }

        /** @return the largest mean in a column (NaN when none) */
        public double best(Column c) {
            double best = Double.NaN;
            for (Row r : rows) {
                CellSummary s = cell(r, c);
                if (s != null && s.n() > 0 && (Double.isNaN(best) || s.mean() > best)) {
                    best = s.mean();
                }
            }
            return best;
        }
    }

    private final RunFolder run;
    private final Summaries summaries;
    private final Map<CellKey, PaperComparison> paper;
    private final Instant generatedAt;
    private final List<FigureEntry> figures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /**
     * @param run the run folder
     * @param test the t-test for DiRA-vs-baseline comparisons
     * @param published the published numbers
     * @param generatedAt the instant printed on the "generated at" line
     */
    public ReportModel(RunFolder run, TTestKind test, PaperResults published, Instant generatedAt) {
        this.run = run;
        this.summaries = Summaries.of(run.results(), test);
        Map<CellKey, PaperComparison> p = new LinkedHashMap<>();
        for (CellSummary c : summaries.cells().values()) {
            if (c.key().isHeadline()) {
                p.put(c.key(), PaperComparison.of(c, published));
            }
        }
        this.paper = p;
        this.generatedAt = generatedAt;
        this.warnings.addAll(run.warnings());
    }

    /** @return the run folder */
    public RunFolder run() {
        return run;
    }

    /** @return cells and comparisons */
    public Summaries summaries() {
        return summaries;
    }

    /** @return the paper comparison of a headline cell, or null */
    public PaperComparison paper(CellKey k) {
        return paper.get(k);
    }

    /** @return the comparison of a DiRA cell with its baseline, or null for a baseline */
    public BaselineComparison comparison(CellKey k) {
        return summaries.comparison(k);
    }

    /** @return the instant of the "generated at" line */
    public Instant generatedAt() {
        return generatedAt;
    }

    /** @return figures, in the order written */
    public List<FigureEntry> figures() {
        return figures;
    }

    /** @return figures of one section */
    public List<FigureEntry> figures(Section s) {
        return figures.stream().filter(f -> f.section() == s).toList();
    }

    /** @return problems with secondary files or figures, shown in the report */
    public List<String> warnings() {
        return warnings;
    }

    /** @return headline cells in report order */
    public List<CellSummary> headlineCells() {
        return summaries.cells().values().stream().filter(c -> c.key().isHeadline()).toList();
    }

    /** @return per-class cells in report order */
    public List<CellSummary> perClassCells() {
        return summaries.cells().values().stream().filter(c -> !c.key().isHeadline()).toList();
    }

    /** @return the scales in the results */
    public SortedSet<String> scales() {
        SortedSet<String> s = new TreeSet<>(Comparator.comparingInt(x -> DisplayNames.rank(List.of("smoke", "mini",
                "paper"), x)));
        run.results().forEach(r -> s.add(r.scale()));
        return s;
    }

    /** @return true when every row is at paper scale on the real datasets */
    public boolean atPaperScale() {
        return run.results().stream().allMatch(r -> "paper".equals(r.scale()) && r.data().isReal());
    }

    /** @return for each non-real data source, the tasks that used it */
    public SortedMap<DataSource, SortedSet<String>> nonRealData() {
        SortedMap<DataSource, SortedSet<String>> m = new TreeMap<>();
        for (ResultRow r : run.results()) {
            if (!r.data().isReal()) {
                m.computeIfAbsent(r.data(), k -> new TreeSet<>(Comparator.comparingInt(
                        (String t) -> DisplayNames.rank(DisplayNames.TASK_ORDER, t)).thenComparing(t -> t)))
                        .add(r.task());
            }
        }
        return m;
    }

    /** @return the paper-layout tables, one per (scale, label fraction), largest fraction first */
    public List<Block> blocks() {
        Map<String, Map<Double, List<CellSummary>>> by = new TreeMap<>(Comparator.comparingInt(
                (String s) -> -DisplayNames.rank(List.of("smoke", "mini", "paper"), s)).thenComparing(s -> s));
        for (CellSummary c : headlineCells()) {
            by.computeIfAbsent(c.key().scale(), k -> new TreeMap<>(Comparator.reverseOrder()))
                    .computeIfAbsent(c.key().labelFraction(), k -> new ArrayList<>()).add(c);
        }
        List<Block> out = new ArrayList<>();
        by.forEach((scale, fractions) -> fractions.forEach((f, cells) -> {
            List<Column> cols = new ArrayList<>();
            List<Row> rows = new ArrayList<>();
            Map<Row, Map<Column, CellSummary>> grid = new LinkedHashMap<>();
            for (CellSummary c : cells) {
                Column col = new Column(c.key().task(), c.key().metric(), c.key().data());
                if (!cols.contains(col)) {
                    cols.add(col);
                }
                Row row = new Row(c.key().method(), c.key().dira());
                grid.computeIfAbsent(row, k -> new LinkedHashMap<>()).put(col, c);
            }
            rows.addAll(grid.keySet());
            rows.sort(Comparator.comparingInt((Row r) -> DisplayNames.rank(DisplayNames.METHOD_ORDER, r.method()))
                    .thenComparing(Row::method)
                    .thenComparingInt(r -> DisplayNames.rank(DisplayNames.DIRA_ORDER, r.dira()))
                    .thenComparing(Row::dira));
            out.add(new Block(scale, f, cols, rows, grid));
        }));
        return out;
    }

    /** @return the manifests of all job folders, by job id */
    public Map<String, Manifest> manifests() {
        Map<String, Manifest> m = new TreeMap<>();
        for (JobFolder j : run.jobs().values()) {
            if (j.manifest() != null) {
                m.put(j.id(), j.manifest());
            }
        }
        return m;
    }

    /** @return the first results row of each fine-tuning job, by job id */
    public Map<String, ResultRow> jobRows() {
        Map<String, ResultRow> m = new TreeMap<>();
        for (ResultRow r : run.results()) {
            m.putIfAbsent(r.jobId(), r);
        }
        return m;
    }

    /** @param w a warning to print in the report */
    void warn(String w) {
        warnings.add(w);
    }

    /** @param e a figure written */
    void addFigure(FigureEntry e) {
        figures.add(e);
    }

    /** @return the mark and p-value phrase of a DiRA cell, e.g. "** (p = 0.0031)", or the reason it is missing */
    public String significance(CellKey k) {
        BaselineComparison c = comparison(k);
        if (c == null) {
            return "";
        }
        return c.testable() ? c.mark().mark() + " (p = " + Formats.p(c.pValue()) + ")" : "not testable";
    }
}
