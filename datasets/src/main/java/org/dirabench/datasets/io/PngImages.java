package org.dirabench.datasets.io;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.dirabench.datasets.image.Image2d;

/**
 * Reads PNG files into float images in [0, 1] with {@code javax.imageio}, for every PNG colour type and bit depth:
 * gray (1, 2, 4, 8, 16 bit), gray+alpha (8, 16), RGB (8, 16), RGBA (8, 16) and palette (1, 2, 4, 8).
 *
 * <p><b>Gray conversion</b> ({@link #readGray(Path)}) reproduces Pillow's {@code Image.open(f).convert('L') / 255}
 * that DiRA applies to its restoration target (DIRA transformation.py:L91-L94) and the golden file
 * {@code formats_real_files.json} ({@code gray_L_mean}, {@code gray_L_value_at}):
 * <ul>
 *   <li>8-bit RGB, RGBA and palette colours: the ITU-R 601-2 luma of Pillow,
 *       {@code L = (19595·R + 38470·G + 7471·B + 2^15) >> 16}, i.e. R·299/1000 + G·587/1000 + B·114/1000 rounded
 *       to the nearest 8-bit level (older Pillow truncated instead of rounding), then {@code L / 255};</li>
 *   <li>8-bit gray: {@code v / 255}; 1-, 2- and 4-bit gray: {@code v / (2^bits − 1)} (Pillow scales them to 0–255);</li>
 *   <li>16-bit gray: {@code v / 65535}; 16-bit RGB(A): {@code (0.299·R + 0.587·G + 0.114·B) / 65535} without
 *       rounding. (This deliberately differs from Pillow, which clips 16-bit gray to 255 in {@code convert('L')}
 *       and reads 16-bit RGB as 8 bit.)</li>
 *   <li>alpha is ignored, as {@code convert('L')} and {@code convert('RGB')} drop it without compositing.</li>
 * </ul>
 * <b>RGB</b> ({@link #readRgb(Path)}): each colour channel divided by 255 (65535 at 16 bit); gray replicated
 * into three channels; palette indices looked up; alpha dropped (Pillow {@code convert('RGB')}, DIRA
 * data_loader.py:L31-L34).
 *
 * <p>Before decoding, the chunk structure is checked (signature, IHDR first, each chunk's length and CRC-32, an IDAT
 * and the closing IEND), so a non-PNG, a truncated file or a corrupted chunk fails with an {@link IOException}
 * naming the file and what is wrong rather than giving a partly black image. A missing file gives
 * {@link NoSuchFileException}. Thread-safe: each call uses its own decoder and no disk cache.
 */
public final class PngImages {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private PngImages() {
    }

    /** PNG colour types (PNG specification §11.2.2, IHDR). */
    public enum ColorType {
        /** Colour type 0. */
        GRAY(0),
        /** Colour type 2. */
        RGB(2),
        /** Colour type 3. */
        PALETTE(3),
        /** Colour type 4. */
        GRAY_ALPHA(4),
        /** Colour type 6. */
        RGB_ALPHA(6);

        private final int code;

        ColorType(int code) {
            this.code = code;
        }

        /** @return the IHDR colour-type byte */
        public int code() {
            return code;
        }

        static ColorType of(int code) {
            for (ColorType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * The IHDR of a PNG file.
     *
     * @param file the file
     * @param width width in pixels
     * @param height height in pixels
     * @param bitDepth bits per sample (per palette index for {@link ColorType#PALETTE})
     * @param colorType the colour type
     */
    public record Info(Path file, int width, int height, int bitDepth, ColorType colorType) {
        /**
         * @return the mode Pillow reports for such a file: {@code 1}, {@code L}, {@code I;16}, {@code LA},
         *     {@code RGB}, {@code RGBA} or {@code P}
         */
        public String pilMode() {
            return switch (colorType) {
                case GRAY -> bitDepth == 1 ? "1" : (bitDepth == 16 ? "I;16" : "L");
                case GRAY_ALPHA -> "LA";
                case RGB -> "RGB";
                case RGB_ALPHA -> "RGBA";
                case PALETTE -> "P";
            };
        }
    }

    /**
     * Reads and checks the header and chunk structure without decoding pixels.
     *
     * @param file a PNG file
     * @return its IHDR fields
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is unreadable, not a PNG, truncated or corrupt; the message names the file
     */
    public static Info info(Path file) throws IOException {
        return checkStructure(file, readBytes(file));
    }

    /**
     * Reads a PNG as a gray image (Pillow {@code convert('L')}, see the class comment).
     *
     * @param file a PNG file
     * @return a {@code [1, H, W]} image in [0, 1]
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is unreadable, not a PNG, truncated or corrupt; the message names the file
     */
    public static Image2d readGray(Path file) throws IOException {
        return read(file, 1);
    }

    /**
     * Reads a PNG as an RGB image (Pillow {@code convert('RGB')}, see the class comment).
     *
     * @param file a PNG file
     * @return a {@code [3, H, W]} image in [0, 1]
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it is unreadable, not a PNG, truncated or corrupt; the message names the file
     */
    public static Image2d readRgb(Path file) throws IOException {
        return read(file, 3);
    }

    /**
     * @param file a PNG file
     * @param channels 1 for {@link #readGray(Path)}, 3 for {@link #readRgb(Path)}
     * @return a {@code [channels, H, W]} image in [0, 1]
     * @throws IOException as {@link #readGray(Path)}
     * @throws IllegalArgumentException when {@code channels} is neither 1 nor 3
     */
    public static Image2d read(Path file, int channels) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        byte[] bytes = readBytes(file);
        Info info = checkStructure(file, bytes);
        BufferedImage img = decode(file, bytes);
        if (img.getWidth() != info.width() || img.getHeight() != info.height()) {
            throw new IOException("PNG " + file + ": decoder returned " + img.getWidth() + "x" + img.getHeight()
                    + " but IHDR says " + info.width() + "x" + info.height());
        }
        return channels == 1 ? toGray(info, img) : toRgb(img);
    }

    private static byte[] readBytes(Path file) throws IOException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            NoSuchFileException named = new NoSuchFileException(file.toString(), null, "PNG file does not exist");
            named.initCause(e);
            throw named;
        } catch (IOException e) {
            throw new IOException("cannot read PNG " + file + ": " + e, e);
        }
    }

    private static Info checkStructure(Path file, byte[] b) throws IOException {
        if (b.length < SIGNATURE.length) {
            throw new IOException("not a PNG: " + file + " has " + b.length + " bytes, fewer than the 8-byte PNG"
                    + " signature");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (b[i] != SIGNATURE[i]) {
                throw new IOException("not a PNG: " + file + " does not start with the PNG signature");
            }
        }
        Info info = null;
        boolean idat = false;
        int pos = SIGNATURE.length;
        CRC32 crc = new CRC32();
        while (true) {
            if (pos + 8 > b.length) {
                throw new IOException("truncated PNG: " + file + " ends at byte " + b.length + " before its IEND chunk");
            }
            long length = readInt(b, pos) & 0xffffffffL;
            String type = new String(b, pos + 4, 4, StandardCharsets.ISO_8859_1);
            if (pos + 12 + length > b.length) {
                throw new IOException("truncated PNG: " + file + ": chunk " + type + " at byte " + pos + " declares "
                        + length + " data bytes but the file ends at byte " + b.length);
            }
            crc.reset();
            crc.update(b, pos + 4, 4 + (int) length);
            long stored = readInt(b, pos + 8 + (int) length) & 0xffffffffL;
            if (crc.getValue() != stored) {
                throw new IOException("corrupt PNG: " + file + ": CRC mismatch in chunk " + type + " at byte " + pos);
            }
            if (info == null) {
                if (!"IHDR".equals(type) || length != 13) {
                    throw new IOException("not a PNG: " + file + ": first chunk is " + type + " (" + length
                            + " bytes), expected IHDR (13 bytes)");
                }
                info = parseHeader(file, b, pos + 8);
            } else if ("IDAT".equals(type)) {
                idat = true;
            } else if ("IEND".equals(type)) {
                if (!idat) {
                    throw new IOException("corrupt PNG: " + file + " has no IDAT (image data) chunk");
                }
                return info;
            }
            pos += 12 + (int) length;
        }
    }

    private static Info parseHeader(Path file, byte[] b, int at) throws IOException {
        int width = readInt(b, at);
        int height = readInt(b, at + 4);
        int depth = b[at + 8] & 0xff;
        int typeCode = b[at + 9] & 0xff;
        ColorType type = ColorType.of(typeCode);
        if (width <= 0 || height <= 0) {
            throw new IOException("corrupt PNG: " + file + ": IHDR size " + width + "x" + height);
        }
        boolean ok = type != null && switch (type) {
            case GRAY -> depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
            case PALETTE -> depth == 1 || depth == 2 || depth == 4 || depth == 8;
            default -> depth == 8 || depth == 16;
        };
        if (!ok) {
            throw new IOException("corrupt PNG: " + file + ": IHDR colour type " + typeCode + " with bit depth "
                    + depth + " is not a valid combination");
        }
        return new Info(file, width, height, depth, type);
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private static BufferedImage decode(Path file, byte[] bytes) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("no javax.imageio PNG reader on this JVM");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            return reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode PNG " + file + ": " + e, e);
        } finally {
            reader.dispose();
        }
    }

    private static Image2d toGray(Info info, BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        Raster raster = img.getRaster();
        float[] out = new float[n];
        if (img.getColorModel() instanceof IndexColorModel icm) {
            // Palette images, and gray below 8 bit (the JDK reader maps those through a gray-ramp palette).
            int[] idx = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < n; i++) {
                int k = idx[i];
                out[i] = luma8(icm.getRed(k), icm.getGreen(k), icm.getBlue(k)) / 255f;
            }
            return new Image2d(1, h, w, out);
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        double max = (1 << bits) - 1;
        int bands = raster.getNumBands();
        int[] r = raster.getSamples(0, 0, w, h, 0, (int[]) null);
        if (bands <= 2) { // gray, gray + alpha
            for (int i = 0; i < n; i++) {
                out[i] = (float) (r[i] / max);
            }
        } else { // RGB, RGBA
            int[] g = raster.getSamples(0, 0, w, h, 1, (int[]) null);
            int[] b = raster.getSamples(0, 0, w, h, 2, (int[]) null);
            if (info.bitDepth() == 8) {
                for (int i = 0; i < n; i++) {
                    out[i] = luma8(r[i], g[i], b[i]) / 255f;
                }
            } else {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) ((Image2d.LUMA_R * r[i] + Image2d.LUMA_G * g[i] + Image2d.LUMA_B * b[i]) / max);
                }
            }
        }
        return new Image2d(1, h, w, out);
    }

    private static Image2d toRgb(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int n = w * h;
        Raster raster = img.getRaster();
        float[] out = new float[3 * n];
        if (img.getColorModel() instanceof IndexColorModel icm) {
            int[] idx = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            for (int i = 0; i < n; i++) {
                int k = idx[i];
                out[i] = icm.getRed(k) / 255f;
                out[n + i] = icm.getGreen(k) / 255f;
                out[2 * n + i] = icm.getBlue(k) / 255f;
            }
            return new Image2d(3, h, w, out);
        }
        int bits = raster.getSampleModel().getSampleSize(0);
        double max = (1 << bits) - 1;
        int bands = raster.getNumBands();
        for (int c = 0; c < 3; c++) {
            int[] s = raster.getSamples(0, 0, w, h, bands <= 2 ? 0 : c, (int[]) null);
            for (int i = 0; i < n; i++) {
                out[c * n + i] = (float) (s[i] / max);
            }
        }
        return new Image2d(3, h, w, out);
    }

    /** Pillow's 8-bit RGB → L ({@code Convert.c}, {@code L24}): rounded ITU-R 601-2 luma. */
    static int luma8(int r, int g, int b) {
        return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
    }
}
