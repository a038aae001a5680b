package org.dirabench.datasets.tasks;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import org.dirabench.datasets.split.PatientSample;

/**
 * One labelled 2D image of a classification task.
 *
 * @param imageId the dataset's image identifier (ChestX-ray14: the {@code Image Index}, e.g. {@code 00000001_000.png})
 * @param patientId the dataset's patient identifier (ChestX-ray14: {@code Patient ID} as a canonical decimal)
 * @param path the image file
 * @param labels the label vector in the order of the task's {@link ClassificationTask#labelNames()}; values in [0, 1]
 *     (1 = finding present); copied in and out
 */
public record ImageRecord(String imageId, String patientId, Path path, float[] labels) implements PatientSample {
    /** Validates and copies. */
    public ImageRecord {
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(path, "path");
        labels = labels.clone();
        for (float v : labels) {
            if (!(v >= 0 && v <= 1)) {
                throw new IllegalArgumentException("label of " + imageId + " outside [0, 1]: " + Arrays.toString(labels));
            }
        }
    }

    /** @return a copy of the label vector */
    @Override
    public float[] labels() {
        return labels.clone();
    }

    /** @return the number of labels */
    public int labelCount() {
        return labels.length;
    }

    /** @return label {@code i} */
    public float label(int i) {
        return labels[i];
    }

    /** @return {@link #imageId()} */
    @Override
    public String sampleId() {
        return imageId;
    }

    /**
     * @param newLabels another label vector
     * @return the same image with other labels (e.g. the binary normal/abnormal label)
     */
    public ImageRecord withLabels(float[] newLabels) {
        return new ImageRecord(imageId, patientId, path, newLabels);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRecord r && r.imageId.equals(imageId) && r.patientId.equals(patientId)
                && r.path.equals(path) && Arrays.equals(r.labels, labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(imageId, patientId, path) * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "ImageRecord[" + imageId + ", patient " + patientId + ", " + path + ", " + Arrays.toString(labels) + "]";
    }
}
