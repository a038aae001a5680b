package org.dirabench.harness.downstream.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.dirabench.baselines.loss.InputChecks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Area under the ROC curve, per class of a multi-label task and as the mean over classes (ChestX-ray14: 14 classes;
 * CheXpert: 5; 3D false-positive reduction: 1).
 *
 * <p>Computed as the normalised Mann–Whitney U statistic: rank all N scores of a class together, giving tied scores
 * the average of the ranks they span; with R₊ the sum of the positives' ranks, P positives and Q negatives,
 * AUC = (R₊ − P(P+1)/2) / (P·Q). This equals the fraction of (positive, negative) pairs in which the positive scores
 * higher, ties counting one half, which is the trapezoidal area under the empirical ROC curve
 * ({@code sklearn.metrics.roc_auc_score}). O(N log N) per class.
 *
 * <p>A class with no positives or no negatives has no ROC curve: its AUC is {@link Double#NaN}, it is listed in
 * {@link Result#undefinedClasses()}, and the mean is over the other classes only (sklearn raises an error there
 * instead).
 *
 * <p>Sources: BTL utils.py:L47-L56 and engine.py:L150-L176 (mean AUC over classes; REFERENCE.md §3.1); checked
 * against golden/metrics_small.json (ties, a class without positives).
 */
public final class RocAuc {
    private RocAuc() {
    }

    /**
     * @param perClass         AUC of each class, NaN where undefined
     * @param meanDefined      the mean over the defined classes; NaN when no class is defined
     * @param undefinedClasses the indices of the classes without positives or without negatives, ascending
     */
    public record Result(double[] perClass, double meanDefined, List<Integer> undefinedClasses) {
        /** Copies its arguments. */
        public Result {
            perClass = perClass.clone();
            undefinedClasses = List.copyOf(undefinedClasses);
        }

        /** @return a copy of the per-class AUCs */
        @Override
        public double[] perClass() {
            return perClass.clone();
        }

        @Override
        public String toString() {
            return "RocAuc.Result[perClass=" + Arrays.toString(perClass) + ", meanDefined=" + meanDefined
                    + ", undefinedClasses=" + undefinedClasses + "]";
        }
    }

    /**
     * AUC of one binary problem.
     *
     * @param labels 0 or 1 for each sample
     * @param scores a finite score for each sample, higher meaning more likely positive
     * @return the AUC in [0, 1], or NaN when all labels are equal
     * @throws IllegalArgumentException on a length mismatch, no samples, a label other than 0 or 1, or a NaN or
     *                                  infinite score
     */
    public static double binary(double[] labels, double[] scores) {
        if (labels == null || scores == null || labels.length != scores.length || labels.length == 0) {
            throw new IllegalArgumentException("labels and scores must be non-empty and of equal length, got "
                    + (labels == null ? "null" : labels.length) + " and " + (scores == null ? "null" : scores.length));
        }
        int n = labels.length;
        long positives = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i] != 0 && labels[i] != 1) {
                throw new IllegalArgumentException("labels[" + i + "] = " + labels[i] + ": expected 0 or 1");
            }
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "] = " + scores[i] + ": expected a finite score");
            }
            positives += (long) labels[i];
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        double positiveRankSum = 0;
        for (int start = 0; start < n; ) {
            int end = start;
            while (end < n && scores[order[end]] == scores[order[start]]) {
                end++;
            }
            double averageRank = (start + 1 + end) / 2.0;   // ranks start+1 .. end, 1-based
            for (int j = start; j < end; j++) {
                positiveRankSum += labels[order[j]] * averageRank;
            }
            start = end;
        }
        double u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }

    /**
     * AUC per class of a multi-label task.
     *
     * @param labels [N][C] of 0 or 1
     * @param scores [N][C] finite scores (e.g. sigmoid outputs)
     * @throws IllegalArgumentException on ragged or mismatched arrays, or as {@link #binary(double[], double[])},
     *                                  naming the class
     */
    public static Result multiLabel(double[][] labels, double[][] scores) {
        if (labels == null || scores == null || labels.length != scores.length || labels.length == 0) {
            throw new IllegalArgumentException("labels and scores must have the same, non-zero number of rows");
        }
        int n = labels.length;
        int c = labels[0].length;
        for (int i = 0; i < n; i++) {
            if (labels[i].length != c || scores[i].length != c) {
                throw new IllegalArgumentException("row " + i + ": expected " + c + " classes in labels and scores, got "
                        + labels[i].length + " and " + scores[i].length);
            }
        }
        double[] auc = new double[c];
        List<Integer> undefined = new ArrayList<>();
        double sum = 0;
        int defined = 0;
        for (int k = 0; k < c; k++) {
            double[] l = new double[n];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                l[i] = labels[i][k];
                s[i] = scores[i][k];
            }
            try {
                auc[k] = binary(l, s);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("class " + k + ": " + e.getMessage(), e);
            }
            if (Double.isNaN(auc[k])) {
                undefined.add(k);
            } else {
                sum += auc[k];
                defined++;
            }
        }
        return new Result(auc, defined == 0 ? Double.NaN : sum / defined, undefined);
    }

    /**
     * As {@link #multiLabel(double[][], double[][])} for arrays [N, C] of any floating-point type.
     *
     * @throws IllegalArgumentException on a rank other than 2 or a shape mismatch
     */
    public static Result multiLabel(INDArray labels, INDArray scores) {
        InputChecks.require("labels", labels, 2);
        InputChecks.require("scores", scores, 2);
        InputChecks.requireSameShape("scores", scores, "labels", labels);
        return multiLabel(labels.toDoubleMatrix(), scores.toDoubleMatrix());
    }
}
