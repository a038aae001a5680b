package org.dirabench.reports.run;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.reports.results.RunFormatException;

/**
 * A job's {@code curves.csv}: numeric columns by name (pretraining: one row per step; fine-tuning: one row per
 * epoch; {@code docs/FORMATS.md}). Every cell must be a decimal number or {@code NaN} (an empty cell also reads as
 * NaN).
 */
public final class Curves {
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private final Path file;
    private final List<String> columns;
    private final double[][] data;

    private Curves(Path file, List<String> columns, double[][] data) {
        this.file = file;
        this.columns = List.copyOf(columns);
        this.data = data;
    }

    /**
     * @param file a {@code curves.csv}
     * @return its columns
     * @throws RunFormatException for an empty file, a repeated column, a row of the wrong width or a non-numeric cell;
     *     the message names file and line
     * @throws IOException when it cannot be read
     */
    public static Curves read(Path file) throws IOException {
        CSVFormat f = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser p = CSVParser.parse(r, f)) {
            var it = p.iterator();
            if (!it.hasNext()) {
                throw RunFormatException.at(file, 1, "empty file: expected a header");
            }
            List<String> header = it.next().toList();
            if (header.stream().distinct().count() != header.size()) {
                throw RunFormatException.at(file, 1, "repeated column in header " + header);
            }
            int w = header.size();
            double[][] cols = new double[w][1024];
            int n = 0;
            long lastLine = p.getCurrentLineNumber();
            while (it.hasNext()) {
                CSVRecord rec = it.next();
                long line = lastLine + 1;
                lastLine = p.getCurrentLineNumber();
                if (rec.size() != w) {
                    throw RunFormatException.at(file, line, "expected " + w + " fields, found " + rec.size());
                }
                if (n == cols[0].length) {
                    for (int c = 0; c < w; c++) {
                        cols[c] = Arrays.copyOf(cols[c], n * 2);
                    }
                }
                for (int c = 0; c < w; c++) {
                    String v = rec.get(c);
                    if (v.isEmpty() || "NaN".equals(v)) {
                        cols[c][n] = Double.NaN;
                    } else if (DECIMAL.matcher(v).matches()) {
                        cols[c][n] = Double.parseDouble(v);
                    } else {
                        throw RunFormatException.at(file, line, "column " + header.get(c) + ": '" + v
                                + "' is not a number");
                    }
                }
                n++;
            }
            for (int c = 0; c < w; c++) {
                cols[c] = Arrays.copyOf(cols[c], n);
            }
            return new Curves(file, header, cols);
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw RunFormatException.at(file, 0, "malformed CSV: " + e.getMessage());
        }
    }

    /** @return the file this was read from */
    public Path file() {
        return file;
    }

    /** @return the column names in file order */
    public List<String> columns() {
        return columns;
    }

    /** @return true when the column exists */
    public boolean has(String column) {
        return columns.contains(column);
    }

    /**
     * @param column a column name
     * @return a copy of its values
     * @throws IllegalArgumentException when there is no such column
     */
    public double[] column(String column) {
        int i = columns.indexOf(column);
        if (i < 0) {
            throw new IllegalArgumentException(file + " has no column " + column + " (has " + columns + ")");
        }
        return data[i].clone();
    }

    /** @return the loss-term columns ({@code loss_*}) in file order */
    public List<String> lossTerms() {
        List<String> out = new ArrayList<>();
        for (String c : columns) {
            if (c.startsWith("loss_")) {
                out.add(c);
            }
        }
        return out;
    }

    /** @return the number of rows */
    public int rows() {
        return data.length == 0 ? 0 : data[0].length;
    }
}
