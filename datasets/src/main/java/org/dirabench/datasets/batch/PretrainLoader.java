package org.dirabench.datasets.batch;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dirabench.datasets.distort.RestorationDistortion2d;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;
import org.dirabench.datasets.views.Normalization;
import org.dirabench.datasets.views.TwoViewAugmentation;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pretraining batches for MoCo v2 / Barlow Twins / SimSiam with or without DiRA: two augmented views per image
 * ({@link TwoViewAugmentation}, REFERENCE.md §1.2) and, with distortion, the restoration target.
 *
 * <p><b>Order.</b> Each epoch visits the images in a permutation derived from (seed, epoch) and cuts it into
 * {@code floor(n / N)} batches; the ragged remainder is dropped, as DiRA's {@code drop_last=True}
 * (main_DiRA_moco.py:L260-L266), which MoCo's queue needs (K divisible by N, REFERENCE.md §6 P3).
 *
 * <p><b>Determinism.</b> The random decisions of the sample at position p of epoch e come from a generator seeded by
 * (seed, e, p) ({@link Seeds}), never from a shared stream, so the same seed gives bit-identical batches whatever
 * the number of workers, and a run resumed at (epoch, batch) with {@link #epoch(int, int)} gets the batches it would
 * have had.
 *
 * <p><b>Prefetch.</b> Batches are prepared on {@code workers} daemon threads (default 2), up to {@code prefetch}
 * batches ahead (default 4); see {@link PrefetchIterator}. A failure is re-thrown on the consumer's thread as a
 * {@link DataLoadingException} naming the image file. {@link #close()} stops the workers.
 *
 * <pre>{@code
 * try (PretrainLoader loader = PretrainLoader.builder(ImageSource.ofRecords(train, 1, true), 64, 32)
 *         .seed(1).build()) {
 *     for (int epoch = 0; epoch < epochs; epoch++) {
 *         try (PrefetchIterator<PretrainBatch> it = loader.epoch(epoch)) {
 *             for (PretrainBatch b : it) { ... b.view1(), b.view2(), b.target() ... }
 *         }
 *     }
 * }
 * }</pre>
 */
public final class PretrainLoader extends BatchLoader<PretrainBatch> {
    private final ImageSource images;
    private final int size;
    private final int batchSize;
    private final long seed;
    private final TwoViewAugmentation augmentation;

    private PretrainLoader(Builder b) {
        super(b.workers, b.prefetch, "dira-pretrain-prefetch");
        this.images = b.images;
        this.size = b.size;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.augmentation = new TwoViewAugmentation(b.size, new TwoViewAugmentation.Options(b.pixelScale, b.distort,
                b.flipTarget, b.patchOverlap));
    }

    /**
     * @param images the training images (index i = image i)
     * @param size output side S in pixels
     * @param batchSize N
     * @return a builder with the defaults: seed 0, distortion on, target not flipped, relative pixel scale,
     *     released patch overlap, 2 workers, 4 batches ahead
     */
    public static Builder builder(ImageSource images, int size, int batchSize) {
        return new Builder(images, size, batchSize);
    }

    /** Options of a {@link PretrainLoader}. */
    public static final class Builder extends BatchLoader.Builder<Builder> {
        private final ImageSource images;
        private final int size;
        private final int batchSize;
        private long seed;
        private boolean distort = true;
        private boolean flipTarget;
        private PixelScale pixelScale = PixelScale.RELATIVE;
        private RestorationDistortion2d.PatchOverlap patchOverlap = RestorationDistortion2d.PatchOverlap.RELEASED;

        private Builder(ImageSource images, int size, int batchSize) {
            this.images = images;
            this.size = size;
            this.batchSize = batchSize;
        }

        /** @return this; the seed of orders and augmentations */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return this; DiRA distortion and restoration target on (default) or off (plain two views) */
        public Builder distort(boolean d) {
            this.distort = d;
            return this;
        }

        /** @return this; mirror the target with view1 (default false = released DiRA, REFERENCE.md §6 P10) */
        public Builder flipTarget(boolean f) {
            this.flipTarget = f;
            return this;
        }

        /** @return this; how pixel constants scale from 224 to S (default relative) */
        public Builder pixelScale(PixelScale s) {
            this.pixelScale = s;
            return this;
        }

        /** @return this; patch-swapping overlap policy (default released: may overlap) */
        public Builder patchOverlap(RestorationDistortion2d.PatchOverlap o) {
            this.patchOverlap = o;
            return this;
        }



        /**
         * @return the loader (start its workers)
         * @throws IllegalArgumentException for a size or batch below 1, fewer images than one batch, a negative
         *     worker count, a prefetch below 1, or a distortion that does not fit into S
         */
        public PretrainLoader build() {
            if (size < 1 || batchSize < 1) {
                throw new IllegalArgumentException("size and batch size must be >= 1, got " + size + ", " + batchSize);
            }
            if (images.size() < batchSize) {
                throw new IllegalArgumentException(images.size() + " images are fewer than one batch of " + batchSize
                        + " (the ragged last batch is dropped)");
            }
            return new PretrainLoader(this);
        }
    }

    /** @return the number of full batches per epoch, {@code floor(n / N)} */
    @Override
    public int batchesPerEpoch() {
        return images.size() / batchSize;
    }

    /** @return the batch size N */
    public int batchSize() {
        return batchSize;
    }

    /** @return the output side S */
    public int size() {
        return size;
    }

    /** @return the augmentation (its options say whether distortion is on) */
    public TwoViewAugmentation augmentation() {
        return augmentation;
    }

    /** @return the image order of an epoch: a permutation of {@code 0..n−1} derived from (seed, epoch) */
    @Override
    public int[] order(int epoch) {
        return Seeds.permutation(images.size(), seed, epoch);
    }

    @Override
    PretrainBatch make(int epoch, int batch, int[] order) {
        int n = batchSize;
        boolean distort = augmentation.options().distort();
        INDArray v1 = BatchArrays.allocate(n, 3, size, size);
        INDArray v2 = BatchArrays.allocate(n, 3, size, size);
        INDArray target = distort ? BatchArrays.allocate(n, 1, size, size) : null;
        FloatBuffer b1 = BatchArrays.buffer(v1);
        FloatBuffer b2 = BatchArrays.buffer(v2);
        FloatBuffer bt = distort ? BatchArrays.buffer(target) : null;
        int[] indices = new int[n];
        List<TwoViewAugmentation.Params> params = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int position = batch * n + k;
            int index = order[position];
            indices[k] = index;
            try {
                Image2d img = images.load(index);
                SplittableRandom rng = Seeds.generator(seed, Seeds.PRETRAIN_VIEWS, epoch, position);
                TwoViewAugmentation.Params p = augmentation.draw(rng, img.height(), img.width());
                TwoViewAugmentation.Views views = augmentation.apply(img, p);
                BatchArrays.put(b1, k, 3, views.view1(), Normalization.NONE);
                BatchArrays.put(b2, k, 3, views.view2(), Normalization.NONE);
                if (distort) {
                    BatchArrays.put(bt, k, 1, views.target(), Normalization.NONE);
                }
                params.add(p);
            } catch (IOException | RuntimeException e) {
                throw new DataLoadingException("cannot prepare image " + images.describe(index) + " (index " + index
                        + ", epoch " + epoch + ", batch " + batch + ", position " + position + "): " + e.getMessage(),
                        e);
            }
        }
        return new PretrainBatch(epoch, batch, v1, v2, target, indices, List.copyOf(params));
    }
}
