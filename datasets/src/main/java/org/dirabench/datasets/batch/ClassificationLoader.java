package org.dirabench.datasets.batch;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.tasks.ClassificationTask;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.tasks.RecordImages;
import org.dirabench.datasets.tasks.SampleLabels;
import org.dirabench.datasets.views.FineTuneViews;
import org.dirabench.datasets.views.Normalization;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Fine-tuning batches of labelled images with BTL's views ({@link FineTuneViews}, REFERENCE.md §3.1).
 *
 * <p>{@link Views#TRAIN}: order shuffled per epoch from (seed, epoch), random training views drawn per sample from
 * (seed, epoch, position) as {@link PretrainLoader} does (same determinism guarantees), the last partial batch kept
 * (PyTorch's default {@code drop_last=False}, as BTL) unless {@link Builder#dropLast(boolean)}.
 * {@link Views#EVAL} and {@link Views#TEN_CROP}: records in order, no randomness, the last partial batch kept.
 * Normalisation defaults to {@link Normalization#NONE} (DiRA pretraining used none; REFERENCE.md §6 P13).
 *
 * <p><b>Labels.</b> The label row of a record is {@link Builder#labels(SampleLabels)}'s draw, made with a generator
 * seeded by (seed, epoch, position) on its own stream ({@link Seeds#LABELS}), so a per-load draw (CheXpert's
 * LSR-Ones) is re-drawn every epoch and still reproducible; the default, {@link SampleLabels#FIXED}, is the record's
 * labels. {@link #builder(ClassificationTask, List, int, int, Views)} wires a task's hooks: its label draw for
 * training views, its fixed (binary) labels for evaluation, and its image reader.
 */
public final class ClassificationLoader extends BatchLoader<LabelledBatch> {
    /** Which views the loader makes. */
    public enum Views {
        /** RandomResizedCrop + HFlip + RandomRotation(7), shuffled. */
        TRAIN,
        /** Resize + CenterCrop, in order. */
        EVAL,
        /** Resize + TenCrop, in order; 10 image rows per record. */
        TEN_CROP
    }

    private final List<ImageRecord> records;
    private final ImageSource images;
    private final int size;
    private final int batchSize;
    private final int labelCount;
    private final Views views;
    private final Normalization normalization;
    private final long seed;
    private final boolean dropLast;
    private final FineTuneViews fineTune;
    private final SampleLabels sampleLabels;

    private ClassificationLoader(Builder b) {
        super(b.workers, b.prefetch, "dira-finetune-prefetch");
        this.records = b.records;
        this.images = b.images != null ? b.images : ImageSource.ofRecords(b.records, b.channels, b.cache, b.reader);
        this.sampleLabels = b.labels;
        this.size = b.size;
        this.batchSize = b.batchSize;
        this.labelCount = b.records.get(0).labelCount();
        this.views = b.views;
        this.normalization = b.normalization;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.fineTune = new FineTuneViews(b.size);
    }

    /**
     * @param records labelled images, all with the same number of labels L
     * @param size output side S
     * @param batchSize N
     * @param views which views
     * @return a builder with the defaults: seed 0, no normalisation, gray PNGs cached, keep the last batch,
     *     2 workers, 4 batches ahead
     */
    public static Builder builder(List<ImageRecord> records, int size, int batchSize, Views views) {
        return new Builder(records, size, batchSize, views);
    }

    /**
     * A loader of part of a task, with the task's hooks: for {@link Views#TRAIN} its {@link
     * ClassificationTask#sampleLabels()} (CheXpert: uncertain labels re-drawn at each load), for evaluation views its
     * records' fixed labels (binary, so that AUC is defined); images read by {@link ClassificationTask#images()}.
     *
     * @param task the task
     * @param records a part of its split (train, val or test)
     * @param size output side S
     * @param batchSize N
     * @param views which views
     * @return a builder with the defaults of {@link #builder(List, int, int, Views)} and the task's hooks
     */
    public static Builder builder(ClassificationTask task, List<ImageRecord> records, int size, int batchSize,
            Views views) {
        return new Builder(records, size, batchSize, views).reader(task.images())
                .labels(views == Views.TRAIN ? task.sampleLabels() : SampleLabels.FIXED);
    }

    /** Options of a {@link ClassificationLoader}. */
    public static final class Builder extends BatchLoader.Builder<Builder> {
        private final List<ImageRecord> records;
        private final int size;
        private final int batchSize;
        private final Views views;
        private ImageSource images;
        private RecordImages reader = RecordImages.FILES;
        private SampleLabels labels = SampleLabels.FIXED;
        private int channels = 1;
        private boolean cache = true;
        private Normalization normalization = Normalization.NONE;
        private long seed;
        private boolean dropLast;

        private Builder(List<ImageRecord> records, int size, int batchSize, Views views) {
            this.records = List.copyOf(records);
            this.size = size;
            this.batchSize = batchSize;
            this.views = views;
        }

        /** @return this; the seed of the training order and views */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return this; input normalisation (default none) */
        public Builder normalization(Normalization n) {
            this.normalization = n;
            return this;
        }

        /** @return this; PNGs read as 1 (gray, default) or 3 (RGB) channels */
        public Builder channels(int c) {
            this.channels = c;
            return this;
        }

        /** @return this; keep decoded images in memory (default true) */
        public Builder cacheImages(boolean c) {
            this.cache = c;
            return this;
        }

        /** @return this; read images from this source instead of the records' PNGs (same indices) */
        public Builder images(ImageSource s) {
            this.images = s;
            return this;
        }

        /** @return this; how the records' images are read (default: their files, {@link RecordImages#FILES}) */
        public Builder reader(RecordImages r) {
            this.reader = java.util.Objects.requireNonNull(r, "reader");
            return this;
        }

        /** @return this; the label row drawn for a record at each load (default {@link SampleLabels#FIXED}) */
        public Builder labels(SampleLabels l) {
            this.labels = java.util.Objects.requireNonNull(l, "labels");
            return this;
        }

        /** @return this; drop the last partial training batch (default false; eval always keeps it) */
        public Builder dropLast(boolean d) {
            this.dropLast = d;
            return this;
        }



        /**
         * @return the loader
         * @throws IllegalArgumentException for no records, records with different label counts, an image source of
         *     another size, a size or batch below 1, negative workers or a prefetch below 1
         */
        public ClassificationLoader build() {
            if (records.isEmpty() || size < 1 || batchSize < 1) {
                throw new IllegalArgumentException("need records, size >= 1, batch >= 1; got " + records.size()
                        + " records, " + size + ", " + batchSize);
            }
            int l = records.get(0).labelCount();
            for (ImageRecord r : records) {
                if (r.labelCount() != l) {
                    throw new IllegalArgumentException(r.imageId() + " has " + r.labelCount() + " labels, "
                            + records.get(0).imageId() + " has " + l);
                }
            }
            if (images != null && images.size() != records.size()) {
                throw new IllegalArgumentException("image source has " + images.size() + " images for "
                        + records.size() + " records");
            }
            return new ClassificationLoader(this);
        }
    }

    /** @return the number of batches per epoch */
    @Override
    public int batchesPerEpoch() {
        int n = records.size();
        return views == Views.TRAIN && dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** @return L, the number of labels */
    public int labelCount() {
        return labelCount;
    }

    /** @return the record order of an epoch: seeded permutation for training, identity otherwise */
    @Override
    public int[] order(int epoch) {
        if (views == Views.TRAIN) {
            return Seeds.permutation(records.size(), seed, epoch);
        }
        int[] o = new int[records.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    @Override
    LabelledBatch make(int epoch, int batch, int[] order) {
        int start = batch * batchSize;
        int n = Math.min(batchSize, records.size() - start);
        int crops = views == Views.TEN_CROP ? 10 : 1;
        INDArray x = BatchArrays.allocate((long) n * crops, 3, size, size);
        INDArray y = BatchArrays.allocate(n, labelCount);
        FloatBuffer bx = BatchArrays.buffer(x);
        FloatBuffer by = BatchArrays.buffer(y);
        int[] indices = new int[n];
        for (int k = 0; k < n; k++) {
            int position = start + k;
            int index = order[position];
            indices[k] = index;
            try {
                Image2d img = images.load(index);
                switch (views) {
                    case TRAIN -> {
                        SplittableRandom rng = Seeds.generator(seed, Seeds.FINETUNE_VIEWS, epoch, position);
                        Image2d v = fineTune.train(img, fineTune.drawTrain(rng, img.height(), img.width()));
                        BatchArrays.put(bx, k, 3, v, normalization);
                    }
                    case EVAL -> BatchArrays.put(bx, k, 3, fineTune.eval(img), normalization);
                    case TEN_CROP -> {
                        List<Image2d> ten = fineTune.tenCrop(img);
                        for (int c = 0; c < 10; c++) {
                            BatchArrays.put(bx, k * 10 + c, 3, ten.get(c), normalization);
                        }
                    }
                }
                by.put(k * labelCount, labels(records.get(index), epoch, position));
            } catch (IOException | RuntimeException e) {
                throw new DataLoadingException("cannot prepare image " + images.describe(index) + " (record "
                        + records.get(index).imageId() + ", epoch " + epoch + ", batch " + batch + ", position "
                        + position + "): " + e.getMessage(), e);
            }
        }
        return new LabelledBatch(epoch, batch, x, y, indices, crops);
    }

    /** The record's label row for this load, checked. */
    private float[] labels(ImageRecord r, int epoch, int position) {
        float[] l = sampleLabels.draw(r, Seeds.generator(seed, Seeds.LABELS, epoch, position));
        if (l.length != labelCount) {
            throw new IllegalStateException("label draw for " + r.imageId() + " has " + l.length + " labels, expected "
                    + labelCount);
        }
        for (float v : l) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalStateException("label draw for " + r.imageId() + " is outside [0, 1]: "
                        + java.util.Arrays.toString(l));
            }
        }
        return l;
    }
}
