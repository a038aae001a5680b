package org.dirabench.reports.paper;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.reports.results.ResultRow;

/**
 * The published numbers this project reproduces, shipped as the resource {@code paper_results.csv} (a copy of
 * {@code shared/design/paper_results.csv}, transcribed in REFERENCE.md §4 from the figures in the authors'
 * repositories; each row names its source). Maps this project's ids to the paper's names.
 */
public final class PaperResults {
    /** Class-path location of the CSV. */
    public static final String RESOURCE = "paper_results.csv";

    private static final Map<String, String> BASELINE = Map.of("random_init", "Random", "moco_v2", "MoCo-v2",
            "barlow_twins", "BarlowTwins", "simsiam", "SimSiam", "transvw", "TransVW");
    private static final Map<String, String> DIRA = Map.of("moco_v2", "DiRA_MoCo-v2", "barlow_twins",
            "DiRA_BarlowTwins", "simsiam", "DiRA_SimSiam", "transvw", "DiRA_TransVW");
    private static final Map<String, String> TASK = Map.of("chestxray14", "ChestX-ray14", "chexpert", "CheXpert",
            "siim_acr", "SIIM-ACR", "montgomery", "Montgomery", "luna16", "LUNA", "lidc_idri", "LIDC-IDRI",
            "pe_cad", "PE-CAD", "lits", "LiTS", "brats", "BraTS");

    private final List<PaperResult> rows;

    private PaperResults(List<PaperResult> rows) {
        this.rows = List.copyOf(rows);
    }

    /**
     * @return the shipped published numbers
     * @throws UncheckedIOException when the resource is missing or malformed (a packaging error)
     */
    public static PaperResults load() {
        try (InputStream in = PaperResults.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCE + " not found next to " + PaperResults.class);
            }
            CSVFormat f = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get();
            List<PaperResult> rows = new ArrayList<>();
            try (CSVParser p = CSVParser.parse(new InputStreamReader(in, StandardCharsets.UTF_8), f)) {
                for (CSVRecord r : p) {
                    String std = r.get("std");
                    rows.add(new PaperResult(r.get("table"), r.get("method"), r.get("pretraining_data"),
                            r.get("task"), r.get("metric"), Double.parseDouble(r.get("label_fraction")),
                            Double.parseDouble(r.get("mean")),
                            std.isBlank() ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(std)),
                            r.get("source")));
                }
            }
            return new PaperResults(rows);
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read the published numbers " + RESOURCE, e));
        }
    }

    /** @return every published row, in file order */
    public List<PaperResult> rows() {
        return rows;
    }

    /**
     * @param method method id, e.g. {@code moco_v2}
     * @param dira DiRA variant
     * @return the paper's method name, or empty when the paper has no such method ({@code dis+res} ablations are not
     *     in the published tables we have)
     */
    public static Optional<String> paperMethod(String method, String dira) {
        if (ResultRow.NO_DIRA.equals(dira)) {
            return Optional.ofNullable(BASELINE.get(method));
        }
        return "dis+res+adv".equals(dira) ? Optional.ofNullable(DIRA.get(method)) : Optional.empty();
    }

    /** @return the paper's task name, or empty for a task the paper does not have */
    public static Optional<String> paperTask(String task) {
        return Optional.ofNullable(TASK.get(task));
    }

    /**
     * Finds the published number for a cell. Self-supervised methods are matched with ChestX-ray14 (2D) or LUNA
     * (3D) pretraining, the only pretraining the tables have; {@code Supervised} and {@code ModelsGenesis} rows have no
     * counterpart in this project.
     *
     * @param method method id
     * @param dira DiRA variant
     * @param task task id
     * @param labelFraction fraction of labels
     * @return the published row for the same method, task and label fraction (any metric; the caller checks it)
     */
    public Optional<PaperResult> find(String method, String dira, String task, double labelFraction) {
        Optional<String> m = paperMethod(method, dira);
        Optional<String> t = paperTask(task);
        if (m.isEmpty() || t.isEmpty()) {
            return Optional.empty();
        }
        return rows.stream().filter(r -> r.method().equals(m.get()) && r.task().equals(t.get())
                && Math.abs(r.labelFraction() - labelFraction) < 1e-9).findFirst();
    }
}
