package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.RasterImages;
import org.dirabench.datasets.split.PatientSample;

/**
 * One image of a 2D segmentation task with its binary mask.
 *
 * @param imageId the dataset's image identifier (SIIM-ACR: the SOP Instance UID; Montgomery: the file stem)
 * @param patientId the dataset's patient identifier
 * @param image the image file (PNG, JPEG or DICOM, read by {@link RasterImages})
 * @param mask where the mask comes from
 */
public record MaskedImage(String imageId, String patientId, Path image, Mask2d mask) implements PatientSample {
    /** Validates. */
    public MaskedImage {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(mask, "mask");
    }

    /** An image and its mask on the same pixel grid. @param image [C, H, W] in [0, 1] @param mask [1, H, W] of 0/1 */
    public record Pair(Image2d image, Image2d mask) {
    }

    /**
     * @param channels 1 (gray) or 3 (RGB)
     * @return the image [channels, H, W] in [0, 1] and its mask [1, H, W] (1 inside)
     * @throws org.dirabench.datasets.io.ImageFormatException naming both files when the mask's size differs from the
     *     image's, or the mask encoding is bad
     * @throws IOException when a file cannot be read
     */
    public Pair read(int channels) throws IOException {
        Image2d img = RasterImages.read(image, channels);
        return new Pair(img, mask.read(image, img.width(), img.height()));
    }

    @Override
    public String sampleId() {
        return imageId;
    }
}
