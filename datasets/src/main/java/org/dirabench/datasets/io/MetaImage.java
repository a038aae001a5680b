package org.dirabench.datasets.io;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * A MetaImage ({@code .mhd} header with a separate raw file, or {@code .mha} with the data inside) as ITK's MetaIO
 * writes it, for example the LUNA16 {@code .mhd}/{@code .raw} CT volumes.
 *
 * <p>Header: {@code Key = Value} lines up to and including {@code ElementDataFile}, which must be last. Keys used:
 * {@code NDims} (2 or 3), {@code DimSize} (x first: {@code nx ny [nz]}), {@code ElementType} ({@code MET_CHAR},
 * {@code MET_UCHAR}, {@code MET_SHORT}, {@code MET_USHORT}, {@code MET_INT}, {@code MET_UINT}, {@code MET_LONG},
 * {@code MET_ULONG}, {@code MET_LONG_LONG}, {@code MET_ULONG_LONG}, {@code MET_FLOAT}, {@code MET_DOUBLE}),
 * {@code ElementSpacing} (mm, default 1), {@code Offset} (synonyms {@code Origin}, {@code Position}; mm, default 0),
 * {@code TransformMatrix} (synonyms {@code Rotation}, {@code Orientation}; default identity),
 * {@code BinaryDataByteOrderMSB} or {@code ElementByteOrderMSB} (True = big-endian), {@code CompressedData}
 * (True = zlib, or gzip, stream), {@code HeaderSize} (bytes to skip at the start of a separate data file; -1 = the
 * data are the last bytes of the file), {@code ElementNumberOfChannels} (must be 1) and {@code ElementDataFile}
 * ({@code LOCAL} or a file name relative to the header's folder). Other keys are kept in {@link #header()}.
 *
 * <p><b>Geometry</b> (ITK, LPS): {@code world = Offset + D · diag(ElementSpacing) · (x, y, z)}, where the i-th group
 * of NDims numbers in {@code TransformMatrix} is column i of D, the world direction of voxel axis i (ITK
 * {@code MetaImageIO::ReadImageInformation} passes each group to {@code SetDirection(i, ...)}). With D = I this is the
 * LUNA16 convention {@code voxel = (world - origin) / spacing}. A 2D image becomes a volume with {@code nz = 1} and
 * unit spacing along z.
 *
 * <p><b>Values</b> are the stored values as float32, x fastest: {@code data[(z * ny + y) * nx + x]}.
 */
public final class MetaImage {
    private static final int MAX_HEADER = 1 << 16;

    private final Path headerFile;
    private final Map<String, String> header;
    private final int[] dimSize;
    private final SampleType elementType;
    private final double[] spacing;
    private final double[] offset;
    private final double[][] direction;
    private final ByteOrder order;
    private final boolean compressed;
    private final Path dataFile; // null for LOCAL
    private final long dataOffset; // for LOCAL: after the header; for a separate file: HeaderSize (-1 = at the end)
    private final float[] data; // null when only the header was read

    private MetaImage(Path headerFile, Map<String, String> header, long localDataOffset, float[] data,
            MetaImage from) throws ImageFormatException {
        this.headerFile = headerFile;
        this.header = header;
        if (from != null) {
            this.dimSize = from.dimSize;
            this.elementType = from.elementType;
            this.spacing = from.spacing;
            this.offset = from.offset;
            this.direction = from.direction;
            this.order = from.order;
            this.compressed = from.compressed;
            this.dataFile = from.dataFile;
            this.dataOffset = from.dataOffset;
            this.data = data;
            return;
        }
        String objectType = header.get("ObjectType");
        if (objectType != null && !objectType.equalsIgnoreCase("Image")) {
            throw error("ObjectType is '" + objectType + "', expected Image");
        }
        int nDims = integer("NDims", null);
        if (nDims != 2 && nDims != 3) {
            throw error("NDims is " + nDims + "; only 2D and 3D images are supported");
        }
        double[] dims = numbers("DimSize", nDims, null);
        this.dimSize = new int[nDims];
        for (int i = 0; i < nDims; i++) {
            if (dims[i] < 1 || dims[i] != Math.rint(dims[i]) || dims[i] > Integer.MAX_VALUE) {
                throw error("DimSize entry " + i + " is " + header.get("DimSize") + "; expected positive integers");
            }
            dimSize[i] = (int) dims[i];
        }
        this.elementType = elementType(require("ElementType"));
        String channels = header.get("ElementNumberOfChannels");
        if (channels != null && integer("ElementNumberOfChannels", 1) != 1) {
            throw error("ElementNumberOfChannels is " + channels + "; only scalar images (1) are supported");
        }
        this.spacing = numbers("ElementSpacing", nDims, 1.0);
        this.offset = numbers(firstKey("Offset", "Origin", "Position"), nDims, 0.0);
        String dirKey = firstKey("TransformMatrix", "Rotation", "Orientation");
        double[] tm = numbers(dirKey, nDims * nDims, null, true);
        this.direction = new double[nDims][nDims];
        for (int i = 0; i < nDims; i++) {
            for (int j = 0; j < nDims; j++) {
                direction[j][i] = tm == null ? (i == j ? 1 : 0) : tm[i * nDims + j];
            }
        }
        this.order = bool(firstKey("BinaryDataByteOrderMSB", "ElementByteOrderMSB"), false)
                ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (!bool("BinaryData", true)) {
            throw error("BinaryData is False (ASCII data); only binary element data are supported");
        }
        this.compressed = bool("CompressedData", false);
        String edf = require("ElementDataFile");
        if (edf.toUpperCase(Locale.ROOT).startsWith("LIST") || edf.contains("%")) {
            throw error("ElementDataFile '" + edf + "' is a file list or pattern; only LOCAL or one data file is"
                    + " supported");
        }
        long headerSize = header.containsKey("HeaderSize") ? integer("HeaderSize", 0) : 0;
        if (edf.equalsIgnoreCase("LOCAL")) {
            if (headerSize != 0) {
                throw error("HeaderSize " + headerSize + " with ElementDataFile = LOCAL is not supported");
            }
            this.dataFile = null;
            this.dataOffset = localDataOffset;
        } else {
            if (headerSize < -1) {
                throw error("HeaderSize is " + headerSize + "; expected -1 or a byte count >= 0");
            }
            if (compressed && headerSize != 0) {
                throw error("HeaderSize " + headerSize + " with CompressedData = True is not supported");
            }
            Path parent = headerFile.toAbsolutePath().getParent();
            this.dataFile = parent.resolve(edf);
            this.dataOffset = headerSize;
        }
        this.data = null;
    }

    /**
     * Reads the header only.
     *
     * @param file a {@code .mhd} or {@code .mha} file
     * @return the header (no element data)
     * @throws ImageFormatException for a missing or malformed required key, an unsupported element type or layout
     * @throws IOException when the file cannot be read
     */
    public static MetaImage readHeader(Path file) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        long after = parseHeader(file, h);
        return new MetaImage(file, Collections.unmodifiableMap(h), after, null, null);
    }

    /**
     * Reads header and element data.
     *
     * @param file a {@code .mhd} or {@code .mha} file
     * @return the image with its values
     * @throws ImageFormatException as {@link #readHeader}, and when the companion data file is missing (naming
     *     it), the data are shorter than DimSize × element size (truncated: expected vs. actual bytes) or longer
     *     (header/data size mismatch), or the compressed stream ends early or is corrupt
     * @throws IOException when a file cannot be read
     */
    public static MetaImage read(Path file) throws IOException {
        MetaImage h = readHeader(file);
        return new MetaImage(file, h.header, h.dataOffset, h.readData(), h);
    }

    private float[] readData() throws IOException {
        long count = voxelCount();
        if (count > Integer.MAX_VALUE - 8) {
            throw error("DimSize gives " + count + " elements, more than a Java array holds");
        }
        long need = count * elementType.bytes();
        Path src = dataFile == null ? headerFile : dataFile;
        if (!Files.isRegularFile(src)) {
            throw new ImageFormatException(headerFile, "ElementDataFile " + header.get("ElementDataFile")
                    + " not found: expected companion data file " + src);
        }
        long size = Files.size(src);
        long start;
        if (dataFile == null) {
            start = dataOffset;
        } else if (dataOffset == -1) {
            if (compressed) {
                throw error("HeaderSize -1 with CompressedData = True is not supported");
            }
            start = Math.max(0, size - need);
        } else {
            start = dataOffset;
        }
        String where = dataFile == null ? "after the header" : "in " + src.getFileName()
                + (start > 0 ? " after HeaderSize " + start + " bytes" : "");
        byte[] raw = new byte[(int) need];
        try (InputStream fin = new BufferedInputStream(Files.newInputStream(src), 1 << 16)) {
            skipFully(fin, start);
            if (!compressed) {
                long avail = size - start;
                if (avail < need) {
                    throw new ImageFormatException(src, "truncated: DimSize " + header.get("DimSize") + " x "
                            + elementType.bytes() + " bytes (" + header.get("ElementType") + ") = " + need
                            + " bytes expected " + where + ", found " + avail + " bytes");
                }
                if (avail > need && dataOffset != -1) {
                    throw new ImageFormatException(src, "header/data size mismatch: DimSize " + header.get("DimSize")
                            + " x " + elementType.bytes() + " bytes = " + need + " bytes expected " + where
                            + ", found " + avail + " bytes (" + (avail - need) + " extra)");
                }
                readFully(fin, raw, src, where);
            } else {
                inflate(fin, raw, src, where);
            }
        }
        float[] out = new float[(int) count];
        elementType.decode(ByteBuffer.wrap(raw).order(order), (int) count, out, 0, false, 1, 0);
        return out;
    }

    private void inflate(InputStream fin, byte[] raw, Path src, String where) throws IOException {
        fin.mark(2);
        int b0 = fin.read();
        int b1 = fin.read();
        fin.reset();
        InputStream in = (b0 == 0x1f && b1 == 0x8b) ? new GZIPInputStream(fin) : new InflaterInputStream(fin);
        int n = 0;
        try {
            while (n < raw.length) {
                int r = in.read(raw, n, raw.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            if (n < raw.length) {
                throw new ImageFormatException(src, "truncated: CompressedData inflate to " + n + " bytes " + where
                        + ", DimSize x element size = " + raw.length + " bytes expected");
            }
            long extra = 0;
            byte[] tail = new byte[4096];
            int r;
            while ((r = in.read(tail)) > 0) {
                extra += r;
            }
            if (extra > 0) {
                throw new ImageFormatException(src, "header/data size mismatch: CompressedData inflate to "
                        + (raw.length + extra) + " bytes " + where + ", DimSize x element size = " + raw.length
                        + " bytes expected");
            }
        } catch (EOFException e) {
            throw new ImageFormatException(src, "compressed element data end early: the stream stops after " + n
                    + " of " + raw.length + " inflated bytes " + where, e);
        } catch (ZipException e) {
            throw new ImageFormatException(src, "corrupt compressed element data after " + n + " inflated bytes "
                    + where + " (" + e.getMessage() + ")", e);
        }
    }

    private static void skipFully(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("cannot skip " + n + " bytes");
                }
                s = 1;
            }
            left -= s;
        }
    }

    private static void readFully(InputStream in, byte[] b, Path src, String where) throws IOException {
        int n = 0;
        while (n < b.length) {
            int r = in.read(b, n, b.length - n);
            if (r < 0) {
                throw new ImageFormatException(src, "truncated: " + b.length + " bytes expected " + where
                        + ", found " + n);
            }
            n += r;
        }
    }

    /** Parses {@code Key = Value} lines into {@code out}; returns the byte offset just after ElementDataFile. */
    private static long parseHeader(Path file, Map<String, String> out) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 14)) {
            long pos = 0;
            int lineNo = 0;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int c = in.read();
                if (c >= 0) {
                    pos++;
                }
                if (c >= 0 && c != '\n') {
                    if (c == 0 || pos > MAX_HEADER) {
                        throw new ImageFormatException(file, "not a MetaImage header: no ElementDataFile line in"
                                + " the first " + pos + " bytes of text");
                    }
                    line.write(c);
                    continue;
                }
                lineNo++;
                String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (!text.isEmpty()) {
                    int eq = text.indexOf('=');
                    if (eq <= 0) {
                        throw new ImageFormatException(file, "header line " + lineNo + " '" + text
                                + "' is not 'Key = Value'");
                    }
                    String key = canonical(text.substring(0, eq).strip());
                    String value = text.substring(eq + 1).strip();
                    if (out.containsKey(key)) {
                        throw new ImageFormatException(file, "header line " + lineNo + ": key " + key
                                + " appears twice");
                    }
                    out.put(key, value);
                    if (key.equals("ElementDataFile")) {
                        return pos;
                    }
                }
                if (c < 0) {
                    throw new ImageFormatException(file, "header ends after line " + lineNo
                            + " without ElementDataFile (which must be the last key)");
                }
            }
        }
    }

    private static final String[] KEYS = {"ObjectType", "NDims", "DimSize", "ElementType", "ElementSpacing",
        "ElementSize", "Offset", "Origin", "Position", "TransformMatrix", "Rotation", "Orientation",
        "CenterOfRotation", "AnatomicalOrientation", "BinaryData", "BinaryDataByteOrderMSB", "ElementByteOrderMSB",
        "CompressedData", "CompressedDataSize", "HeaderSize", "ElementNumberOfChannels", "ElementDataFile"};

    /** MetaIO matches keys exactly; this reader also accepts other letter cases of the known keys. */
    private static String canonical(String key) {
        for (String k : KEYS) {
            if (k.equalsIgnoreCase(key)) {
                return k;
            }
        }
        return key;
    }

    private String firstKey(String... keys) {
        for (String k : keys) {
            if (header.containsKey(k)) {
                return k;
            }
        }
        return keys[0];
    }

    private ImageFormatException error(String msg) {
        return new ImageFormatException(headerFile, msg);
    }

    private String require(String key) throws ImageFormatException {
        String v = header.get(key);
        if (v == null || v.isEmpty()) {
            throw error("required header key " + key + " is missing");
        }
        return v;
    }

    private int integer(String key, Integer dflt) throws ImageFormatException {
        String v = header.get(key);
        if (v == null) {
            if (dflt == null) {
                throw error("required header key " + key + " is missing");
            }
            return dflt;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw error(key + " is '" + v + "', expected an integer");
        }
    }

    private double[] numbers(String key, int n, Double dflt) throws ImageFormatException {
        return numbers(key, n, dflt, false);
    }

    private double[] numbers(String key, int n, Double dflt, boolean nullIfAbsent) throws ImageFormatException {
        String v = header.get(key);
        if (v == null) {
            if (nullIfAbsent) {
                return null;
            }
            if (dflt == null) {
                throw error("required header key " + key + " is missing");
            }
            double[] d = new double[n];
            java.util.Arrays.fill(d, dflt);
            return d;
        }
        String[] parts = v.strip().split("\\s+");
        if (parts.length != n) {
            throw error(key + " is '" + v + "': expected " + n + " numbers, found " + parts.length);
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            try {
                d[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw error(key + " entry " + i + " is '" + parts[i] + "', expected a number");
            }
        }
        return d;
    }

    private boolean bool(String key, boolean dflt) throws ImageFormatException {
        String v = header.get(key);
        if (v == null) {
            return dflt;
        }
        if (v.equalsIgnoreCase("True") || v.equals("1")) {
            return true;
        }
        if (v.equalsIgnoreCase("False") || v.equals("0")) {
            return false;
        }
        throw error(key + " is '" + v + "', expected True or False");
    }

    private SampleType elementType(String v) throws ImageFormatException {
        switch (v.toUpperCase(Locale.ROOT)) {
            case "MET_CHAR": return SampleType.INT8;
            case "MET_UCHAR": return SampleType.UINT8;
            case "MET_SHORT": return SampleType.INT16;
            case "MET_USHORT": return SampleType.UINT16;
            case "MET_INT": case "MET_LONG": return SampleType.INT32;
            case "MET_UINT": case "MET_ULONG": return SampleType.UINT32;
            case "MET_LONG_LONG": return SampleType.INT64;
            case "MET_ULONG_LONG": return SampleType.UINT64;
            case "MET_FLOAT": return SampleType.FLOAT32;
            case "MET_DOUBLE": return SampleType.FLOAT64;
            default:
                throw error("ElementType " + v + " is not supported; expected one of MET_CHAR, MET_UCHAR, MET_SHORT,"
                        + " MET_USHORT, MET_INT, MET_UINT, MET_LONG, MET_ULONG, MET_LONG_LONG, MET_ULONG_LONG,"
                        + " MET_FLOAT, MET_DOUBLE");
        }
    }

    /** @return the header file */
    public Path file() {
        return headerFile;
    }

    /** @return the data file, or {@code null} for {@code ElementDataFile = LOCAL} */
    public Path dataFile() {
        return dataFile;
    }

    /** @return all header keys and values in file order (known keys in their canonical MetaIO spelling) */
    public Map<String, String> header() {
        return header;
    }

    /** @return {@code NDims} */
    public int nDims() {
        return dimSize.length;
    }

    /** @return {@code DimSize}, x first */
    public int[] dimSize() {
        return dimSize.clone();
    }

    /** @return the element type named by {@code ElementType} */
    public SampleType elementType() {
        return elementType;
    }

    /** @return the byte order of the element data */
    public ByteOrder byteOrder() {
        return order;
    }

    /** @return {@code nx * ny [* nz]} */
    public long voxelCount() {
        long n = 1;
        for (int d : dimSize) {
            n *= d;
        }
        return n;
    }

    /** @return the voxel grid (3D; {@code nz = 1} and unit z spacing for a 2D image), LPS */
    public VoxelGrid grid() {
        int n = dimSize.length;
        double[] s = {1, 1, 1};
        double[] o = {0, 0, 0};
        double[][] d = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (int i = 0; i < n; i++) {
            s[i] = spacing[i];
            o[i] = offset[i];
            for (int j = 0; j < n; j++) {
                d[i][j] = direction[i][j];
            }
        }
        return VoxelGrid.of(dimSize[0], dimSize[1], n > 2 ? dimSize[2] : 1, s, o, d, VoxelGrid.Frame.LPS);
    }

    /**
     * @return the image as a volume (shares the value array)
     * @throws IllegalStateException when only the header was read
     */
    public Volume volume() {
        if (data == null) {
            throw new IllegalStateException(headerFile + ": only the header was read");
        }
        return new Volume(grid(), data);
    }
}
