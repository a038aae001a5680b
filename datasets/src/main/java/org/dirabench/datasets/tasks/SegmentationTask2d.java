package org.dirabench.datasets.tasks;

import java.util.Objects;
import org.dirabench.datasets.split.Split;

/**
 * A 2D segmentation target task (SIIM-ACR pneumothorax, Montgomery lungs): images with binary masks, a
 * patient-disjoint split, Dice as the headline metric (global over all test pixels at 0.5, BTL engine.py:L244-L247,
 * REFERENCE.md §3.1). Each {@link MaskedImage} reads to an image [C, H, W] in [0, 1] and a mask [1, H, W] of 0/1 in
 * the image's own pixels; {@code SegmentationLoader2d} resizes them to the network's S × S (BTL: nearest, 224) and
 * gives images [N, 3, S, S] and masks [N, 1, S, S].
 *
 * @param id the task id in results.csv ({@code siim_acr}, {@code montgomery})
 * @param data {@code real}, {@code stand-in:<name>} or {@code phantom}
 * @param split train / val / test images
 * @param splitNote where the split came from
 */
public record SegmentationTask2d(String id, String data, Split<MaskedImage> split, String splitNote)
        implements TargetTask<MaskedImage> {
    /** Validates. */
    public SegmentationTask2d {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(splitNote, "splitNote");
    }

    /** @return {@link Metric#DICE} */
    @Override
    public Metric metric() {
        return Metric.DICE;
    }
}
