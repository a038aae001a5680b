package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.RasterImages;
import org.dirabench.datasets.io.SiimRunLength;

/**
 * Where the binary mask of a 2D segmentation image comes from. Every mask is read as a {@code [1, H, W]} image of 0
 * and 1 on the pixel grid of its image.
 */
public sealed interface Mask2d {
    /**
     * Reads the mask for an image of {@code width × height} pixels.
     *
     * @param image the image file, for error messages
     * @return {@code [1, height, width]}, 1 inside the mask
     * @throws ImageFormatException naming image and mask files when their sizes differ, or the encoding is bad
     * @throws IOException when a mask file cannot be read
     */
    Image2d read(Path image, int width, int height) throws IOException;

    /** @return the mask's source files or table, for messages */
    String describe();

    /**
     * The union of the non-zero pixels of one or more mask images (PNG or JPEG): Montgomery's {@code leftMask} and
     * {@code rightMask}; a lungVAE mask. Non-zero = inside, as BTL's {@code mask[mask > 0] = 255}
     * (BTL dataloader.py, MontgomeryDataset, REFERENCE.md §3.1).
     *
     * @param files the mask images, each the size of the image
     */
    record Files(List<Path> files) implements Mask2d {
        /** Copies the list. */
        public Files {
            files = List.copyOf(files);
            if (files.isEmpty()) {
                throw new IllegalArgumentException("a mask needs at least one file");
            }
        }

        @Override
        public Image2d read(Path image, int width, int height) throws IOException {
            float[] out = new float[width * height];
            for (Path f : files) {
                Image2d m = RasterImages.read(f, 1);
                if (m.width() != width || m.height() != height) {
                    throw new ImageFormatException(f, "image/mask size mismatch: mask is " + m.width() + " x "
                            + m.height() + " pixels but its image " + image + " is " + width + " x " + height);
                }
                float[] d = m.data();
                for (int i = 0; i < out.length; i++) {
                    if (d[i] > 0) {
                        out[i] = 1f;
                    }
                }
            }
            return new Image2d(1, height, width, out);
        }

        /**
         * Compares the headers of the image and of every mask file, without decoding pixels.
         *
         * @param image the image file
         * @throws ImageFormatException naming both files when a mask's size differs from the image's
         * @throws IOException when a header cannot be read
         */
        public void checkSize(Path image) throws IOException {
            int[] s = RasterImages.size(image);
            for (Path f : files) {
                int[] m = RasterImages.size(f);
                if (m[0] != s[0] || m[1] != s[1]) {
                    throw new ImageFormatException(f, "image/mask size mismatch: mask is " + m[0] + " x " + m[1]
                            + " pixels but its image " + image + " is " + s[0] + " x " + s[1]);
                }
            }
        }

        @Override
        public String describe() {
            return files.toString();
        }
    }

    /**
     * The union of the run-length encodings of one image in a SIIM-ACR {@code train-rle.csv} (several rows for an
     * image with several pneumothorax regions; {@code -1} = empty), decoded column-major as the challenge's
     * {@code rle2mask} ({@link SiimRunLength}).
     *
     * @param table the CSV file
     * @param encodings the image's {@code EncodedPixels} values in file order
     */
    record RunLength(Path table, List<String> encodings) implements Mask2d {
        /** Copies the list. */
        public RunLength {
            encodings = List.copyOf(encodings);
            if (encodings.isEmpty()) {
                throw new IllegalArgumentException("a run-length mask needs at least one encoding");
            }
        }

        @Override
        public Image2d read(Path image, int width, int height) throws IOException {
            boolean[] m;
            try {
                m = SiimRunLength.decodeUnion(encodings, width, height);
            } catch (IllegalArgumentException e) {
                throw new ImageFormatException(table, "EncodedPixels of " + image.getFileName() + " do not fit its "
                        + width + " x " + height + " pixels: " + e.getMessage());
            }
            float[] out = new float[m.length];
            for (int i = 0; i < m.length; i++) {
                out[i] = m[i] ? 1f : 0f;
            }
            return new Image2d(1, height, width, out);
        }

        @Override
        public String describe() {
            return table + " (" + encodings.size() + " row(s))";
        }
    }
}
