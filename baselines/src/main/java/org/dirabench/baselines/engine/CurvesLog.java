package org.dirabench.baselines.engine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The per-step {@code curves.csv} of a pretraining run (docs/FORMATS.md): {@code step, epoch, stage, lr, loss,
 * loss_<term>..., images_per_s, elapsed_s}. Rows are appended and flushed as steps finish; on resume the file is
 * first cut back to the rows before the checkpoint's step (a killed run may have logged steps after its last
 * checkpoint, or half a line), so the file never holds a step twice.
 */
public final class CurvesLog implements AutoCloseable {
    private final List<String> terms;
    private final CSVPrinter printer;

    /**
     * @param file      curves.csv
     * @param terms     loss-term names (columns {@code loss_<term>})
     * @param firstStep the step the run starts or resumes at; existing rows with a smaller step are kept
     * @throws IOException when the file cannot be read or written
     */
    public CurvesLog(Path file, List<String> terms, long firstStep) throws IOException {
        this.terms = List.copyOf(terms);
        List<String> header = header(terms);
        List<String> keep = new ArrayList<>();
        if (Files.exists(file) && firstStep > 0) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            String expected = String.join(",", header);
            if (!lines.isEmpty() && !lines.get(0).equals(expected)) {
                throw new IOException(file + ": header '" + lines.get(0) + "' differs from '" + expected
                        + "' of the resumed run");
            }
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",", -1);
                if (f.length == header.size() && isLong(f[0]) && Long.parseLong(f[0]) < firstStep) {
                    keep.add(lines.get(i));
                }
            }
        }
        List<String> content = new ArrayList<>();
        content.add(String.join(",", header));
        content.addAll(keep);
        AtomicFiles.writeString(file, String.join("\n", content) + "\n");
        BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        printer = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build());
    }

    /** @return the column names for a set of loss terms */
    public static List<String> header(List<String> terms) {
        List<String> h = new ArrayList<>(List.of("step", "epoch", "stage", "lr", "loss"));
        terms.forEach(t -> h.add("loss_" + t));
        h.add("images_per_s");
        h.add("elapsed_s");
        return h;
    }

    /** Appends one step and flushes. */
    public void append(long step, int epoch, int stage, double lr, double loss, Map<String, Double> termValues,
            double imagesPerSecond, double elapsedSeconds) throws IOException {
        List<Object> row = new ArrayList<>(List.of(step, epoch, stage, lr, loss));
        for (String t : terms) {
            Double v = termValues.get(t);
            row.add(v == null ? "" : v);
        }
        row.add(String.format(java.util.Locale.ROOT, "%.2f", imagesPerSecond));
        row.add(String.format(java.util.Locale.ROOT, "%.3f", elapsedSeconds));
        printer.printRecord(row);
        printer.flush();
    }

    private static boolean isLong(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        printer.close();
    }
}
