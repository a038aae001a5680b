package org.dirabench.datasets.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Run-length masks as the SIIM-ACR Pneumothorax Segmentation challenge stores them ({@code train-rle.csv},
 * columns {@code ImageId} and {@code EncodedPixels}), following the challenge's {@code mask_functions.py}
 * ({@code rle2mask}, {@code mask2rle}) and its usual use, {@code rle2mask(rle, 1024, 1024).T}.
 *
 * <p><b>Encoding.</b> The pixels are walked in <b>column-major</b> order (flat position {@code p = x * height + y}:
 * down the first column, then the second...). The text is pairs {@code offset length}: the first offset is the
 * position where the first run starts; each later offset counts from the first pixel after the previous run (relative
 * encoding, not absolute starts). {@code -1} alone means an empty mask. An image with several rows in the table has
 * the union of their masks.
 *
 * <p><b>Masks</b> here are {@code boolean[height * width]} in row-major order, {@code mask[y * width + x]}, the order
 * of an image read from the DICOM file. (The challenge's {@code mask2rle} drops a run that reaches the last pixel;
 * {@link #encode} writes it.)
 */
public final class SiimRunLength {
    /** The encoding of an empty mask. */
    public static final String EMPTY = "-1";

    private SiimRunLength() {
    }

    /**
     * Decodes one encoding.
     *
     * @param encoded the {@code EncodedPixels} text ({@code -1} or pairs; surrounding spaces allowed)
     * @param width image width (columns), 1024 in SIIM-ACR
     * @param height image height (rows)
     * @return the mask, row-major {@code [y * width + x]}
     * @throws IllegalArgumentException naming the bad token and its position: not an integer, a negative offset,
     *     a length below 1, an odd number of tokens, a run past the end of the image, or {@code -1} among pairs
     */
    public static boolean[] decode(String encoded, int width, int height) {
        boolean[] mask = new boolean[width * height];
        decodeInto(encoded, width, height, mask);
        return mask;
    }

    /**
     * Decodes and ORs several encodings of one image (the rows of a table with the same {@code ImageId}).
     *
     * @throws IllegalArgumentException as {@link #decode}
     */
    public static boolean[] decodeUnion(List<String> encodings, int width, int height) {
        boolean[] mask = new boolean[width * height];
        for (String e : encodings) {
            decodeInto(e, width, height, mask);
        }
        return mask;
    }

    private static void decodeInto(String encoded, int width, int height, boolean[] mask) {
        String text = encoded.strip();
        if (text.equals(EMPTY)) {
            return;
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty run-length encoding; an empty mask is written '-1'");
        }
        String[] tok = text.split("\\s+");
        if (tok.length % 2 != 0) {
            throw new IllegalArgumentException("run-length encoding has " + tok.length
                    + " tokens; expected (offset, length) pairs");
        }
        long total = (long) width * height;
        long pos = 0;
        for (int i = 0; i < tok.length; i += 2) {
            long offset = parse(tok, i, "offset");
            long length = parse(tok, i + 1, "length");
            if (offset < 0) {
                throw new IllegalArgumentException("bad run-length token '" + tok[i] + "' at position " + (i + 1)
                        + ": offset must be >= 0" + (tok[i].equals(EMPTY) ? " ('-1' means an empty mask and must"
                        + " stand alone)" : ""));
            }
            if (length < 1) {
                throw new IllegalArgumentException("bad run-length token '" + tok[i + 1] + "' at position "
                        + (i + 2) + ": run length must be >= 1");
            }
            long start = pos + offset;
            long end = start + length;
            if (end > total) {
                throw new IllegalArgumentException("run " + (i / 2 + 1) + " (tokens " + (i + 1) + "-" + (i + 2)
                        + ") covers column-major pixels " + start + ".." + (end - 1) + ", past the " + total
                        + " pixels of a " + width + " x " + height + " image");
            }
            for (long p = start; p < end; p++) {
                int x = (int) (p / height);
                int y = (int) (p % height);
                mask[y * width + x] = true;
            }
            pos = end;
        }
    }

    private static long parse(String[] tok, int i, String what) {
        try {
            return Long.parseLong(tok[i]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad run-length token '" + tok[i] + "' at position " + (i + 1)
                    + ": expected an integer " + what);
        }
    }

    /**
     * Encodes a mask the challenge's way.
     *
     * @param mask row-major {@code [y * width + x]}
     * @return relative column-major pairs, or {@code -1} for an empty mask
     */
    public static String encode(boolean[] mask, int width, int height) {
        if (mask.length != width * height) {
            throw new IllegalArgumentException("mask has " + mask.length + " pixels, expected " + width + " x "
                    + height);
        }
        StringBuilder sb = new StringBuilder();
        long total = (long) width * height;
        long lastEnd = 0;
        long p = 0;
        while (p < total) {
            if (!at(mask, p, width, height)) {
                p++;
                continue;
            }
            long start = p;
            while (p < total && at(mask, p, width, height)) {
                p++;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(start - lastEnd).append(' ').append(p - start);
            lastEnd = p;
        }
        return sb.length() == 0 ? EMPTY : sb.toString();
    }

    private static boolean at(boolean[] mask, long p, int width, int height) {
        return mask[(int) (p % height) * width + (int) (p / height)];
    }

    /**
     * Reads a {@code train-rle.csv}-style table: a header row naming {@code ImageId} and {@code EncodedPixels}
     * (surrounding spaces in names and values are ignored; SIIM's header has {@code " EncodedPixels"}), one row per
     * mask. Every encoding is checked by decoding it on a {@code width x height} image.
     *
     * @return encodings per image id, in file order; an image without pneumothorax maps to {@code ["-1"]}
     * @throws ImageFormatException naming the file and the row (1-based, header = row 1) for a missing column or a
     *     bad encoding
     * @throws IOException when the file cannot be read
     */
    public static Map<String, List<String>> readTable(Path csv, int width, int height) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreSurroundingSpaces(true).get();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            String idCol = column(csv, p, "ImageId");
            String rleCol = column(csv, p, "EncodedPixels");
            for (CSVRecord rec : p) {
                long row = rec.getRecordNumber() + 1;
                if (!rec.isSet(idCol) || !rec.isSet(rleCol)) {
                    throw new ImageFormatException(csv, "row " + row + " has " + rec.size() + " fields; expected "
                            + "ImageId and EncodedPixels");
                }
                String id = rec.get(idCol);
                String enc = rec.get(rleCol);
                try {
                    decode(enc, width, height);
                } catch (IllegalArgumentException e) {
                    throw new ImageFormatException(csv, "row " + row + " (ImageId " + id + "), column EncodedPixels: "
                            + e.getMessage());
                }
                out.computeIfAbsent(id, k -> new ArrayList<>()).add(enc);
            }
        }
        return out;
    }

    private static String column(Path csv, CSVParser p, String name) throws ImageFormatException {
        for (String h : p.getHeaderNames()) {
            if (h.strip().equals(name)) {
                return h;
            }
        }
        throw new ImageFormatException(csv, "header row has no column " + name + " (found " + p.getHeaderNames()
                + ")");
    }
}
