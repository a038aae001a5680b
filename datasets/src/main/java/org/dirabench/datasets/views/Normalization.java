package org.dirabench.datasets.views;

/**
 * Per-channel mean/std normalisation applied to network inputs, {@code (x − mean_c) / std_c}, as BTL's
 * {@code build_transform_classification(normalize=…)} offers (REFERENCE.md §3.1, §6 P13). DiRA pretrained on
 * un-normalised [0, 1] inputs (DIRA transformation.py:L71-L77), BTL fine-tuning defaults to ImageNet statistics
 * (BTL main_classification.py:L31); which one the paper's fine-tuning used is not known, so the choice is a
 * configuration value that a run must record.
 */
public enum Normalization {
    /** No normalisation: inputs stay in [0, 1] (default; what DiRA pretraining used). */
    NONE(new float[] {0, 0, 0}, new float[] {1, 1, 1}),
    /** ImageNet mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225). */
    IMAGENET(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
    /** BTL's {@code chestx-ray} statistics: mean 0.5056, std 0.252 in every channel. */
    CHESTXRAY(new float[] {0.5056f, 0.5056f, 0.5056f}, new float[] {0.252f, 0.252f, 0.252f});

    private final float[] mean;
    private final float[] std;

    Normalization(float[] mean, float[] std) {
        this.mean = mean;
        this.std = std;
    }

    /** @return the mean of RGB channel {@code c} (0..2) */
    public float mean(int c) {
        return mean[c];
    }

    /** @return the standard deviation of RGB channel {@code c} (0..2) */
    public float std(int c) {
        return std[c];
    }

    /**
     * @param c RGB channel 0..2
     * @param v a value in [0, 1]
     * @return {@code (v − mean_c) / std_c}
     */
    public float apply(int c, float v) {
        return this == NONE ? v : (v - mean[c]) / std[c];
    }
}
