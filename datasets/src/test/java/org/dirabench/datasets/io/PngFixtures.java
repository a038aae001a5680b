package org.dirabench.datasets.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/**
 * A minimal PNG encoder for test fixtures, written from the PNG specification so that every colour type and bit
 * depth can be generated exactly (javax.imageio's writer chooses its own colour type).
 */
public final class PngFixtures {
    private PngFixtures() {
    }

    /**
     * @param width pixels
     * @param height pixels
     * @param colorType PNG colour type (0, 2, 3, 4, 6)
     * @param bitDepth bits per sample
     * @param samples row-major samples, channels interleaved (palette: indices)
     * @param palette RGB triples for colour type 3, else null
     * @return the PNG file bytes
     */
    public static byte[] encode(int width, int height, int colorType, int bitDepth, int[] samples, int[] palette) {
        int channels = switch (colorType) {
            case 0, 3 -> 1;
            case 2 -> 3;
            case 4 -> 2;
            case 6 -> 4;
            default -> throw new IllegalArgumentException("colour type " + colorType);
        };
        if (samples.length != width * height * channels) {
            throw new IllegalArgumentException("sample count");
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int perRow = width * channels;
        for (int y = 0; y < height; y++) {
            raw.write(0); // filter type None
            if (bitDepth < 8) {
                int acc = 0;
                int used = 0;
                for (int i = 0; i < perRow; i++) {
                    acc = (acc << bitDepth) | samples[y * perRow + i];
                    used += bitDepth;
                    if (used == 8) {
                        raw.write(acc);
                        acc = 0;
                        used = 0;
                    }
                }
                if (used > 0) {
                    raw.write(acc << (8 - used));
                }
            } else {
                for (int i = 0; i < perRow; i++) {
                    int v = samples[y * perRow + i];
                    if (bitDepth == 16) {
                        raw.write(v >>> 8);
                    }
                    raw.write(v & 0xff);
                }
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
            ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
            writeInt(ihdr, width);
            writeInt(ihdr, height);
            ihdr.write(bitDepth);
            ihdr.write(colorType);
            ihdr.write(0);
            ihdr.write(0);
            ihdr.write(0);
            chunk(out, "IHDR", ihdr.toByteArray());
            if (palette != null) {
                byte[] plte = new byte[palette.length];
                for (int i = 0; i < palette.length; i++) {
                    plte[i] = (byte) palette[i];
                }
                chunk(out, "PLTE", plte);
            }
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
                d.write(raw.toByteArray());
            }
            chunk(out, "IDAT", z.toByteArray());
            chunk(out, "IEND", new byte[0]);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@link #encode} output to {@code dir/name}. */
    public static Path write(Path dir, String name, int width, int height, int colorType, int bitDepth,
            int[] samples, int[] palette) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, encode(width, height, colorType, bitDepth, samples, palette));
        return p;
    }

    /** A w×h 8-bit gray PNG whose pixel (x, y) is {@code (x·7 + y·13 + seed) mod 256}. */
    public static Path gray8(Path dir, String name, int w, int h, int seed) throws IOException {
        int[] s = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s[y * w + x] = (x * 7 + y * 13 + seed) & 0xff;
            }
        }
        return write(dir, name, w, h, 0, 8, s, null);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        writeInt(out, data.length);
        byte[] t = type.getBytes(StandardCharsets.ISO_8859_1);
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        writeInt(out, (int) crc.getValue());
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
