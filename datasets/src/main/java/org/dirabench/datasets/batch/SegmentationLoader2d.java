package org.dirabench.datasets.batch;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.tasks.MaskedImage;
import org.dirabench.datasets.tasks.SegmentationTask2d;

/**
 * Fine-tuning batches of a 2D segmentation task (SIIM-ACR, Montgomery): images [N, C, S, S] in [0, 1] and masks
 * [N, 1, S, S] of 0/1.
 *
 * <p>Each image is read gray ({@link MaskedImage#read(int)}), image and mask resized to S × S by nearest neighbour
 * (BTL resizes both with {@code cv2.INTER_NEAREST} to 224 and replicates gray into 3 channels; BTL dataloader.py,
 * PNEDataset / MontgomeryDataset, REFERENCE.md §3.1) and the gray channel replicated into C channels; no
 * normalisation (BTL's segmentation default). BTL's training augmentation (albumentations brightness / contrast /
 * gamma, elastic / grid / optical distortion, random sized crop) is not reproduced: {@link Views#TRAIN} shuffles the
 * order per epoch (seeded from (seed, epoch), as the other loaders) and, with {@link Builder#flips(boolean)}, mirrors
 * image and mask together with probability 1/2 (seeded per (seed, epoch, position)); {@link Views#EVAL} keeps the
 * order. Resized pairs are cached ({@link Builder#cache(boolean)}, default on: 2 S² floats per image).
 *
 * <p>Batches live on memory the loader allocates ({@link SegmentationBatch#close()} frees it, see {@link
 * CubeLoader}). A file that cannot be read, or a mask of another size than its image, fails the batch with a
 * {@link DataLoadingException} naming the file.
 */
public final class SegmentationLoader2d extends BatchLoader<SegmentationLoader2d.SegmentationBatch> {
    /** Training (shuffled, optional flips) or evaluation (in order). */
    public enum Views {
        /** Shuffled per epoch. */
        TRAIN,
        /** In order. */
        EVAL
    }

    /**
     * One batch of n images (n = N, or fewer for the last batch).
     */
    public static final class SegmentationBatch implements AutoCloseable {
        private final int epoch;
        private final int batch;
        private final BatchArrays.Owned images;
        private final BatchArrays.Owned masks;
        private final int[] indices;

        SegmentationBatch(int epoch, int batch, BatchArrays.Owned images, BatchArrays.Owned masks, int[] indices) {
            this.epoch = epoch;
            this.batch = batch;
            this.images = images;
            this.masks = masks;
            this.indices = indices;
        }

        /** @return the epoch */
        public int epoch() {
            return epoch;
        }

        /** @return the batch within the epoch */
        public int batch() {
            return batch;
        }

        /** @return [n, C, S, S] in [0, 1] */
        public org.nd4j.linalg.api.ndarray.INDArray images() {
            return images.array();
        }

        /** @return [n, 1, S, S] of 0/1 */
        public org.nd4j.linalg.api.ndarray.INDArray masks() {
            return masks.array();
        }

        /** @return the n image indices into the loader's list, in batch order */
        public int[] indices() {
            return indices;
        }

        /** @return n */
        public int size() {
            return indices.length;
        }

        /** Frees the arrays' memory at once; the arrays must not be used afterwards. */
        @Override
        public void close() {
            images.free();
            masks.free();
        }
    }

    private final List<MaskedImage> images;
    private final int size;
    private final int batchSize;
    private final int channels;
    private final Views views;
    private final long seed;
    private final boolean flips;
    private final boolean dropLast;
    private final AtomicReferenceArray<float[][]> cache;

    private SegmentationLoader2d(Builder b) {
        super(b.workers, b.prefetch, "dira-seg2d-prefetch");
        this.images = b.images;
        this.size = b.size;
        this.batchSize = b.batchSize;
        this.channels = b.channels;
        this.views = b.views;
        this.seed = b.seed;
        this.flips = b.flips && b.views == Views.TRAIN;
        this.dropLast = b.dropLast && b.views == Views.TRAIN;
        this.cache = b.cache ? new AtomicReferenceArray<>(b.images.size()) : null;
    }

    /**
     * @param images a part of a {@link SegmentationTask2d}'s split
     * @param size output side S
     * @param batchSize N
     * @param views training or evaluation
     * @return a builder: seed 0, 3 channels, no flips, cache on, keep the last batch, 2 workers, 4 ahead
     */
    public static Builder builder(List<MaskedImage> images, int size, int batchSize, Views views) {
        return new Builder(images, size, batchSize, views);
    }

    /** Options of a {@link SegmentationLoader2d}. */
    public static final class Builder extends BatchLoader.Builder<Builder> {
        private final List<MaskedImage> images;
        private final int size;
        private final int batchSize;
        private final Views views;
        private long seed;
        private int channels = 3;
        private boolean flips;
        private boolean cache = true;
        private boolean dropLast;

        private Builder(List<MaskedImage> images, int size, int batchSize, Views views) {
            this.images = List.copyOf(images);
            this.size = size;
            this.batchSize = batchSize;
            this.views = java.util.Objects.requireNonNull(views, "views");
        }

        /** @return this; the seed of training orders and flips */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return this; image channels C, 1 or 3 (default 3, gray replicated) */
        public Builder channels(int c) {
            this.channels = c;
            return this;
        }

        /** @return this; mirror training pairs left-right with probability 1/2 (default false, as BTL) */
        public Builder flips(boolean f) {
            this.flips = f;
            return this;
        }

        /** @return this; keep resized pairs in memory (default true) */
        public Builder cache(boolean c) {
            this.cache = c;
            return this;
        }

        /** @return this; drop the last partial training batch (default false) */
        public Builder dropLast(boolean d) {
            this.dropLast = d;
            return this;
        }



        /**
         * @return the loader
         * @throws IllegalArgumentException for no images, a size or batch below 1, channels other than 1 or 3
         */
        public SegmentationLoader2d build() {
            if (images.isEmpty() || size < 1 || batchSize < 1 || (channels != 1 && channels != 3)) {
                throw new IllegalArgumentException("need images, size >= 1, batch >= 1, channels 1 or 3; got "
                        + images.size() + ", " + size + ", " + batchSize + ", " + channels);
            }
            return new SegmentationLoader2d(this);
        }
    }

    @Override
    public int batchesPerEpoch() {
        int n = images.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public int[] order(int epoch) {
        if (views == Views.TRAIN) {
            return Seeds.permutation(images.size(), seed, epoch);
        }
        int[] o = new int[images.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /** The resized gray image and mask of image i, each S × S row-major. */
    private float[][] resized(int i) throws IOException {
        float[][] c = cache == null ? null : cache.get(i);
        if (c != null) {
            return c;
        }
        MaskedImage.Pair p = images.get(i).read(1);
        c = new float[][] {nearest(p.image()), nearest(p.mask())};
        if (cache != null) {
            cache.compareAndSet(i, null, c);
        }
        return c;
    }

    /** Nearest-neighbour resize to S × S as OpenCV's INTER_NEAREST: source index floor(dst · src / S). */
    private float[] nearest(Image2d img) {
        float[] src = img.data();
        int h = img.height();
        int w = img.width();
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            int sy = Math.min(h - 1, (int) Math.floor(y * (double) h / size));
            for (int x = 0; x < size; x++) {
                int sx = Math.min(w - 1, (int) Math.floor(x * (double) w / size));
                out[y * size + x] = src[sy * w + sx];
            }
        }
        return out;
    }

    @Override
    SegmentationBatch make(int epoch, int batch, int[] order) {
        int start = batch * batchSize;
        int n = Math.min(batchSize, images.size() - start);
        BatchArrays.Owned x = BatchArrays.allocateOwned(n, channels, size, size);
        BatchArrays.Owned m = BatchArrays.allocateOwned(n, 1, size, size);
        FloatBuffer bx = BatchArrays.buffer(x.array());
        FloatBuffer bm = BatchArrays.buffer(m.array());
        int plane = size * size;
        int[] idx = new int[n];
        for (int k = 0; k < n; k++) {
            int position = start + k;
            int i = order[position];
            idx[k] = i;
            try {
                float[][] pair = resized(i);
                float[] img = pair[0];
                float[] mask = pair[1];
                if (flips && Seeds.generator(seed, Seeds.FINETUNE_VIEWS, epoch, position).nextBoolean()) {
                    img = mirror(img);
                    mask = mirror(mask);
                }
                for (int c = 0; c < channels; c++) {
                    bx.put((k * channels + c) * plane, img, 0, plane);
                }
                bm.put(k * plane, mask, 0, plane);
            } catch (IOException | RuntimeException e) {
                x.free();
                m.free();
                throw new DataLoadingException("cannot prepare " + images.get(i).image() + " (image "
                        + images.get(i).imageId() + ", epoch " + epoch + ", batch " + batch + ", position " + position
                        + "): " + e.getMessage(), e);
            }
        }
        return new SegmentationBatch(epoch, batch, x, m, idx);
    }

    private float[] mirror(float[] a) {
        float[] out = new float[a.length];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = a[y * size + size - 1 - x];
            }
        }
        return out;
    }
}
