package org.dirabench.datasets.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.PngImages;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.tasks.RecordImages;

/**
 * The images a loader draws from, by index. Implementations must be safe to call from several threads.
 */
public interface ImageSource {
    /** @return the number of images */
    int size();

    /**
     * @param index 0 ≤ index &lt; {@link #size()}
     * @return the image [C, H, W] in [0, 1]; callers must not modify it (it may be cached)
     * @throws IOException when it cannot be read; the message names the file
     */
    Image2d load(int index) throws IOException;

    /** @return a human-readable name of image {@code index} for error messages (its file path) */
    String describe(int index);

    /**
     * PNG files read with {@link PngImages}.
     *
     * @param files the PNG files
     * @param channels 1 (gray, Pillow {@code convert('L')}; what DiRA's gray-replicated RGB carries) or 3 (RGB)
     * @param cache whether decoded images are kept in memory (NIH1000: 1000 × 64 × 64 floats ≈ 16 MB gray)
     * @return the source
     */
    static ImageSource ofPngs(List<Path> files, int channels, boolean cache) {
        return new PngSource(files, channels, cache);
    }

    /**
     * The records' image files (PNG, JPEG or DICOM, {@link RecordImages#FILES}).
     *
     * @param records image records
     * @param channels 1 or 3
     * @param cache whether decoded images are kept in memory
     * @return the source, index i = record i
     */
    static ImageSource ofRecords(List<ImageRecord> records, int channels, boolean cache) {
        return ofRecords(records, channels, cache, RecordImages.FILES);
    }

    /**
     * The records' images as a task reads them ({@code ClassificationTask.images()}).
     *
     * @param records image records
     * @param channels 1 or 3
     * @param cache whether decoded images are kept in memory
     * @param reader how a record's image is read
     * @return the source, index i = record i
     */
    static ImageSource ofRecords(List<ImageRecord> records, int channels, boolean cache, RecordImages reader) {
        return new RecordSource(records, channels, cache, reader);
    }

    /** Records read by a {@link RecordImages}, optionally cached after the first decode. */
    final class RecordSource implements ImageSource {
        private final List<ImageRecord> records;
        private final int channels;
        private final RecordImages reader;
        private final AtomicReferenceArray<Image2d> cache;

        private RecordSource(List<ImageRecord> records, int channels, boolean cache, RecordImages reader) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            this.records = List.copyOf(records);
            this.channels = channels;
            this.reader = java.util.Objects.requireNonNull(reader, "reader");
            this.cache = cache ? new AtomicReferenceArray<>(records.size()) : null;
        }

        @Override
        public int size() {
            return records.size();
        }

        @Override
        public Image2d load(int index) throws IOException {
            if (cache == null) {
                return reader.read(records.get(index), channels);
            }
            Image2d img = cache.get(index);
            if (img == null) {
                img = reader.read(records.get(index), channels);
                cache.compareAndSet(index, null, img);
            }
            return img;
        }

        @Override
        public String describe(int index) {
            return records.get(index).path().toString();
        }
    }

    /**
     * @param images images already in memory (synthetic data, tests)
     * @return the source
     */
    static ImageSource of(List<Image2d> images) {
        List<Image2d> copy = List.copyOf(images);
        return new ImageSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public Image2d load(int index) {
                return copy.get(index);
            }

            @Override
            public String describe(int index) {
                return "in-memory image " + index;
            }
        };
    }

    /** PNG files, optionally cached after the first decode. */
    final class PngSource implements ImageSource {
        private final List<Path> files;
        private final int channels;
        private final AtomicReferenceArray<Image2d> cache;

        private PngSource(List<Path> files, int channels, boolean cache) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            this.files = List.copyOf(files);
            this.channels = channels;
            this.cache = cache ? new AtomicReferenceArray<>(files.size()) : null;
        }

        @Override
        public int size() {
            return files.size();
        }

        @Override
        public Image2d load(int index) throws IOException {
            if (cache == null) {
                return PngImages.read(files.get(index), channels);
            }
            Image2d img = cache.get(index);
            if (img == null) {
                // Two threads may decode the same file at once; both get equal images and one is kept.
                img = PngImages.read(files.get(index), channels);
                cache.compareAndSet(index, null, img);
            }
            return img;
        }

        @Override
        public String describe(int index) {
            return files.get(index).toString();
        }
    }
}
