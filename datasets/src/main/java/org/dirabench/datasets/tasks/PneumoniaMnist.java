package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.NpyArray;
import org.dirabench.datasets.io.Npz;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PneumoniaMNIST (MedMNIST v2, Yang et al. 2023; from Kermany et al. 2018): real pediatric chest X-rays at 28 × 28,
 * normal (0) vs pneumonia (1), shipped as one {@code .npz}. A stand-in: a small real labelled chest X-ray
 * classification set that CPU fine-tuning can handle, binary and pediatric, not ChestX-ray14's or CheXpert's task.
 * Task id {@value #TASK}, one label {@value #LABEL}, AUC.
 *
 * <p><b>Files</b>: the arrays {@code train_images}, {@code val_images}, {@code test_images} (uint8 [N, 28, 28],
 * 0-255) and {@code train_labels}, {@code val_labels}, {@code test_labels} (uint8 [N, 1], 0 or 1). A missing array,
 * a shape that does not fit or a label other than 0/1 is an error naming the file, array and index. Images are held
 * in memory (as [1, 28, 28] in [0, 1]) and read by the task's {@link RecordImages}; a record's path is the
 * {@code .npz} and its id {@code <part>_images[<index>]}.
 *
 * <p><b>Split</b>: MedMNIST's train / val / test as shipped. The file carries no patient ids, so each image counts as
 * its own patient and patient-disjointness cannot be checked (Kermany's file names had patient ids; MedMNIST dropped
 * them). The shared folder has two copies ({@link Variant}); train on one only, they overlap.
 */
public final class PneumoniaMnist {
    /** Task id. */
    public static final String TASK = "pneumoniamnist";
    /** The label. */
    public static final String LABEL = "pneumonia";
    private static final Logger LOG = LoggerFactory.getLogger(PneumoniaMnist.class);
    private static final List<String> PARTS = List.of("train", "val", "test");

    /** The two copies in {@code shared/data/pneumoniamnist} (its README). */
    public enum Variant {
        /** Official val (524) and test (624); 388 of the 1214 normal training images. */
        OFFICIAL_VALTEST("pneumoniamnist_official_valtest_partialtrain.npz", "stand-in:pneumoniamnist-official"),
        /** Class-balanced: 1214 + 1214 train, 135 + 135 val, 234 + 234 test. */
        BALANCED("pneumoniamnist_balanced_subset.npz", "stand-in:pneumoniamnist-balanced");

        private final String file;
        private final String data;

        Variant(String file, String data) {
            this.file = file;
            this.data = data;
        }

        /** @return its file name */
        public String file() {
            return file;
        }

        /** @return its data label */
        public String data() {
            return data;
        }
    }

    private final Path file;
    private final String data;
    private final Split<ImageRecord> split;
    private final Map<String, Image2d> images;

    private PneumoniaMnist(Path file, String data, Split<ImageRecord> split, Map<String, Image2d> images) {
        this.file = file;
        this.data = data;
        this.split = split;
        this.images = images;
    }

    /**
     * @param folder the folder holding the variant's file
     * @param variant which copy
     * @return the dataset
     * @throws NoSuchFileException when the file is missing
     * @throws ImageFormatException as {@link #open(Path, String)}
     */
    public static PneumoniaMnist open(Path folder, Variant variant) throws IOException {
        return open(folder.resolve(variant.file()), variant.data());
    }

    /**
     * @param npz a MedMNIST {@code pneumoniamnist.npz}
     * @param data the data label to report
     * @return the dataset
     * @throws NoSuchFileException when the file is missing
     * @throws ImageFormatException naming file and array for a missing array, a wrong shape or dtype, or a label
     *     other than 0/1 (with its index)
     * @throws IOException when the file cannot be read
     */
    public static PneumoniaMnist open(Path npz, String data) throws IOException {
        if (!Files.isRegularFile(npz)) {
            throw new NoSuchFileException(npz.toString(), null, "PneumoniaMNIST file does not exist");
        }
        Map<String, NpyArray> arrays = Npz.read(npz);
        Map<String, Image2d> images = new HashMap<>();
        List<List<ImageRecord>> parts = new ArrayList<>();
        for (String part : PARTS) {
            NpyArray x = array(npz, arrays, part + "_images");
            NpyArray y = array(npz, arrays, part + "_labels");
            int[] xs = x.shape();
            int[] ys = y.shape();
            if (xs.length != 3 || ys.length != 2 || ys[1] != 1 || ys[0] != xs[0]) {
                throw new ImageFormatException(npz, part + "_images has shape " + Arrays.toString(xs) + " and "
                        + part + "_labels " + Arrays.toString(ys) + "; expected [N, H, W] and [N, 1]");
            }
            int h = xs[1];
            int w = xs[2];
            float[] px = x.toFloatArray();
            double[] labels = y.toDoubleArray();
            List<ImageRecord> records = new ArrayList<>();
            for (int i = 0; i < xs[0]; i++) {
                if (labels[i] != 0 && labels[i] != 1) {
                    throw new ImageFormatException(npz, part + "_labels[" + i + "] is " + labels[i]
                            + "; expected 0 (normal) or 1 (pneumonia)");
                }
                String id = part + "_images[" + i + "]";
                float[] img = new float[h * w];
                for (int k = 0; k < img.length; k++) {
                    img[k] = px[i * h * w + k] / 255f;
                }
                images.put(id, new Image2d(1, h, w, img));
                records.add(new ImageRecord(id, id, npz, new float[] {(float) labels[i]}));
            }
            parts.add(records);
        }
        Split<ImageRecord> split = new Split<>(parts.get(0), parts.get(1), parts.get(2));
        LOG.info("{}: PneumoniaMNIST ({}), split {}", npz, data, split);
        return new PneumoniaMnist(npz, data, split, Map.copyOf(images));
    }

    private static NpyArray array(Path npz, Map<String, NpyArray> arrays, String name)
            throws ImageFormatException {
        NpyArray a = arrays.get(name);
        if (a == null) {
            throw new ImageFormatException(npz, "no array " + name + " (found " + arrays.keySet() + ")");
        }
        return a;
    }

    /** @return the {@code .npz} */
    public Path file() {
        return file;
    }

    /** @return MedMNIST's split as shipped */
    public Split<ImageRecord> split() {
        return split;
    }

    /**
     * @return task {@value #TASK}: one label, AUC; images come from memory (its {@code images()} hook), gray,
     *     replicated for 3 channels
     */
    public ClassificationTask task() {
        Map<String, Image2d> imgs = images;
        RecordImages reader = (r, channels) -> {
            Image2d img = imgs.get(r.imageId());
            if (img == null) {
                throw new IOException(file + ": no image " + r.imageId());
            }
            return channels == 1 ? img : img.replicate(channels);
        };
        return new ClassificationTask(TASK, data, List.of(LABEL), List.of(LABEL), split, SampleLabels.FIXED, reader,
                "MedMNIST train / val / test as shipped (no patient ids: each image its own patient)");
    }
}
