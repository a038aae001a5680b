package org.dirabench.datasets.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A NIfTI-1 image ({@code .nii} or gzip-compressed {@code .nii.gz}) read fully into memory as float32.
 *
 * <p>Values are the stored values times {@code scl_slope} plus {@code scl_inter} when the header says the data are
 * scaled (slope finite and non-zero; slope 0 means no scaling, as in nibabel), computed in double precision and
 * stored as float32. Data start at {@code vox_offset}, after any header extensions. The flat order is the file's:
 * {@code (i, j, k, t, ...)} with i fastest, so {@code data[((t * nk + k) * nj + j) * ni + i]}.
 *
 * <p>World coordinates: {@link #grid()} uses {@link Nifti1Header#affine()} (sform, then qform, then nibabel's base
 * affine) in the {@link VoxelGrid.Frame#RAS} frame.
 */
public final class Nifti1Image {
    private static final int CHUNK = 1 << 20;

    private final Nifti1Header header;
    private final float[] data;
    private final int extensionFlag;

    private Nifti1Image(Nifti1Header header, float[] data, int extensionFlag) {
        this.header = header;
        this.data = data;
        this.extensionFlag = extensionFlag;
    }

    /**
     * Reads only the header.
     *
     * @param file a {@code .nii} or {@code .nii.gz} file
     * @return the header
     * @throws ImageFormatException for a malformed header (see {@link Nifti1Header#parse})
     * @throws IOException when the file cannot be read
     */
    public static Nifti1Header readHeader(Path file) throws IOException {
        try (InputStream in = open(file)) {
            byte[] h = new byte[Nifti1Header.SIZEOF_HDR];
            int n = readFully(file, in, h, 0, h.length, "header", 0, h.length);
            if (n < h.length) {
                throw new ImageFormatException(file, "truncated NIfTI-1 header: expected 348 bytes, file has " + n);
            }
            return Nifti1Header.parse(file, h);
        }
    }

    /**
     * Reads header and voxel data.
     *
     * @param file a {@code .nii} or {@code .nii.gz} file (gzip detected from the {@code .gz} name)
     * @return the image
     * @throws ImageFormatException when the header is malformed, the datatype is unknown or unsupported, the file
     *     is truncated (the message gives expected and actual bytes), the file holds more bytes than
     *     {@code vox_offset} + the voxel data (header/data size mismatch), the gzip stream ends early or is corrupt,
     *     or {@code scl_inter} is not finite while {@code scl_slope} is
     * @throws IOException when the file cannot be read
     */
    public static Nifti1Image read(Path file) throws IOException {
        boolean gz = isGzip(file);
        try (InputStream in = open(file)) {
            byte[] h = new byte[Nifti1Header.SIZEOF_HDR];
            int n = readFully(file, in, h, 0, h.length, "header", 0, h.length);
            if (n < h.length) {
                throw new ImageFormatException(file, "truncated NIfTI-1 header: expected 348 bytes, file has " + n);
            }
            Nifti1Header hdr = Nifti1Header.parse(file, h);
            SampleType type = hdr.datatype();
            long count = hdr.voxelCount();
            long dataBytes = count * type.bytes();
            long expectedTotal = hdr.voxOffset() + dataBytes;
            if (count > Integer.MAX_VALUE - 8) {
                throw new ImageFormatException(file, "dim " + Arrays.toString(hdr.shape()) + " gives " + count
                        + " voxels, more than a Java array holds");
            }
            if (!gz) {
                long size = Files.size(file);
                if (size < expectedTotal) {
                    throw new ImageFormatException(file, "truncated: vox_offset " + hdr.voxOffset() + " + "
                            + dimText(hdr) + " voxels x " + type.bytes() + " bytes (" + type.label() + ") = "
                            + expectedTotal + " bytes expected, file has " + size + " bytes");
                }
                if (size > expectedTotal) {
                    throw new ImageFormatException(file, "header/data size mismatch: vox_offset " + hdr.voxOffset()
                            + " + " + dimText(hdr) + " voxels x " + type.bytes() + " bytes = " + expectedTotal
                            + " bytes expected, file has " + size + " bytes (" + (size - expectedTotal) + " extra)");
                }
            }
            boolean scaled = hdr.isScaled();
            if (scaled && !Float.isFinite(hdr.sclInter())) {
                throw new ImageFormatException(file, "scl_slope is " + hdr.sclSlope() + " but scl_inter is "
                        + hdr.sclInter() + "; expected a finite intercept");
            }
            long pos = Nifti1Header.SIZEOF_HDR;
            int extension = -1;
            byte[] skip = new byte[(int) Math.min(CHUNK, Math.max(1, hdr.voxOffset() - pos))];
            while (pos < hdr.voxOffset()) {
                int want = (int) Math.min(skip.length, hdr.voxOffset() - pos);
                int got = readFully(file, in, skip, 0, want, "header extensions", pos, expectedTotal);
                if (got < want) {
                    throw truncated(file, pos + got, expectedTotal);
                }
                if (pos == Nifti1Header.SIZEOF_HDR) {
                    extension = skip[0];
                }
                pos += want;
            }
            float[] out = new float[(int) count];
            int per = type.bytes();
            byte[] buf = new byte[(CHUNK / per) * per];
            ByteBuffer bb = ByteBuffer.wrap(buf).order(hdr.byteOrder());
            int done = 0;
            while (done < count) {
                int elems = (int) Math.min(buf.length / per, count - done);
                int got = readFully(file, in, buf, 0, elems * per, "voxel data", pos, expectedTotal);
                if (got < elems * per) {
                    throw truncated(file, pos + got, expectedTotal);
                }
                type.decode(bb, elems, out, done, scaled, hdr.sclSlope(), hdr.sclInter());
                done += elems;
                pos += (long) elems * per;
            }
            if (gz) {
                long extra = 0;
                int r;
                while ((r = readChunk(file, in, buf, pos + extra)) > 0) {
                    extra += r;
                }
                if (extra > 0) {
                    throw new ImageFormatException(file, "header/data size mismatch: vox_offset " + hdr.voxOffset()
                            + " + " + dimText(hdr) + " voxels x " + per + " bytes = " + expectedTotal
                            + " bytes expected, the decompressed file has " + (expectedTotal + extra) + " bytes ("
                            + extra + " extra)");
                }
            }
            return new Nifti1Image(hdr, out, extension);
        }
    }

    private static String dimText(Nifti1Header hdr) {
        StringBuilder sb = new StringBuilder();
        for (int d : hdr.shape()) {
            if (sb.length() > 0) {
                sb.append('x');
            }
            sb.append(d);
        }
        return sb.toString();
    }

    private static ImageFormatException truncated(Path file, long actual, long expected) {
        return new ImageFormatException(file, "truncated: expected " + expected + " bytes (vox_offset + voxel data),"
                + " the " + (isGzip(file) ? "decompressed " : "") + "file ends after " + actual + " bytes");
    }

    private static boolean isGzip(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        if (!isGzip(file)) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (ZipException | EOFException e) {
            raw.close();
            throw new ImageFormatException(file, "not a valid gzip file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads up to {@code len} bytes; returns fewer only at a clean end of stream. A gzip stream that stops in the
     * middle of its compressed data, or is corrupt, becomes an {@link ImageFormatException}.
     */
    private static int readFully(Path file, InputStream in, byte[] b, int off, int len, String what, long pos,
            long expected) throws IOException {
        int n = 0;
        while (n < len) {
            int r;
            try {
                r = in.read(b, off + n, len - n);
            } catch (EOFException e) {
                throw new ImageFormatException(file, "gzip stream ends early: the compressed data stop after "
                        + (pos + n) + " decompressed bytes, while reading the " + what + "; expected " + expected
                        + " bytes", e);
            } catch (ZipException e) {
                throw new ImageFormatException(file, "corrupt gzip data after " + (pos + n)
                        + " decompressed bytes, while reading the " + what + " (" + e.getMessage() + ")", e);
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static int readChunk(Path file, InputStream in, byte[] b, long pos) throws IOException {
        int n = readFully(file, in, b, 0, b.length, "end of file", pos, pos);
        return n;
    }

    /**
     * @return byte 348, {@code extension[0]}: non-zero when header extensions follow (their content is skipped, the
     *     data start at {@code vox_offset}); -1 when {@code vox_offset} is 348 and the byte is absent
     */
    public int extensionFlag() {
        return extensionFlag;
    }

    /** @return the header */
    public Nifti1Header header() {
        return header;
    }

    /** @return the shape in (i, j, k, t, ...) order, {@code dim[1..dim[0]]} */
    public int[] shape() {
        return header.shape();
    }

    /** @return the shared value array, i fastest */
    public float[] data() {
        return data;
    }

    /** @return the value at (i, j, k, t, ...); trailing indices may be omitted (taken as 0) */
    public float get(int... index) {
        int[] shape = header.shape();
        if (index.length > shape.length) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has more than " + shape.length
                    + " entries");
        }
        long flat = 0;
        long stride = 1;
        for (int d = 0; d < shape.length; d++) {
            int v = d < index.length ? index[d] : 0;
            if (v < 0 || v >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape "
                        + Arrays.toString(shape));
            }
            flat += v * stride;
            stride *= shape[d];
        }
        return data[(int) flat];
    }

    /** @return the number of 3D volumes: the product of {@code dim[4..7]} */
    public int volumeCount() {
        int n = 1;
        for (int d = 4; d <= 7; d++) {
            n *= header.dim(d);
        }
        return n;
    }

    /** @return the voxel grid of one 3D volume (sizes {@code dim[1..3]}, 1 where absent), RAS */
    public VoxelGrid grid() {
        return new VoxelGrid(header.dim(1), header.dim(2), header.dim(3), header.affine(), VoxelGrid.Frame.RAS);
    }

    /**
     * @return the image as a volume
     * @throws IllegalStateException when the image has more than one 3D volume (use {@link #volume(int)})
     */
    public Volume volume() {
        if (volumeCount() != 1) {
            throw new IllegalStateException(header.file() + " holds " + volumeCount() + " volumes (shape "
                    + Arrays.toString(shape()) + "); call volume(t)");
        }
        return new Volume(grid(), data);
    }

    /**
     * @param t index over {@code dim[4..7]} flattened (t fastest): for 4D images the time point
     * @return a copy of the t-th 3D volume
     */
    public Volume volume(int t) {
        int n = volumeCount();
        if (t < 0 || t >= n) {
            throw new IndexOutOfBoundsException("volume " + t + " of " + n);
        }
        VoxelGrid g = grid();
        int size = (int) g.voxelCount();
        return new Volume(g, Arrays.copyOfRange(data, t * size, (t + 1) * size));
    }
}
