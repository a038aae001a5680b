package org.dirabench.reports.paper;

import java.util.OptionalDouble;

/**
 * One published number, a row of {@code paper_results.csv} (REFERENCE.md §4). Values are percentages, as printed.
 *
 * @param table which published table or figure: {@code full_labels}, {@code label_efficiency}, {@code transvw_3d}
 * @param method the paper's method name, e.g. {@code DiRA_MoCo-v2}, {@code Random}
 * @param pretrainingData the pretraining dataset, {@code none} for random init
 * @param task the paper's task name, e.g. {@code ChestX-ray14}
 * @param metric {@code AUC}, {@code Dice} or {@code IoU}
 * @param labelFraction fraction of training labels, (0, 1]
 * @param mean mean, percent
 * @param std standard deviation, percent; empty when the paper prints none
 * @param source where the number was read (file in the authors' repository)
 */
public record PaperResult(String table, String method, String pretrainingData, String task, String metric,
        double labelFraction, double mean, OptionalDouble std, String source) {
}
