package org.dirabench.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NumPy array in the {@code .npy} format (NumPy NEP 1, format versions 1.0, 2.0 and 3.0), as found alone or as an
 * entry of an {@code .npz} archive ({@link Npz}).
 *
 * <p>Supported dtypes ({@code descr}): {@code b1 i1 u1 i2 u2 i4 u4 i8 u8 f4 f8} in either byte order. Object arrays
 * ({@code O}, which need pickle), strings, complex, float16, datetimes and structured dtypes are refused.
 *
 * <p>Elements are held in <b>C order</b> (last index fastest) whatever the file's {@code fortran_order}: a
 * Fortran-ordered array is reordered on reading, so {@code get(i, j, k)} and the flat arrays returned by
 * {@link #toFloatArray()} etc. mean the same as {@code a[i, j, k]} and {@code a.ravel(order='C')} in NumPy.
 */
public final class NpyArray {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private final String source;
    private final String descr;
    private final SampleType type;
    private final int[] shape;
    private final boolean fortranOrder;
    private final ByteBuffer data; // C order, in the file's byte order

    private NpyArray(String source, String descr, SampleType type, int[] shape, boolean fortranOrder,
            ByteBuffer data) {
        this.source = source;
        this.descr = descr;
        this.type = type;
        this.shape = shape;
        this.fortranOrder = fortranOrder;
        this.data = data;
    }

    /**
     * Reads a {@code .npy} file.
     *
     * @throws ImageFormatException see {@link #read(InputStream, Path, String)}
     * @throws IOException when the file cannot be read
     */
    public static NpyArray read(Path npy) throws IOException {
        try (InputStream in = Files.newInputStream(npy)) {
            return read(in, npy, null);
        }
    }

    /**
     * Reads one array from a stream positioned at the {@code \x93NUMPY} magic, up to the end of the stream.
     *
     * @param in the stream (not closed)
     * @param file the file, for messages
     * @param entry the archive entry name, for messages (null for a plain {@code .npy})
     * @throws ImageFormatException naming file and entry for: no magic, an unknown format version, a header without
     *     {@code descr}/{@code fortran_order}/{@code shape}, an unsupported or pickled dtype, data shorter
     *     (truncated) or longer (size mismatch) than the shape says
     * @throws IOException when reading fails
     */
    public static NpyArray read(InputStream in, Path file, String entry) throws IOException {
        String where = entry == null ? "" : "entry " + entry + ": ";
        String source = (file == null ? "" : file.toString()) + (entry == null ? "" : "!" + entry);
        byte[] pre = in.readNBytes(8);
        if (pre.length < 8 || !Arrays.equals(Arrays.copyOf(pre, 6), MAGIC)) {
            throw new ImageFormatException(file, where + "not a .npy array: no \\x93NUMPY magic");
        }
        int major = pre[6] & 0xff;
        int headerLen;
        if (major == 1) {
            byte[] l = in.readNBytes(2);
            if (l.length < 2) {
                throw new ImageFormatException(file, where + "truncated .npy header");
            }
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        } else if (major == 2 || major == 3) {
            byte[] l = in.readNBytes(4);
            if (l.length < 4) {
                throw new ImageFormatException(file, where + "truncated .npy header");
            }
            headerLen = ByteBuffer.wrap(l).order(ByteOrder.LITTLE_ENDIAN).getInt();
        } else {
            throw new ImageFormatException(file, where + ".npy format version " + major + "." + (pre[7] & 0xff)
                    + " is not supported (expected 1.0, 2.0 or 3.0)");
        }
        byte[] hb = in.readNBytes(headerLen);
        if (hb.length < headerLen || headerLen < 0) {
            throw new ImageFormatException(file, where + "truncated .npy header: expected " + headerLen
                    + " bytes, found " + hb.length);
        }
        String header = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (header.matches("(?s).*'descr'\\s*:\\s*\\[.*")) {
            throw new ImageFormatException(file, where + "structured dtype (descr is a list) is not supported");
        }
        String descr = group(DESCR, header, "descr", file, where);
        boolean fortran = group(FORTRAN, header, "fortran_order", file, where).equals("True");
        String shapeText = group(SHAPE, header, "shape", file, where).strip();
        int[] shape = parseShape(shapeText, file, where);
        ByteOrder order = descr.startsWith(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        SampleType type = dtype(descr, file, where);
        long count = 1;
        for (int s : shape) {
            count *= s;
        }
        long bytes = count * type.bytes();
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new ImageFormatException(file, where + "shape " + shapeText + " holds " + bytes
                    + " bytes, more than one Java array");
        }
        byte[] raw = in.readNBytes((int) bytes);
        if (raw.length < bytes) {
            throw new ImageFormatException(file, where + "truncated: shape (" + shapeText + ") of " + descr
                    + " needs " + bytes + " bytes of data, found " + raw.length);
        }
        byte[] rest = in.readNBytes(1);
        if (rest.length > 0) {
            long extra = 1;
            byte[] skip = new byte[8192];
            int r;
            while ((r = in.read(skip)) > 0) {
                extra += r;
            }
            throw new ImageFormatException(file, where + "header/data size mismatch: shape (" + shapeText + ") of "
                    + descr + " needs " + bytes + " bytes of data, found " + (bytes + extra));
        }
        if (fortran && shape.length > 1) {
            raw = fortranToC(raw, shape, type.bytes());
        }
        return new NpyArray(source, descr, type, shape, fortran, ByteBuffer.wrap(raw).order(order));
    }

    private static String group(Pattern p, String header, String key, Path file, String where)
            throws ImageFormatException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new ImageFormatException(file, where + ".npy header has no valid '" + key + "': " + header.strip());
        }
        return m.group(1);
    }

    private static int[] parseShape(String text, Path file, String where) throws ImageFormatException {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(",");
        int n = parts.length;
        if (parts[n - 1].isBlank()) {
            n--;
        }
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                s[i] = Integer.parseInt(parts[i].strip().replace("L", ""));
            } catch (NumberFormatException e) {
                throw new ImageFormatException(file, where + "shape (" + text + ") entry " + i + " is not an integer");
            }
            if (s[i] < 0) {
                throw new ImageFormatException(file, where + "shape (" + text + ") has a negative entry");
            }
        }
        return s;
    }

    private static SampleType dtype(String descr, Path file, String where) throws ImageFormatException {
        String d = descr.length() > 1 && "<>|=".indexOf(descr.charAt(0)) >= 0 ? descr.substring(1) : descr;
        switch (d) {
            case "b1": case "u1": return SampleType.UINT8;
            case "i1": return SampleType.INT8;
            case "i2": return SampleType.INT16;
            case "u2": return SampleType.UINT16;
            case "i4": return SampleType.INT32;
            case "u4": return SampleType.UINT32;
            case "i8": return SampleType.INT64;
            case "u8": return SampleType.UINT64;
            case "f4": return SampleType.FLOAT32;
            case "f8": return SampleType.FLOAT64;
            default:
                break;
        }
        if (d.equals("O")) {
            throw new ImageFormatException(file, where + "dtype '" + descr + "' is an object array, stored with"
                    + " pickle; pickled data are not read (use a numeric dtype)");
        }
        throw new ImageFormatException(file, where + "unsupported dtype '" + descr + "'; supported: b1 i1 u1 i2 u2"
                + " i4 u4 i8 u8 f4 f8");
    }

    private static byte[] fortranToC(byte[] f, int[] shape, int size) {
        byte[] c = new byte[f.length];
        int rank = shape.length;
        long count = f.length / size;
        int[] idx = new int[rank];
        long[] fStride = new long[rank];
        long s = 1;
        for (int d = 0; d < rank; d++) {
            fStride[d] = s;
            s *= shape[d];
        }
        for (long ci = 0; ci < count; ci++) {
            long fi = 0;
            for (int d = 0; d < rank; d++) {
                fi += idx[d] * fStride[d];
            }
            System.arraycopy(f, (int) (fi * size), c, (int) (ci * size), size);
            for (int d = rank - 1; d >= 0; d--) { // advance the C-order multi-index
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        return c;
    }

    /** @return file (and {@code !entry} for an npz member) */
    public String source() {
        return source;
    }

    /** @return the dtype as written, e.g. {@code |u1} or {@code <f8} */
    public String descr() {
        return descr;
    }

    /** @return the element type ({@code b1} reads as {@link SampleType#UINT8} with values 0 and 1) */
    public SampleType dtype() {
        return type;
    }

    /** @return the shape (empty for a 0-d array) */
    public int[] shape() {
        return shape.clone();
    }

    /** @return true when the file stored the array in Fortran order (it is held in C order regardless) */
    public boolean wasFortranOrder() {
        return fortranOrder;
    }

    /** @return number of elements */
    public int size() {
        return data.capacity() / type.bytes();
    }

    /** @return element at a C-order multi-index, as double (int64 beyond 2^53 is rounded) */
    public double getDouble(int... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " for shape "
                    + Arrays.toString(shape));
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape "
                        + Arrays.toString(shape));
            }
            flat = flat * shape[d] + index[d];
        }
        return type.get(data, flat);
    }

    /** @return all elements in C order as float32 */
    public float[] toFloatArray() {
        float[] out = new float[size()];
        type.decode(data, out.length, out, 0, false, 1, 0);
        return out;
    }

    /** @return all elements in C order as float64 (int64 beyond 2^53 is rounded) */
    public double[] toDoubleArray() {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = type.get(data, i);
        }
        return out;
    }

    /**
     * @return all elements in C order as int64
     * @throws IllegalStateException for floating-point dtypes, or a uint64 value above {@code Long.MAX_VALUE}
     */
    public long[] toLongArray() {
        if (type.isFloatingPoint()) {
            throw new IllegalStateException(source + ": dtype " + descr + " is floating point, not integer");
        }
        long[] out = new long[size()];
        for (int i = 0; i < out.length; i++) {
            if (type == SampleType.INT64 || type == SampleType.UINT64) {
                out[i] = data.getLong(8 * i);
                if (type == SampleType.UINT64 && out[i] < 0) {
                    throw new IllegalStateException(source + ": uint64 element " + i + " exceeds Long.MAX_VALUE");
                }
            } else {
                out[i] = (long) type.get(data, i);
            }
        }
        return out;
    }
}
