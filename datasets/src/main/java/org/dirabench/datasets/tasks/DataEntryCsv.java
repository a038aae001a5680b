package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads NIH's {@code Data_Entry_2017.csv} (ChestX-ray14 metadata) in its native form, by position.
 *
 * <p>The native header is {@value #NATIVE_HEADER} and ends in a trailing comma. Two of its names contain a comma
 * ({@code OriginalImage[Width,Height]}, {@code OriginalImagePixelSpacing[x,y]}), so the header splits into 12 fields
 * (the last empty) while every data row has 11: Image Index, Finding Labels, Follow-up #, Patient ID, Patient Age,
 * Patient Gender, View Position, width, height, spacing x, spacing y. The header text is checked (with or without
 * the trailing comma; a UTF-8 byte-order mark is ignored); a row must have 11 fields (12 if the last is empty), an
 * Image Index ending in {@code .png}, and integer Follow-up # and Patient ID. Anything else throws naming the file
 * and line.
 */
final class DataEntryCsv {
    /** The header line of NIH's Data_Entry_2017.csv, as distributed. */
    static final String NATIVE_HEADER = "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,Patient Gender,"
            + "View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],";
    private static final List<String> HEADER_FIELDS = List.of("Image Index", "Finding Labels", "Follow-up #",
            "Patient ID", "Patient Age", "Patient Gender", "View Position", "OriginalImage[Width", "Height]",
            "OriginalImagePixelSpacing[x", "y]");
    static final int FIELDS = 11;

    private DataEntryCsv() {
    }

    /**
     * One data row.
     *
     * @param file the CSV file
     * @param line 1-based line number (the header is line 1)
     * @param imageIndex field 0, e.g. {@code 00000001_000.png}
     * @param findingLabels field 1, e.g. {@code Cardiomegaly|Emphysema} or {@code No Finding}
     * @param followUp field 2
     * @param patientId field 3 as a canonical decimal (leading zeros dropped)
     * @param fields all 11 fields, for comparing duplicate rows
     */
    record Row(Path file, long line, String imageIndex, String findingLabels, int followUp, String patientId,
            List<String> fields) {
        String where() {
            return file + ":" + line;
        }
    }

    static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser parser = CSVParser.builder().setReader(in).setFormat(format).get()) {
            boolean header = true;
            for (CSVRecord rec : parser) {
                long line = parser.getCurrentLineNumber();
                List<String> f = new ArrayList<>(rec.toList());
                if (header) {
                    checkHeader(file, f);
                    header = false;
                    continue;
                }
                if (f.size() == FIELDS + 1 && f.get(FIELDS).isEmpty()) {
                    f.remove(FIELDS);
                }
                if (f.size() != FIELDS) {
                    throw new IOException(file + ":" + line + ": expected " + FIELDS + " fields (Image Index, Finding"
                            + " Labels, Follow-up #, Patient ID, Patient Age, Patient Gender, View Position, width,"
                            + " height, spacing x, spacing y), got " + f.size() + ": " + String.join(",", f));
                }
                String image = f.get(0).trim();
                if (!image.toLowerCase(java.util.Locale.ROOT).endsWith(".png") || image.contains("/")) {
                    throw new IOException(file + ":" + line + ": Image Index must be a PNG file name, got '" + image
                            + "'");
                }
                int followUp = integer(file, line, "Follow-up #", f.get(2));
                int patient = integer(file, line, "Patient ID", f.get(3));
                rows.add(new Row(file, line, image, f.get(1).trim(), followUp, Integer.toString(patient),
                        List.copyOf(f)));
            }
            if (header) {
                throw new IOException(file + " is empty; expected the header line " + NATIVE_HEADER);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // commons-csv reports malformed quoting this way.
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
        return rows;
    }

    private static void checkHeader(Path file, List<String> f) throws IOException {
        if (!f.isEmpty() && f.get(0).startsWith("\uFEFF")) {
            f.set(0, f.get(0).substring(1));
        }
        List<String> names = f;
        if (f.size() == FIELDS + 1 && f.get(FIELDS).isEmpty()) {
            names = f.subList(0, FIELDS);
        }
        if (!names.equals(HEADER_FIELDS)) {
            throw new IOException(file + ":1: not the ChestX-ray14 Data_Entry_2017 header; expected '"
                    + NATIVE_HEADER + "' (the trailing comma may be absent), got '" + String.join(",", f) + "'");
        }
    }

    private static int integer(Path file, long line, String column, String value) throws IOException {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IOException(file + ":" + line + ": " + column + " must be a non-negative integer, got '" + value
                    + "'");
        }
    }
}
