package org.dirabench.reports.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.Set;
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
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.Manifest;
import org.dirabench.reports.run.RunFolder;
import org.dirabench.reports.run.RunPlan;
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

    /**
     * What a cell groups apart from its metric and data source: the fine-tuning runs of one method variant on one
     * task, label fraction and scale (one planned job per seed).
     *
     * @param task task id
     * @param method method id
     * @param dira DiRA variant
     * @param labelFraction label fraction
     * @param scale scale
     */
    public record RunGroup(String task, String method, String dira, double labelFraction, String scale) {
        /** @return the group of a cell */
        public static RunGroup of(CellKey k) {
            return new RunGroup(k.task(), k.method(), k.dira(), k.labelFraction(), k.scale());
        }

        /** @return the display name of the method */
        public String methodName() {
            return DisplayNames.method(method, dira);
        }
    }

    /**
     * A group of planned fine-tuning jobs none of which has a row in {@code results.csv}: a cell the tables would
     * otherwise leave out without a word.
     *
     * @param group the group
     * @param jobs its planned jobs (all missing), in plan order
     */
    public record MissingCell(RunGroup group, List<JobStatus> jobs) {
    }

    private final RunFolder run;
    private final Summaries summaries;
    private final Map<CellKey, PaperComparison> paper;
    private final Instant generatedAt;
    private final List<FigureEntry> figures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<RunGroup, List<JobStatus>> plannedRuns = new LinkedHashMap<>();
    private Map<String, ResultRow> jobRows;
    private List<MissingCell> missingCells;

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
        String scale = defaultScale();
        for (JobStatus j : run.plan().jobs()) {
            if (j.isFinetune() && !j.task().isEmpty() && !j.method().isEmpty() && !j.dira().isEmpty()
                    && !Double.isNaN(j.labelFraction())) {
                RunGroup g = new RunGroup(j.task(), j.method(), j.dira(), j.labelFraction(),
                        j.scale().isEmpty() ? scale : j.scale());
                plannedRuns.computeIfAbsent(g, k -> new ArrayList<>()).add(j);
            }
        }
    }

    /** @return the spec's scale, else the one scale of the results, else "" */
    private String defaultScale() {
        JsonNode s = run.specTree().path("scale");
        if (s.isValueNode() && !s.asText().isEmpty()) {
            return s.asText();
        }
        Set<String> scales = new TreeSet<>();
        run.results().forEach(r -> scales.add(r.scale()));
        return scales.size() == 1 ? scales.iterator().next() : "";
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

    /** @return true when results.csv has at least one row */
    public boolean hasResults() {
        return !run.results().isEmpty();
    }

    /**
     * @return the scales of the results; without results, the scale of {@code spec.yaml} and of the planned jobs'
     *     configurations (empty when none says)
     */
    public SortedSet<String> scales() {
        SortedSet<String> s = new TreeSet<>(Comparator.comparingInt((String x) -> DisplayNames.rank(List.of("smoke",
                "mini", "paper"), x)).thenComparing(x -> x));
        run.results().forEach(r -> s.add(r.scale()));
        if (s.isEmpty()) {
            JsonNode spec = run.specTree().path("scale");
            if (spec.isValueNode() && !spec.asText().isEmpty()) {
                s.add(spec.asText());
            }
            run.plan().jobs().stream().filter(j -> j.fromJobJson() && !j.scale().isEmpty())
                    .forEach(j -> s.add(j.scale()));
        }
        return s;
    }

    /**
     * @return true when there are results and every row is at paper scale on the real datasets (a run without
     *     results has shown nothing, at any scale)
     */
    public boolean atPaperScale() {
        return hasResults() && run.results().stream().allMatch(r -> "paper".equals(r.scale()) && r.data().isReal());
    }

    /**
     * @return for each non-real data source, the tasks that used it; without results, the data sources the
     *     manifests of finished jobs (e.g. pretraining) record, with their datasets
     */
    public SortedMap<DataSource, SortedSet<String>> nonRealData() {
        SortedMap<DataSource, SortedSet<String>> m = new TreeMap<>();
        for (ResultRow r : run.results()) {
            if (!r.data().isReal()) {
                m.computeIfAbsent(r.data(), k -> taskSet()).add(r.task());
            }
        }
        if (!hasResults()) {
            manifestData().forEach((d, tasks) -> {
                if (!d.isReal()) {
                    m.computeIfAbsent(d, k -> taskSet()).addAll(tasks);
                }
            });
        }
        return m;
    }

    /** @return the data sources recorded in the manifests ({@code data.source}), with the datasets they fed */
    public SortedMap<DataSource, SortedSet<String>> manifestData() {
        SortedMap<DataSource, SortedSet<String>> m = new TreeMap<>();
        for (Manifest mf : manifests().values()) {
            String source = mf.text("data.source");
            if (source.isEmpty()) {
                continue;
            }
            DataSource d;
            try {
                d = DataSource.parse(source);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String dataset = !mf.text("task").isEmpty() ? mf.text("task") : !mf.text("config.dataset").isEmpty()
                    ? mf.text("config.dataset") : "pretrain".equals(mf.kind()) ? "pretraining data" : "";
            SortedSet<String> tasks = m.computeIfAbsent(d, k -> taskSet());
            if (!dataset.isEmpty()) {
                tasks.add(dataset);
            }
        }
        return m;
    }

    private static SortedSet<String> taskSet() {
        return new TreeSet<>(Comparator.comparingInt((String t) -> DisplayNames.rank(DisplayNames.TASK_ORDER, t))
                .thenComparing(t -> t));
    }

    /** @return the planned jobs and their states */
    public RunPlan plan() {
        return run.plan();
    }

    /** @return the planned fine-tuning jobs by group (jobs whose task, method and fraction are known) */
    public Map<RunGroup, List<JobStatus>> plannedRuns() {
        return plannedRuns;
    }

    /**
     * @param k a cell
     * @return the planned fine-tuning jobs of the cell's group that have no row in results.csv (failed, unfinished,
     *     never started, or finished without rows), in plan order; empty when none or when the plan is unknown
     */
    public List<JobStatus> missingRuns(CellKey k) {
        List<JobStatus> planned = plannedRuns.getOrDefault(RunGroup.of(k), List.of());
        Map<String, ResultRow> rows = jobRows();
        return planned.stream().filter(j -> !rows.containsKey(j.id())).toList();
    }

    /**
     * @param c a cell
     * @return "n = 3", or with missing planned runs "n = 2 of 3 planned; 1 failed"
     */
    public String n(CellSummary c) {
        List<JobStatus> missing = missingRuns(c.key());
        if (missing.isEmpty()) {
            return Formats.n(c);
        }
        return Formats.n(c) + " of " + (c.runs().size() + missing.size()) + " planned; " + missingCounts(missing);
    }

    /** @return e.g. "1 failed, 2 not started" */
    public static String missingCounts(List<JobStatus> missing) {
        List<String> parts = new ArrayList<>();
        for (JobStatus.State st : List.of(JobStatus.State.FAILED, JobStatus.State.UNFINISHED,
                JobStatus.State.NOT_STARTED)) {
            long n = missing.stream().filter(j -> j.state() == st).count();
            if (n > 0) {
                parts.add(n + " " + st.label());
            }
        }
        long done = missing.stream().filter(j -> j.state() == JobStatus.State.DONE).count();
        if (done > 0) {
            parts.add(done + " done but without rows in results.csv");
        }
        return String.join(", ", parts);
    }

    /**
     * @param missing planned jobs without results
     * @return one phrase per reason (state, first error line, what blocks it) with the seeds it applies to, e.g.
     *     "seed 1 failed (java.lang.IllegalStateException: ...)", "seeds 0, 2 not started: blocked by failed
     *     pretraining job X"
     */
    public List<String> missingDetails(List<JobStatus> missing) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        for (JobStatus j : missing) {
            StringBuilder sb = new StringBuilder(j.state() == JobStatus.State.DONE
                    ? "done but without rows in results.csv" : j.state().label());
            if (j.state() == JobStatus.State.FAILED) {
                sb.append(" (").append(j.error()).append(')');
            }
            String why = blockedPhrase(j);
            if (!why.isEmpty()) {
                sb.append(": ").append(why);
            } else if (j.state() == JobStatus.State.NOT_STARTED) {
                sb.append(" (not reached: the run stopped before it, or is still running)");
            } else if (j.state() == JobStatus.State.UNFINISHED) {
                sb.append(" (interrupted, or still running)");
            }
            byReason.computeIfAbsent(sb.toString(), k -> new ArrayList<>()).add(j.seed().isEmpty() ? j.id()
                    : j.seed());
        }
        List<String> out = new ArrayList<>();
        byReason.forEach((reason, seeds) -> {
            boolean ids = seeds.stream().anyMatch(x -> !x.chars().allMatch(Character::isDigit));
            out.add((ids ? String.join(", ", seeds) : (seeds.size() == 1 ? "seed " : "seeds ")
                    + String.join(", ", seeds)) + " " + reason);
        });
        return out;
    }

    /**
     * @param j a job that is not done
     * @return "blocked by failed pretraining job X" (with "inferred from the job id" when the job has no
     *     {@code job.json}), or "" when no failed job blocks it
     */
    public String blockedPhrase(JobStatus j) {
        List<String> blockers = run.plan().blockers(j.id());
        if (blockers.isEmpty()) {
            return "";
        }
        List<String> named = new ArrayList<>();
        for (String b : blockers) {
            JobStatus bj = run.plan().job(b);
            named.add((bj == null ? "job " : bj.kindName() + " job ") + b);
        }
        return "blocked by failed " + String.join(", ", named) + (j.fromJobJson() ? "" : " (inferred from the job"
                + " ids: a job that never started has no job.json)");
    }

    /**
     * @return the groups of planned fine-tuning jobs without a single row in results.csv (cells that would
     *     otherwise be absent), in report order
     */
    public List<MissingCell> missingCells() {
        if (missingCells != null) {
            return missingCells;
        }
        Map<String, ResultRow> rows = jobRows();
        List<MissingCell> out = new ArrayList<>();
        plannedRuns.forEach((g, jobs) -> {
            if (jobs.stream().noneMatch(j -> rows.containsKey(j.id()))) {
                out.add(new MissingCell(g, List.copyOf(jobs)));
            }
        });
        out.sort(Comparator.comparingInt((MissingCell c) -> DisplayNames.rank(DisplayNames.TASK_ORDER,
                c.group().task())).thenComparing(c -> c.group().task())
                .thenComparingInt(c -> -DisplayNames.rank(List.of("smoke", "mini", "paper"), c.group().scale()))
                .thenComparing(Comparator.comparingDouble((MissingCell c) -> c.group().labelFraction()).reversed())
                .thenComparingInt(c -> DisplayNames.rank(DisplayNames.METHOD_ORDER, c.group().method()))
                .thenComparing(c -> c.group().method())
                .thenComparingInt(c -> DisplayNames.rank(DisplayNames.DIRA_ORDER, c.group().dira())));
        missingCells = List.copyOf(out);
        return missingCells;
    }

    /** @return the missing cell of a group, or null */
    public MissingCell missingCell(RunGroup g) {
        for (MissingCell c : missingCells()) {
            if (c.group().equals(g)) {
                return c;
            }
        }
        return null;
    }

    /** @return the missing cell shown at a row and column of a paper-layout table, or null */
    public MissingCell missingCell(Block b, Row r, Column c) {
        return missingCell(new RunGroup(c.task(), r.method(), r.dira(), b.labelFraction(), b.scale()));
    }

    /** @return true when a planned job failed, did not finish or never started */
    public boolean incompleteRun() {
        return !run.plan().incomplete().isEmpty();
    }

    /**
     * @return e.g. "2 of 9 planned jobs failed, 3 not started, 1 unfinished" (or "of 7 job folders" without
     *     plan.json); "" when every job is done
     */
    public String incompleteHeadline() {
        List<JobStatus> inc = run.plan().incomplete();
        if (inc.isEmpty()) {
            return "";
        }
        int total = run.plan().jobs().size();
        String of = run.plan().fromPlanJson() ? " of " + total + " planned jobs " : " of " + total + " job folders ";
        List<String> parts = new ArrayList<>();
        for (JobStatus.State st : List.of(JobStatus.State.FAILED, JobStatus.State.NOT_STARTED,
                JobStatus.State.UNFINISHED)) {
            long n = inc.stream().filter(j -> j.state() == st).count();
            if (n > 0) {
                parts.add(n + " " + st.label());
            }
        }
        String first = parts.remove(0);
        int space = first.indexOf(' ');
        return first.substring(0, space) + of + first.substring(space + 1) + (parts.isEmpty() ? ""
                : ", " + String.join(", ", parts));
    }

    /** @return e.g. "9 planned jobs (plan.json): 3 done, 2 failed, 4 not started"; "" when there are no jobs */
    public String planSummary() {
        List<JobStatus> all = run.plan().jobs();
        if (all.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JobStatus.State st : JobStatus.State.values()) {
            long n = all.stream().filter(j -> j.state() == st).count();
            if (n > 0) {
                parts.add(n + " " + st.label());
            }
        }
        long pre = all.stream().filter(JobStatus::isPretrain).count();
        long fine = all.stream().filter(JobStatus::isFinetune).count();
        return all.size() + (run.plan().fromPlanJson() ? " planned jobs (plan.json" : " job folders (no plan.json")
                + (pre + fine > 0 ? "; " + pre + " pretraining, " + fine + " fine-tuning" : "") + "): "
                + String.join(", ", parts);
    }

    /** @return why there are no results, e.g. "none of the 6 planned fine-tuning jobs has finished: 2 failed, ..." */
    public String noResultsReason() {
        List<JobStatus> fine = run.plan().jobs().stream().filter(JobStatus::isFinetune).toList();
        String file = run.hasResultsFile() ? "results.csv has a header but no rows" : "there is no results.csv";
        if (run.plan().jobs().isEmpty()) {
            return file + ", and the run folder has " + (run.plan().fromPlanJson() ? "an empty plan.json"
                    : "no plan.json and no job folders") + ": the run has not started.";
        }
        if (fine.isEmpty()) {
            return file + ": no fine-tuning job has finished (" + planSummary() + ").";
        }
        List<JobStatus> notDone = fine.stream().filter(j -> j.state() != JobStatus.State.DONE).toList();
        long blocked = notDone.stream().filter(j -> !run.plan().blockers(j.id()).isEmpty()).count();
        StringBuilder sb = new StringBuilder(file).append(": ");
        if (notDone.size() == fine.size()) {
            sb.append(fine.size() == 1 ? "the one planned fine-tuning job has not finished ("
                    : "none of the " + fine.size() + " planned fine-tuning jobs has finished (");
        } else {
            sb.append(fine.size() - notDone.size()).append(" of ").append(fine.size())
                    .append(" planned fine-tuning jobs finished but left no rows in results.csv (the others: ");
        }
        sb.append(missingCounts(notDone));
        if (blocked > 0) {
            sb.append("; ").append(blocked).append(blocked == 1 ? " is" : " are")
                    .append(" blocked by a failed job it needs".replace("it needs", blocked == 1 ? "it needs"
                            : "they need"));
        }
        sb.append(')');
        long failedPre = run.plan().in(JobStatus.State.FAILED).stream().filter(JobStatus::isPretrain).count();
        if (failedPre > 0) {
            sb.append("; ").append(failedPre).append(failedPre == 1 ? " pretraining job failed"
                    : " pretraining jobs failed");
        }
        return sb.append('.').toString();
    }

    /**
     * @param j a job
     * @return what it is, e.g. "MoCo v2 on ChestX-ray14, 100 % labels, seed 1" or "DiRA_MoCo-v2 pretraining, seed
     *     0"; "" when unknown
     */
    public static String describe(JobStatus j) {
        if (j.method().isEmpty()) {
            return "";
        }
        String name = DisplayNames.method(j.method(), j.dira().isEmpty() ? ResultRow.NO_DIRA : j.dira());
        StringBuilder sb = new StringBuilder(name);
        if (j.isPretrain()) {
            sb.append(" pretraining");
        } else if (!j.task().isEmpty()) {
            sb.append(" on ").append(DisplayNames.task(j.task()));
            if (!Double.isNaN(j.labelFraction())) {
                sb.append(", ").append(Formats.fraction(j.labelFraction())).append(" labels");
            }
        }
        if (!j.seed().isEmpty()) {
            sb.append(", seed ").append(j.seed());
        }
        return sb.toString();
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
            for (MissingCell mc : missingCells()) {
                RunGroup g = mc.group();
                Row row = new Row(g.method(), g.dira());
                if (g.scale().equals(scale) && g.labelFraction() == f && !rows.contains(row)
                        && cols.stream().anyMatch(col -> col.task().equals(g.task()))) {
                    rows.add(row);
                }
            }
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
        if (jobRows == null) {
            Map<String, ResultRow> m = new TreeMap<>();
            for (ResultRow r : run.results()) {
                m.putIfAbsent(r.jobId(), r);
            }
            jobRows = java.util.Collections.unmodifiableMap(m);
        }
        return jobRows;
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
