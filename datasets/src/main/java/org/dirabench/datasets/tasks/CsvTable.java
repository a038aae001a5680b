package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file with a header row, read by column name, every value with its file and line so that errors can name
 * them. Names and values are stripped of surrounding spaces and a UTF-8 byte-order mark.
 */
final class CsvTable {
    private CsvTable() {
    }

    /**
     * One data row.
     *
     * @param file the file
     * @param line the 1-based line (the header is line 1)
     * @param values value per column name
     */
    record Row(Path file, long line, Map<String, String> values) {
        String where() {
            return file + ":" + line;
        }

        String get(String column) {
            return values.get(column);
        }

        double decimal(String column) throws IOException {
            String v = get(column);
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IOException(where() + ": column '" + column + "' is '" + v + "', expected a number");
        }

        /** @return 0 or 1, written as an integer or a decimal ({@code 1}, {@code 1.0}) */
        float binary(String column) throws IOException {
            String v = get(column);
            switch (v) {
                case "0", "0.0":
                    return 0f;
                case "1", "1.0":
                    return 1f;
                default:
                    throw new IOException(where() + ": column '" + column + "' is '" + v + "', expected 0 or 1");
            }
        }

        String required(String column) throws IOException {
            String v = get(column);
            if (v.isEmpty()) {
                throw new IOException(where() + ": column '" + column + "' is empty");
            }
            return v;
        }
    }

    /**
     * @param file the CSV
     * @param required columns that must be present
     * @return the data rows in order
     * @throws NoSuchFileException when the file is missing
     * @throws IOException naming the file and column when a required column is missing, the line when a row has
     *     another number of fields than the header, or the parse error
     */
    static List<Row> read(Path file, List<String> required) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "CSV file does not exist");
        }
        List<Row> rows = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVParser.builder().setReader(r).setFormat(CSVFormat.DEFAULT).get()) {
            List<String> header = null;
            for (CSVRecord rec : p) {
                List<String> f = new ArrayList<>();
                for (String s : rec.toList()) {
                    f.add(s.replace("\uFEFF", "").strip());
                }
                if (header == null) {
                    header = f;
                    for (String c : required) {
                        if (!header.contains(c)) {
                            throw new IOException(file + ":1: missing column '" + c + "' (header: " + header + ")");
                        }
                    }
                    continue;
                }
                long line = p.getCurrentLineNumber();
                if (f.size() == 1 && f.get(0).isEmpty()) {
                    continue;
                }
                if (f.size() != header.size()) {
                    throw new IOException(file + ":" + line + ": " + f.size() + " fields, the header has "
                            + header.size() + " " + header);
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < f.size(); i++) {
                    m.put(header.get(i), f.get(i));
                }
                rows.add(new Row(file, line, m));
            }
            if (header == null) {
                throw new IOException(file + " is empty; expected a header with " + required);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }
}
