package org.dirabench.datasets.tasks;

import java.io.IOException;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.RasterImages;

/**
 * How the image of an {@link ImageRecord} is read. Most tasks read the record's file ({@link #FILES}: PNG, JPEG or
 * DICOM, recognised by content); a dataset shipped as arrays (PneumoniaMNIST's {@code .npz}) supplies its own.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RecordImages {
    /** The record's file through {@link RasterImages#read}. */
    RecordImages FILES = (record, channels) -> RasterImages.read(record.path(), channels);

    /**
     * @param record an image record
     * @param channels 1 (gray) or 3 (RGB)
     * @return the image [channels, H, W] in [0, 1]
     * @throws IOException when it cannot be read; the message names the file (and entry)
     */
    Image2d read(ImageRecord record, int channels) throws IOException;
}
