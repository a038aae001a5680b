package org.dirabench.datasets.io;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.dicom.DicomSlice;

/**
 * Reads a 2D image file of any format the target tasks ship, recognised by its first bytes (not its name): PNG
 * ({@link PngImages}), baseline JPEG (CheXpert, part of the COVID-19 collection) and DICOM (SIIM-ACR).
 *
 * <p><b>JPEG</b> is decoded by {@code javax.imageio}; gray = Pillow's {@code convert('L')} of the decoded 8-bit
 * samples (ITU-R 601-2 luma rounded to 8 bits, as {@link PngImages} does), RGB = each channel / 255; the inverse
 * DCT of Java's decoder may differ from libjpeg's by one 8-bit level on some pixels.
 *
 * <p><b>DICOM</b> (one grayscale frame, see {@link DicomSlice#read}): the display values ({@link
 * DicomSlice#displayValues()}, MONOCHROME1 inverted) mapped linearly from the rescaled range of the stored bits to
 * [0, 1]; for SIIM-ACR's 8-bit unsigned images that is {@code stored / 255}, the values BTL's {@code PNEDataset}
 * takes from {@code pixel_array} (BTL dataloader.py, REFERENCE.md §3.1). RGB replicates the gray channel.
 */
public final class RasterImages {
    private RasterImages() {
    }

    /** The formats recognised. */
    public enum Format {
        /** PNG signature. */
        PNG,
        /** JPEG SOI marker {@code FF D8 FF}. */
        JPEG,
        /** {@code DICM} at byte 128. */
        DICOM
    }

    /**
     * @param file an image file
     * @return its format, from its first 132 bytes
     * @throws NoSuchFileException when the file does not exist
     * @throws ImageFormatException when the bytes are none of the formats
     * @throws IOException when the file cannot be read
     */
    public static Format format(Path file) throws IOException {
        byte[] head = new byte[132];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (NoSuchFileException e) {
            NoSuchFileException named = new NoSuchFileException(file.toString(), null, "image file does not exist");
            named.initCause(e);
            throw named;
        }
        if (n >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
            return Format.PNG;
        }
        if (n >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return Format.JPEG;
        }
        if (n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M') {
            return Format.DICOM;
        }
        throw new ImageFormatException(file, "not a PNG, JPEG or DICOM file (first bytes match no signature)");
    }

    /**
     * Reads the image size from the header only: PNG IHDR ({@link PngImages#info}), the JPEG frame header (SOF
     * marker), DICOM Rows and Columns.
     *
     * @param file a PNG, JPEG or DICOM file
     * @return {width, height} in pixels
     * @throws ImageFormatException when the header is missing or malformed
     * @throws IOException when the file cannot be read
     */
    public static int[] size(Path file) throws IOException {
        switch (format(file)) {
            case PNG: {
                PngImages.Info i = PngImages.info(file);
                return new int[] {i.width(), i.height()};
            }
            case DICOM: {
                DicomSlice h = DicomSlice.readHeader(file);
                return new int[] {h.columns(), h.rows()};
            }
            default:
                return jpegSize(file);
        }
    }

    private static int[] jpegSize(Path file) throws IOException {
        try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(2);
            while (true) {
                int b = in.read();
                while (b == 0xFF) {
                    b = in.read();
                }
                if (b < 0) {
                    break;
                }
                int marker = b;
                int len = (in.read() << 8) | in.read();
                if (len < 2) {
                    break;
                }
                boolean sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
                if (sof) {
                    byte[] seg = in.readNBytes(5);
                    if (seg.length < 5) {
                        break;
                    }
                    int h = ((seg[1] & 0xff) << 8) | (seg[2] & 0xff);
                    int w = ((seg[3] & 0xff) << 8) | (seg[4] & 0xff);
                    return new int[] {w, h};
                }
                in.skipNBytes(len - 2);
            }
        } catch (java.io.EOFException e) {
            // fall through to the error below
        }
        throw new ImageFormatException(file, "JPEG has no frame header (SOF marker) before its end");
    }

    /**
     * @param file a PNG, JPEG or DICOM file
     * @param channels 1 (gray) or 3 (RGB)
     * @return a {@code [channels, H, W]} image in [0, 1]
     * @throws NoSuchFileException when the file does not exist
     * @throws IOException when it cannot be read or decoded; the message names the file
     * @throws IllegalArgumentException when {@code channels} is neither 1 nor 3
     */
    public static Image2d read(Path file, int channels) throws IOException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            return PngImages.read(file, channels); // checks the signature itself; saves a second open
        }
        return switch (format(file)) {
            case PNG -> PngImages.read(file, channels);
            case JPEG -> jpeg(file, channels);
            case DICOM -> dicom(file, channels);
        };
    }

    private static Image2d jpeg(Path file, int channels) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        BufferedImage img;
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) {
                throw new ImageFormatException(file, "no JPEG decoder in this JVM");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                img = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (javax.imageio.IIOException | IndexOutOfBoundsException e) {
            throw new ImageFormatException(file, "cannot decode JPEG: " + e.getMessage(), e);
        }
        Raster r = img.getRaster();
        int w = img.getWidth();
        int h = img.getHeight();
        int bands = r.getNumBands();
        if (bands != 1 && bands != 3) {
            throw new ImageFormatException(file, "JPEG with " + bands + " components (CMYK or YCCK) is not supported;"
                    + " expected gray or RGB");
        }
        int[] px = r.getPixels(0, 0, w, h, (int[]) null);
        int plane = w * h;
        float[] out = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            if (bands == 1) {
                float v = px[i] / 255f;
                for (int c = 0; c < channels; c++) {
                    out[c * plane + i] = v;
                }
            } else if (channels == 1) {
                int rr = px[3 * i];
                int gg = px[3 * i + 1];
                int bb = px[3 * i + 2];
                out[i] = ((19595 * rr + 38470 * gg + 7471 * bb + 0x8000) >> 16) / 255f;
            } else {
                for (int c = 0; c < 3; c++) {
                    out[c * plane + i] = px[3 * i + c] / 255f;
                }
            }
        }
        return new Image2d(channels, h, w, out);
    }

    private static Image2d dicom(Path file, int channels) throws IOException {
        DicomSlice s = DicomSlice.read(file);
        float[] v = s.displayValues();
        int bs = s.bitsStored();
        double minStored = s.pixelRepresentation() == 1 ? -Math.pow(2, bs - 1) : 0;
        double maxStored = s.pixelRepresentation() == 1 ? Math.pow(2, bs - 1) - 1 : Math.pow(2, bs) - 1;
        double a = minStored * s.rescaleSlope() + s.rescaleIntercept();
        double b = maxStored * s.rescaleSlope() + s.rescaleIntercept();
        double lo = Math.min(a, b);
        double span = Math.abs(b - a);
        int plane = v.length;
        float[] out = new float[channels * plane];
        for (int i = 0; i < plane; i++) {
            float x = (float) ((v[i] - lo) / span);
            for (int c = 0; c < channels; c++) {
                out[c * plane + i] = x;
            }
        }
        return new Image2d(channels, s.rows(), s.columns(), out);
    }
}
