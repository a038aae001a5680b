package org.dirabench.reports.render;

import static org.dirabench.reports.render.Html.esc;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.dirabench.reports.AtomicFiles;
import org.dirabench.reports.ReportOutput;
import org.dirabench.reports.paper.PaperResults;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.run.JobFolder;
import org.dirabench.reports.run.Manifest;
import org.dirabench.reports.run.RunFolder;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.dirabench.reports.stats.SignificanceMark;
import org.dirabench.reports.stats.TTestKind;

/**
 * Two runs side by side (e.g. CPU mini against GPU paper, or two code versions): every headline cell of either run,
 * matched by method, DiRA variant, task, metric and label fraction, with the difference of means (B − A), a
 * t-test between the runs' per-seed values, and flags for what differs (scale, data, a significant difference, a
 * changed DiRA mark, a cell present in one run only); then the provenance differences (code version, backend,
 * hardware, JVM, seeds, spec) and the configuration keys that differ between matched jobs' manifests.
 */
public final class CompareReport {
    /** Columns of the comparison's summary.csv. */
    static final List<String> COLUMNS = List.of("task", "metric", "label_fraction", "method", "dira", "method_name",
            "scale_a", "data_a", "n_a", "mean_a", "std_a", "mark_a", "scale_b", "data_b", "n_b", "mean_b", "std_b",
            "mark_b", "delta", "test", "p_value", "flags");

    /**
     * One matched (or unmatched) cell.
     *
     * @param a cell of run A, or null
     * @param b cell of run B, or null
     * @param p p-value of the test between the runs, NaN when not testable
     * @param flags differences, in words
     */
    record Line(CellSummary a, CellSummary b, double p, List<String> flags) {
        CellKey key() {
            return a != null ? a.key() : b.key();
        }

        double delta() {
            return a == null || b == null ? Double.NaN : b.mean() - a.mean();
        }
    }

    /**
     * A provenance field of both runs.
     *
     * @param field name
     * @param a value in A
     * @param b value in B
     */
    record Field(String field, String a, String b) {
        boolean differs() {
            return !a.equals(b);
        }
    }

    /**
     * A configuration key whose value differs between matched jobs.
     *
     * @param key flattened key
     * @param a values in A
     * @param b values in B
     * @param jobs number of matched job pairs where it differs
     */
    record ConfigDiff(String key, Set<String> a, Set<String> b, int jobs) {
    }

    private final ReportModel ma;
    private final ReportModel mb;
    private final TTestKind test;
    private final Instant generatedAt;
    private final List<Line> lines = new ArrayList<>();
    private final List<Field> fields = new ArrayList<>();
    private final List<ConfigDiff> config = new ArrayList<>();
    private int matchedJobs;
    private int sameConfigHash;

    private CompareReport(RunFolder a, RunFolder b, TTestKind test, Instant generatedAt) {
        PaperResults published = PaperResults.load();
        this.ma = new ReportModel(a, test, published, generatedAt);
        this.mb = new ReportModel(b, test, published, generatedAt);
        this.test = test;
        this.generatedAt = generatedAt;
        matchCells();
        compareProvenance();
        compareConfigs();
    }

    /**
     * @param a run A
     * @param b run B
     * @param test the t-test, used within each run (DiRA marks) and between the runs
     * @param generatedAt the instant of the "generated at" line
     * @param out the output folder
     * @return what was written
     * @throws IOException when a file cannot be written
     */
    public static ReportOutput write(RunFolder a, RunFolder b, TTestKind test, Instant generatedAt, Path out)
            throws IOException {
        CompareReport c = new CompareReport(a, b, test, generatedAt);
        Path html = out.resolve("index.html");
        Path md = out.resolve("report.md");
        Path csv = out.resolve("summary.csv");
        AtomicFiles.writeString(csv, c.csv());
        AtomicFiles.writeString(md, c.markdown());
        AtomicFiles.writeString(html, c.html());
        List<String> warnings = new ArrayList<>();
        c.ma.warnings().forEach(w -> warnings.add("A: " + w));
        c.mb.warnings().forEach(w -> warnings.add("B: " + w));
        List<String> incomplete = new ArrayList<>();
        incomplete.addAll(ReportWriter.incompleteJobs(c.ma, "A: "));
        incomplete.addAll(ReportWriter.incompleteJobs(c.mb, "B: "));
        return new ReportOutput(out, html, md, null, csv, List.of(), List.copyOf(warnings), List.copyOf(incomplete));
    }

    private record Match(String method, String dira, String task, String metric, double fraction) {
        static Match of(CellKey k) {
            return new Match(k.method(), k.dira(), k.task(), k.metric(), k.labelFraction());
        }
    }

    private void matchCells() {
        Map<Match, List<CellSummary>> inA = group(ma);
        Map<Match, List<CellSummary>> inB = group(mb);
        Set<Match> keys = new LinkedHashSet<>(inA.keySet());
        keys.addAll(inB.keySet());
        for (Match k : keys) {
            List<CellSummary> la = inA.getOrDefault(k, List.of());
            List<CellSummary> lb = new ArrayList<>(inB.getOrDefault(k, List.of()));
            for (CellSummary ca : la) {
                CellSummary cb = lb.stream().filter(x -> x.key().scale().equals(ca.key().scale())
                        && x.key().data().equals(ca.key().data())).findFirst().orElse(lb.isEmpty() ? null : lb.get(0));
                lb.remove(cb);
                lines.add(line(ca, cb));
            }
            for (CellSummary cb : lb) {
                lines.add(line(null, cb));
            }
        }
        lines.sort(Comparator.comparing(Line::key));
    }

    private static Map<Match, List<CellSummary>> group(ReportModel m) {
        Map<Match, List<CellSummary>> g = new TreeMap<>(Comparator.comparing((Match x) -> new CellKey(x.method,
                x.dira, x.task, x.metric, x.fraction, "", org.dirabench.reports.results.DataSource.REAL)));
        for (CellSummary c : m.headlineCells()) {
            g.computeIfAbsent(Match.of(c.key()), k -> new ArrayList<>()).add(c);
        }
        return g;
    }

    private Line line(CellSummary a, CellSummary b) {
        List<String> flags = new ArrayList<>();
        double p = Double.NaN;
        if (a == null) {
            flags.add("only in B");
        } else if (b == null) {
            flags.add("only in A");
        } else {
            if (!a.key().scale().equals(b.key().scale())) {
                flags.add("scale " + a.key().scale() + " → " + b.key().scale());
            }
            if (!a.key().data().equals(b.key().data())) {
                flags.add("data " + a.key().data().label() + " → " + b.key().data().label());
            }
            if (a.n() >= BaselineComparison.MIN_RUNS && b.n() >= BaselineComparison.MIN_RUNS) {
                p = test.pValue(a.values(), b.values());
                if (!Double.isNaN(p) && p < 0.05) {
                    flags.add("runs differ significantly (" + SignificanceMark.of(p).mark() + ")");
                }
            } else if (a.n() > 0 && b.n() > 0 && a.mean() != b.mean()) {
                flags.add("means differ; too few runs to test");
            }
            String markA = mark(ma, a.key());
            String markB = mark(mb, b.key());
            if (!markA.equals(markB)) {
                flags.add("DiRA mark " + markA + " → " + markB);
            }
        }
        return new Line(a, b, p, flags);
    }

    private static String mark(ReportModel m, CellKey k) {
        BaselineComparison c = m.comparison(k);
        if (c == null) {
            return "";
        }
        return c.testable() ? c.mark().mark() : "n/a";
    }

    private void compareProvenance() {
        Provenance pa = new Provenance(ma);
        Provenance pb = new Provenance(mb);
        fields.add(new Field("Scale", String.join(", ", ma.scales()), String.join(", ", mb.scales())));
        fields.add(new Field("Data", String.join(", ", pa.dataSources()), String.join(", ", pb.dataSources())));
        fields.add(new Field("Code version", String.join(", ", pa.codeVersions()), String.join(", ",
                pb.codeVersions())));
        fields.add(new Field("Backend", String.join("; ", pa.backends()), String.join("; ", pb.backends())));
        fields.add(new Field("Hardware", String.join("; ", pa.hardware()), String.join("; ", pb.hardware())));
        fields.add(new Field("JVM", String.join("; ", pa.jvms()), String.join("; ", pb.jvms())));
        fields.add(new Field("Fine-tuning seeds", String.join(", ", pa.finetuneSeeds()), String.join(", ",
                pb.finetuneSeeds())));
        fields.add(new Field("Pretraining seeds", String.join(", ", pa.pretrainSeeds()), String.join(", ",
                pb.pretrainSeeds())));
        fields.add(new Field("Label fractions", String.join(", ", pa.fractions()), String.join(", ",
                pb.fractions())));
        fields.add(new Field("spec.yaml", specSummary(ma.run().spec()), specSummary(mb.run().spec())));
        fields.add(new Field("Wall time", pa.wallTimeSummary(), pb.wallTimeSummary()));
    }

    private static String specSummary(String spec) {
        if (spec.isEmpty()) {
            return "absent";
        }
        return spec.lines().count() + " lines, sha256 " + Formats.shortHash(sha256(spec));
    }

    private static String sha256(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder();
            for (byte x : d) {
                sb.append(String.format("%02x", x));
            }
            return sb.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Identity of a job across runs: what it computes, not how (its id contains the config hash). */
    private static String identity(JobFolder j, Map<String, ResultRow> rows) {
        Manifest m = j.manifest();
        ResultRow r = rows.get(j.id());
        return String.join("|", m.kind(), m.text("method"), m.text("dira"), m.text("task"), m.text("seed"),
                r == null ? "" : Double.toString(r.labelFraction()));
    }

    private void compareConfigs() {
        Map<String, JobFolder> byIdA = index(ma);
        Map<String, JobFolder> byIdB = index(mb);
        SortedMap<String, Set<String>> diffsA = new TreeMap<>();
        SortedMap<String, Set<String>> diffsB = new TreeMap<>();
        SortedMap<String, Integer> counts = new TreeMap<>();
        for (Map.Entry<String, JobFolder> e : byIdA.entrySet()) {
            JobFolder jb = byIdB.get(e.getKey());
            if (jb == null) {
                continue;
            }
            matchedJobs++;
            Manifest a = e.getValue().manifest();
            Manifest b = jb.manifest();
            if (a.text("config_sha256").equals(b.text("config_sha256"))) {
                sameConfigHash++;
            }
            Map<String, String> fa = a.flatConfig();
            Map<String, String> fb = b.flatConfig();
            Set<String> keys = new TreeSet<>(fa.keySet());
            keys.addAll(fb.keySet());
            for (String k : keys) {
                String va = fa.getOrDefault(k, "(absent)");
                String vb = fb.getOrDefault(k, "(absent)");
                if (!Objects.equals(va, vb)) {
                    diffsA.computeIfAbsent(k, x -> new TreeSet<>()).add(va);
                    diffsB.computeIfAbsent(k, x -> new TreeSet<>()).add(vb);
                    counts.merge(k, 1, Integer::sum);
                }
            }
        }
        diffsA.forEach((k, v) -> config.add(new ConfigDiff(k, v, diffsB.get(k), counts.get(k))));
    }

    private static Map<String, JobFolder> index(ReportModel m) {
        Map<String, ResultRow> rows = m.jobRows();
        Map<String, JobFolder> out = new TreeMap<>();
        for (JobFolder j : m.run().jobs().values()) {
            if (j.manifest() != null) {
                out.putIfAbsent(identity(j, rows), j);
            }
        }
        return out;
    }

    private String title() {
        return "Comparison: " + ma.run().name() + " (A) vs " + mb.run().name() + " (B)";
    }

    String html() {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title()))
                .append("</title>\n<style>\n").append(HtmlReport.CSS)
                .append(".diff td.b, .diff th.b { border-left: 2px solid #cfd4da; }\n")
                .append("td.flags { min-width: 230px; font-size: 12px; color: #6a4b00; }\n")
                .append("tr.flagged td { background: #fff8e6; }\n</style>\n</head>\n<body>\n<main>\n<header><h1>")
                .append(esc(title())).append("</h1>\n<p class=\"sub\">A: <code>").append(esc(ma.run().dir().toString()))
                .append("</code> · B: <code>").append(esc(mb.run().dir().toString())).append("</code></p>\n")
                .append("<p class=\"gen\">Generated at ").append(esc(generatedAt.toString()))
                .append(" from the two run folders' files.</p></header>\n");
        long flagged = lines.stream().filter(l -> !l.flags().isEmpty()).count();
        long differing = fields.stream().filter(Field::differs).count();
        h.append("<div class=\"banner ").append(flagged + differing > 0 ? "scale" : "data").append("\"><b>")
                .append(flagged).append(" of ").append(lines.size()).append(" cells flagged; ").append(differing)
                .append(" provenance field(s) differ; ").append(config.size())
                .append(" configuration key(s) differ between ").append(matchedJobs).append(" matched jobs (")
                .append(sameConfigHash).append(" with identical config_sha256).</b></div>\n");
        h.append("<section id=\"cells\"><h2>Results side by side</h2>\n<p>Δ = mean(B) − mean(A) in percentage points;"
                + " p from ").append(esc(test.description()))
                .append(" between the runs' per-seed values (at least 2 runs each). Marks are each run's DiRA-vs-"
                        + "baseline marks.</p>\n<div class=\"scroll\"><table class=\"results diff\">\n<thead><tr>"
                        + "<th>Task</th><th>Method</th><th>Labels</th><th>A run</th><th>A mean ± std (%)</th>"
                        + "<th>A mark</th><th class=\"b\">B run</th><th>B mean ± std (%)</th><th>B mark</th>"
                        + "<th>Δ (B − A)</th><th>p</th><th>Flags</th></tr></thead>\n<tbody>\n");
        for (Line l : lines) {
            CellKey k = l.key();
            h.append("<tr").append(l.flags().isEmpty() ? "" : " class=\"flagged\"").append("><td>")
                    .append(esc(DisplayNames.task(k.task()))).append(" <span class=\"unit\">")
                    .append(esc(DisplayNames.metric(k.metric()))).append("</span></td><td class=\"method\">")
                    .append(esc(k.methodName())).append("</td><td>").append(esc(Formats.fraction(k.labelFraction())))
                    .append("</td>");
            side(h, ma, l.a(), "");
            side(h, mb, l.b(), " class=\"b\"");
            h.append("<td class=\"num\">").append(esc(Formats.deltaPct(l.delta()))).append("</td><td class=\"num\">")
                    .append(esc(Formats.p(l.p()))).append("</td><td class=\"flags\">")
                    .append(String.join("<br>", l.flags().stream().map(Html::esc).toList())).append("</td></tr>\n");
        }
        h.append("</tbody></table></div></section>\n<section id=\"provenance\"><h2>Provenance</h2>\n")
                .append("<table class=\"results\"><thead><tr><th>Field</th><th>A</th><th>B</th><th></th></tr></thead>"
                        + "<tbody>\n");
        for (Field f : fields) {
            h.append("<tr").append(f.differs() ? " class=\"flagged\"" : "").append("><th>").append(esc(f.field()))
                    .append("</th><td>").append(esc(f.a())).append("</td><td>").append(esc(f.b())).append("</td><td>")
                    .append(f.differs() ? "<b>differs</b>" : "same").append("</td></tr>\n");
        }
        h.append("</tbody></table>\n<h3>Configuration</h3>\n<p>").append(matchedJobs)
                .append(" jobs matched by kind, method, DiRA variant, task, seed and label fraction; ")
                .append(sameConfigHash).append(" have the same config_sha256.</p>\n");
        if (!config.isEmpty()) {
            h.append("<div class=\"scroll\"><table class=\"results\"><thead><tr><th>Key</th><th>A</th><th>B</th>"
                    + "<th>Job pairs</th></tr></thead><tbody>\n");
            for (ConfigDiff d : config) {
                h.append("<tr><td><code>").append(esc(d.key())).append("</code></td><td>")
                        .append(esc(String.join(", ", d.a()))).append("</td><td>").append(esc(String.join(", ", d.b())))
                        .append("</td><td class=\"num\">").append(d.jobs()).append("</td></tr>\n");
            }
            h.append("</tbody></table></div>\n");
        }
        List<String> warnings = new ArrayList<>();
        for (ReportModel side : List.of(ma, mb)) {
            if (side.incompleteRun()) {
                warnings.add((side == ma ? "A" : "B") + ": incomplete run: " + side.incompleteHeadline()
                        + "; its report lists them");
            }
        }
        ma.warnings().forEach(w -> warnings.add("A: " + w));
        mb.warnings().forEach(w -> warnings.add("B: " + w));
        if (!warnings.isEmpty()) {
            h.append("<div class=\"banner warn\"><b>Incomplete run folders.</b><ul>\n");
            warnings.forEach(w -> h.append("<li>").append(esc(w)).append("</li>\n"));
            h.append("</ul></div>\n");
        }
        h.append("</section>\n</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void side(StringBuilder h, ReportModel m, CellSummary c, String cls) {
        if (c == null) {
            h.append("<td").append(cls).append(" colspan=\"3\"><span class=\"na\">not in this run</span></td>");
            return;
        }
        h.append("<td").append(cls).append('>').append(esc(c.key().scale())).append("<br>")
                .append(HtmlReport.badge(c.key().data())).append("</td><td class=\"num\">")
                .append(esc(Formats.meanStd(c))).append("<div class=\"n\">").append(esc(m.n(c)))
                .append("</div></td><td>").append(esc(mark(m, c.key()))).append("</td>");
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title()).append("\n\nA: `").append(ma.run().dir()).append("`  \nB: `")
                .append(mb.run().dir()).append("`  \nGenerated at ").append(generatedAt).append(".\n\n")
                .append("Test between runs: ").append(test.description()).append(".\n\n")
                .append("| Task | Method | Labels | A | B | Δ (B − A) | p | Flags |\n|---|---|---|---|---|---:|---:|---|\n");
        for (Line l : lines) {
            CellKey k = l.key();
            md.append("| ").append(DisplayNames.task(k.task())).append(' ').append(DisplayNames.metric(k.metric()))
                    .append(" | ").append(k.methodName()).append(" | ").append(Formats.fraction(k.labelFraction()))
                    .append(" | ").append(sideText(ma, l.a())).append(" | ").append(sideText(mb, l.b())).append(" | ")
                    .append(Formats.deltaPct(l.delta())).append(" | ").append(Formats.p(l.p())).append(" | ")
                    .append(String.join("; ", l.flags()).replace("*", "\\*")).append(" |\n");
        }
        md.append("\n## Provenance\n\n| Field | A | B | |\n|---|---|---|---|\n");
        for (Field f : fields) {
            md.append("| ").append(f.field()).append(" | ").append(f.a().replace("|", "\\|")).append(" | ")
                    .append(f.b().replace("|", "\\|")).append(" | ").append(f.differs() ? "**differs**" : "same")
                    .append(" |\n");
        }
        md.append("\n").append(matchedJobs).append(" matched jobs, ").append(sameConfigHash)
                .append(" with the same config_sha256.\n");
        if (!config.isEmpty()) {
            md.append("\n| Config key | A | B | Job pairs |\n|---|---|---|---:|\n");
            for (ConfigDiff d : config) {
                md.append("| `").append(d.key()).append("` | ").append(String.join(", ", d.a())).append(" | ")
                        .append(String.join(", ", d.b())).append(" | ").append(d.jobs()).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String sideText(ReportModel m, CellSummary c) {
        if (c == null) {
            return "—";
        }
        String mark = mark(m, c.key());
        return Formats.meanStd(c) + " (" + m.n(c) + ", " + c.key().scale() + ", " + c.key().data().label() + ")"
                + (mark.isEmpty() ? "" : " " + mark.replace("*", "\\*"));
    }

    String csv() throws IOException {
        StringWriter w = new StringWriter();
        try (CSVPrinter p = new CSVPrinter(w, CSVFormat.RFC4180)) {
            p.printRecord(COLUMNS);
            for (Line l : lines) {
                CellKey k = l.key();
                List<Object> rec = new ArrayList<>(List.of(k.task(), k.metric(), Double.toString(k.labelFraction()),
                        k.method(), k.dira(), k.methodName()));
                for (Object[] side : new Object[][] {{ma, l.a()}, {mb, l.b()}}) {
                    CellSummary c = (CellSummary) side[1];
                    if (c == null) {
                        rec.addAll(List.of("", "", "0", "NaN", "NaN", ""));
                    } else {
                        rec.addAll(List.of(c.key().scale(), c.key().data().toString(), String.valueOf(c.n()),
                                Double.toString(c.mean()), c.std().isPresent() ? Double.toString(c.std().getAsDouble())
                                        : "NaN", mark((ReportModel) side[0], c.key())));
                    }
                }
                rec.addAll(List.of(Double.toString(l.delta()), test.name(), Double.toString(l.p()),
                        String.join("; ", l.flags())));
                p.printRecord(rec);
            }
        }
        return w.toString();
    }
}
