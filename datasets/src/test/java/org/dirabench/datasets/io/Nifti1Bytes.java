package org.dirabench.datasets.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small NIfTI-1 files for tests: a 348-byte header, 4 extension bytes, optional padding, then the data. */
final class Nifti1Bytes {
    ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    int sizeofHdr = 348;
    int[] dims = {2, 3, 4};
    int datatype = 4;
    int bitpix = 16;
    float[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
    float voxOffset = 352;
    float sclSlope = 0;
    float sclInter = 0;
    int qformCode = 0;
    int sformCode = 0;
    float[] quatern = {0, 0, 0};
    float[] qoffset = {0, 0, 0};
    float[][] srow = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}};
    String magic = "n+1";
    /** raw voxel bytes, already in {@link #order} */
    byte[] data = new byte[0];

    Nifti1Bytes dims(int... d) {
        this.dims = d;
        return this;
    }

    /** Sets datatype, bitpix and data from values encoded as {@code type}. */
    Nifti1Bytes values(int code, SampleType type, double... v) {
        this.datatype = code;
        this.bitpix = type.bytes() * 8;
        this.data = SampleBytes.encode(type, order, v);
        return this;
    }

    byte[] bytes() {
        ByteBuffer h = ByteBuffer.allocate((int) voxOffset).order(order);
        h.putInt(0, sizeofHdr);
        h.putShort(40, (short) dims.length);
        for (int i = 0; i < dims.length; i++) {
            h.putShort(42 + 2 * i, (short) dims[i]);
        }
        for (int i = dims.length + 1; i < 8; i++) {
            h.putShort(40 + 2 * i, (short) 1);
        }
        h.putShort(70, (short) datatype);
        h.putShort(72, (short) bitpix);
        for (int i = 0; i < 8; i++) {
            h.putFloat(76 + 4 * i, pixdim[i]);
        }
        h.putFloat(108, voxOffset);
        h.putFloat(112, sclSlope);
        h.putFloat(116, sclInter);
        h.putShort(252, (short) qformCode);
        h.putShort(254, (short) sformCode);
        for (int i = 0; i < 3; i++) {
            h.putFloat(256 + 4 * i, quatern[i]);
            h.putFloat(268 + 4 * i, qoffset[i]);
        }
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                h.putFloat(280 + 16 * r + 4 * c, srow[r][c]);
            }
        }
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < Math.min(4, m.length); i++) {
            h.put(344 + i, m[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(h.array(), 0, h.capacity());
        out.write(data, 0, data.length);
        return out.toByteArray();
    }

    Path write(Path dir, String name) throws IOException {
        Path p = dir.resolve(name);
        byte[] b = bytes();
        if (name.endsWith(".gz")) {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                gz.write(b);
            }
            b = bo.toByteArray();
        }
        Files.write(p, b);
        return p;
    }
}
