package org.dirabench.reports.render;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.dirabench.reports.figures.Figure;
import org.dirabench.reports.figures.FigureWriter;
import org.dirabench.reports.figures.FineTuningCurveChart;
import org.dirabench.reports.figures.LabelEfficiencyChart;
import org.dirabench.reports.figures.PretrainingLossChart;
import org.dirabench.reports.figures.RestorationGrid;
import org.dirabench.reports.figures.SignificanceBarChart;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.run.JobFolder;
import org.dirabench.reports.run.Manifest;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;

/**
 * Builds and writes the figures of a report into {@code <report>/figures/}: per task the with/without-DiRA bars (at
 * the largest label fraction), label efficiency when fractions vary, fine-tuning curves; per pretraining job its loss
 * terms and, for DiRA, its restoration examples. A figure that cannot be drawn becomes a warning in the report.
 */
final class ReportFigures {
    private final ReportModel model;
    private final Path dir;
    private final Set<String> names = new HashSet<>();

    ReportFigures(ReportModel model, Path dir) {
        this.model = model;
        this.dir = dir;
    }

    /**
     * Writes all figures and removes figure files of earlier builds that this build did not write.
     *
     * @throws IOException when a file cannot be written
     */
    void writeAll() throws IOException {
        Map<String, List<CellSummary>> byTask = new LinkedHashMap<>();
        for (CellSummary c : model.headlineCells()) {
            CellKey k = c.key();
            byTask.computeIfAbsent(k.task() + "|" + k.metric() + "|" + k.scale() + "|" + k.data(),
                    x -> new ArrayList<>()).add(c);
        }
        for (List<CellSummary> cells : byTask.values()) {
            bars(cells);
            efficiency(cells);
        }
        for (List<CellSummary> cells : byTask.values()) {
            fineTuning(cells);
        }
        for (JobFolder j : model.run().jobs().values()) {
            if ("pretrain".equals(j.kind())) {
                pretraining(j);
            }
        }
        removeStale();
    }

    private void bars(List<CellSummary> cells) throws IOException {
        double f = cells.stream().mapToDouble(c -> c.key().labelFraction()).max().orElse(1);
        List<CellSummary> at = cells.stream().filter(c -> c.key().labelFraction() == f).toList();
        CellKey k = at.get(0).key();
        String task = DisplayNames.task(k.task());
        String title = task + ": with and without DiRA";
        String caption = "Mean ± std (error bars; none where n = 1) of " + DisplayNames.metric(k.metric())
                + " over fine-tuning seeds on " + task + " at " + Formats.fraction(f) + " of the labels, scale "
                + k.scale() + ", data " + k.data().label() + ". Marks over each pair: " + model.summaries().test()
                        .description()
                + " of DiRA against its baseline; n.s. p ≥ 0.05, * p < 0.05, ** p < 0.01, *** p < 0.001, >*** p <"
                + " 0.0001; n/a = not testable (fewer than 2 runs on a side). The value axis does not start at 0.";
        write(ReportModel.Section.BARS, title, () -> SignificanceBarChart.create(
                name("bars", k.task(), k.metric(), k.scale(), k.data().toString(), fractionId(f)), title,
                subtitle(k.scale(), k.data().label(), f), DisplayNames.metric(k.metric()) + " (%)", at,
                model::comparison, caption));
    }

    private void efficiency(List<CellSummary> cells) throws IOException {
        Set<Double> fractions = new TreeSet<>();
        cells.forEach(c -> fractions.add(c.key().labelFraction()));
        if (fractions.size() < 2) {
            return;
        }
        CellKey k = cells.get(0).key();
        String task = DisplayNames.task(k.task());
        String title = task + ": label efficiency";
        String caption = "Mean ± std of " + DisplayNames.metric(k.metric()) + " against the fraction of training labels"
                + " on " + task + ", scale " + k.scale() + ", data " + k.data().label()
                + ". Colour = method; dashed = baseline, solid = DiRA, dotted = DiRA without the adversarial term.";
        write(ReportModel.Section.EFFICIENCY, title, () -> LabelEfficiencyChart.create(
                name("efficiency", k.task(), k.metric(), k.scale(), k.data().toString()), title,
                "scale " + k.scale() + " · data " + k.data().label(), DisplayNames.metric(k.metric()) + " (%)",
                cells, caption));
    }

    private void fineTuning(List<CellSummary> cells) throws IOException {
        double f = cells.stream().mapToDouble(c -> c.key().labelFraction()).max().orElse(1);
        CellKey k = cells.get(0).key();
        Map<String, ResultRow> rows = model.jobRows();
        List<FineTuningCurveChart.Job> jobs = new ArrayList<>();
        for (CellSummary c : cells) {
            if (c.key().labelFraction() != f) {
                continue;
            }
            for (CellSummary.Run r : c.runs()) {
                JobFolder j = model.run().jobs().get(r.jobId());
                if (j != null && j.curves() != null && j.curves().has("epoch")) {
                    ResultRow row = rows.get(r.jobId());
                    jobs.add(new FineTuningCurveChart.Job(row.method(), row.dira(), row.seed(), j.curves()));
                }
            }
        }
        if (jobs.isEmpty()) {
            return;
        }
        String task = DisplayNames.task(k.task());
        String title = task + ": fine-tuning curves";
        String caption = "Validation " + DisplayNames.metric(k.metric()) + " (top) and training / validation loss"
                + " (bottom) per epoch of each fine-tuning job on " + task + " at " + Formats.fraction(f)
                + " of the labels (" + jobs.size() + " jobs; each seed is one line in its method's colour).";
        write(ReportModel.Section.FINETUNING, title, () -> FineTuningCurveChart.create(
                name("finetune", k.task(), k.metric(), k.scale(), k.data().toString()), title,
                subtitle(k.scale(), k.data().label(), f), "val " + DisplayNames.metric(k.metric()) + " (%)", jobs,
                caption));
    }

    private void pretraining(JobFolder j) throws IOException {
        Manifest m = j.manifest();
        String method = DisplayNames.method(m.text("method"), m.text("dira").isEmpty() ? ResultRow.NO_DIRA
                : m.text("dira"));
        String sub = "job " + j.id() + " · scale " + m.text("scale") + " · data "
                + (m.text("data.source").isEmpty() ? "unknown" : m.text("data.source")) + " · seed " + m.text("seed");
        if (j.curves() != null && (!j.curves().lossTerms().isEmpty() || j.curves().has("loss"))) {
            String title = "Pretraining losses: " + method;
            write(ReportModel.Section.PRETRAINING, title, () -> PretrainingLossChart.create(name("pretrain", j.id()), title,
                    sub, j.curves(), "Loss terms of pretraining job " + j.id() + " (" + method + ") per optimisation"
                            + " step, as logged in its curves.csv (generator terms before weighting; loss_d is the"
                            + " discriminator's)."));
        }
        if (!j.restoration().isEmpty()) {
            String title = "Restoration examples: " + method;
            write(ReportModel.Section.RESTORATION, title, () -> RestorationGrid.create(name("restoration", j.id()), title,
                    j.restoration(), "Examples saved by pretraining job " + j.id() + " (" + method + ") in its last"
                            + " epoch: the restoration target (gray crop before distortion), the distorted view the"
                            + " network saw, and its restoration. Pixels enlarged without smoothing."));
        }
    }

    private void write(ReportModel.Section section, String title, Supplier<Figure> f) throws IOException {
        Figure figure;
        try {
            figure = f.get();
            model.addFigure(new ReportModel.FigureEntry(section, title, FigureWriter.write(figure, dir)));
        } catch (RuntimeException e) {
            model.warn("figure \"" + title + "\" could not be drawn: " + e);
        }
    }

    private String name(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (sb.length() > 0) {
                sb.append('_');
            }
            sb.append(p.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-"));
        }
        String base = sb.toString();
        String n = base;
        for (int i = 2; !names.add(n); i++) {
            n = base + "-" + i;
        }
        return n;
    }

    private static String fractionId(double f) {
        return "f" + Formats.fraction(f).replace(" %", "");
    }

    private static String subtitle(String scale, String data, double fraction) {
        return Formats.fraction(fraction) + " of labels · scale " + scale + " · data " + data;
    }

    private void removeStale() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<Path> keep = new HashSet<>();
        for (ReportModel.FigureEntry e : model.figures()) {
            keep.add(e.written().png().toAbsolutePath().normalize());
            keep.add(e.written().svg().toAbsolutePath().normalize());
        }
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.{png,svg}")) {
            for (Path p : ds) {
                if (!keep.contains(p.toAbsolutePath().normalize())) {
                    stale.add(p);
                }
            }
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }
}
