package org.dirabench.datasets.tasks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Generated stand-ins for files of formats the shared data has no real example of (CheXpert JPEGs and CSVs, LUNA16
 * MetaImage volumes, LiTS / BraTS NIfTI volumes): every file written here is a phantom, made in a temporary folder.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Writes lines (UTF-8, '\n') creating parent folders. */
    static Path lines(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    /** Writes an 8-bit gray JPEG of a gradient that depends on {@code seed}. */
    static Path jpeg(Path file, int w, int h, int seed) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (x * 7 + y * 3 + seed * 11) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, "jpeg", file.toFile())) {
            throw new IOException("no JPEG writer");
        }
        return file;
    }

    /** Writes an 8-bit gray PNG whose pixels are {@code v[y * w + x]} (0..255). */
    static Path png(Path file, int w, int h, int[] v) throws IOException {
        Files.createDirectories(file.getParent());
        return org.dirabench.datasets.io.PngFixtures.write(file.getParent(), file.getFileName().toString(), w, h, 0,
                8, v, null);
    }

    /**
     * Writes a MetaImage header + raw pair (MET_SHORT, little-endian) of a volume {@code nx × ny × nz} with values
     * {@code values[(z * ny + y) * nx + x]}.
     *
     * @param direction 9 numbers of TransformMatrix (column i = world direction of voxel axis i), or null
     */
    static Path metaImage(Path mhd, int nx, int ny, int nz, double[] spacing, double[] origin, double[] direction,
            short[] values) throws IOException {
        Files.createDirectories(mhd.getParent());
        String raw = mhd.getFileName().toString().replaceAll("\\.mhd$", ".raw");
        StringBuilder h = new StringBuilder();
        h.append("ObjectType = Image\nNDims = 3\nBinaryData = True\nBinaryDataByteOrderMSB = False\n");
        h.append("CompressedData = False\n");
        if (direction != null) {
            h.append("TransformMatrix =");
            for (double d : direction) {
                h.append(' ').append(num(d));
            }
            h.append('\n');
        }
        h.append("Offset = ").append(num(origin[0])).append(' ').append(num(origin[1])).append(' ')
                .append(num(origin[2])).append('\n');
        h.append("ElementSpacing = ").append(num(spacing[0])).append(' ').append(num(spacing[1])).append(' ')
                .append(num(spacing[2])).append('\n');
        h.append("DimSize = ").append(nx).append(' ').append(ny).append(' ').append(nz).append('\n');
        h.append("ElementType = MET_SHORT\nElementDataFile = ").append(raw).append('\n');
        Files.writeString(mhd, h.toString());
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) {
            b.putShort(v);
        }
        Files.write(mhd.resolveSibling(raw), b.array());
        return mhd;
    }

    /**
     * Writes an uncompressed NIfTI-1 file ({@code .nii}), datatype int16, sform = diag(spacing) + origin (code 1).
     */
    static Path nifti(Path file, int nx, int ny, int nz, double[] spacing, double[] origin, short[] values)
            throws IOException {
        Files.createDirectories(file.getParent());
        ByteBuffer h = ByteBuffer.allocate(352 + values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0, 348);
        h.putShort(40, (short) 3);
        h.putShort(42, (short) nx);
        h.putShort(44, (short) ny);
        h.putShort(46, (short) nz);
        for (int i = 4; i < 8; i++) {
            h.putShort(40 + 2 * i, (short) 1);
        }
        h.putShort(70, (short) 4); // DT_INT16
        h.putShort(72, (short) 16);
        h.putFloat(76, 1f);
        for (int i = 0; i < 3; i++) {
            h.putFloat(80 + 4 * i, (float) spacing[i]);
        }
        h.putFloat(108, 352f);
        h.putShort(254, (short) 1); // sform_code
        for (int r = 0; r < 3; r++) {
            h.putFloat(280 + 16 * r + 4 * r, (float) spacing[r]);
            h.putFloat(280 + 16 * r + 12, (float) origin[r]);
        }
        h.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
        for (int i = 0; i < values.length; i++) {
            h.putShort(352 + 2 * i, values[i]);
        }
        Files.write(file, h.array());
        return file;
    }

    /** A version 1.0 {@code .npy} in C order: magic, header dict padded to 64 bytes, data. */
    static byte[] npy(String descr, int[] shape, byte[] data) {
        StringBuilder sh = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            sh.append(shape[i]).append(shape.length == 1 ? "," : i < shape.length - 1 ? ", " : "");
        }
        String h = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int pad = (64 - (10 + h.length() + 1) % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(h.length() & 0xff);
        out.write(h.length() >> 8);
        out.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** Float32 little-endian bytes. */
    static byte[] f4(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) {
            b.putFloat(x);
        }
        return b.array();
    }

    /** Writes an {@code .npz} (deflated) with the given entries, in order. */
    static Path npz(Path file, java.util.Map<String, byte[]> arrays) throws IOException {
        Files.createDirectories(file.getParent());
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            for (var e : arrays.entrySet()) {
                z.putNextEntry(new java.util.zip.ZipEntry(e.getKey() + ".npy"));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return file;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
