package org.dirabench.datasets.split;

import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic label-efficiency subsets as BenchmarkTransferLearning makes them (BTL dataloader.py,
 * {@code annotation_percent}, REFERENCE.md §3.1): when the percentage is below 100, the indices {@code 0..n−1} are
 * shuffled by {@code random.Random(99).shuffle} and the first {@code int(n · percent / 100.0)} are kept, in shuffled
 * order; at 100 % the list is kept as it is, in its original order.
 *
 * <p>Python's generator is reproduced bit-for-bit ({@link PythonRandom}), so for the same list order the subset is
 * the one BTL selects.
 */
public final class LabelFraction {
    /** BTL's seed ({@code random.Random(99)}). */
    public static final long BTL_SEED = 99;

    private LabelFraction() {
    }

    /**
     * @param samples the training list, in the order of the list file
     * @param percent percentage of labels kept, in (0, 100]
     * @param <T> the sample type
     * @return the subset (a new list)
     * @throws IllegalArgumentException when {@code percent} is outside (0, 100] or keeps no sample
     */
    public static <T> List<T> firstPercent(List<T> samples, double percent) {
        return firstPercent(samples, percent, BTL_SEED);
    }

    /**
     * @param samples the training list
     * @param percent percentage of labels kept, in (0, 100]
     * @param seed the {@code random.Random} seed
     * @param <T> the sample type
     * @return the first {@code int(n · percent / 100.0)} samples of the seeded shuffle; the whole list, unshuffled, at
     *     100
     * @throws IllegalArgumentException when {@code percent} is outside (0, 100] or keeps no sample
     */
    public static <T> List<T> firstPercent(List<T> samples, double percent, long seed) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("label percentage must be in (0, 100], got " + percent);
        }
        if (percent == 100) {
            return new ArrayList<>(samples);
        }
        int n = samples.size();
        int keep = (int) (n * percent / 100.0);
        if (keep == 0) {
            throw new IllegalArgumentException(percent + " % of " + n + " samples keeps no sample");
        }
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        new PythonRandom(seed).shuffle(idx);
        List<T> out = new ArrayList<>(keep);
        for (int i = 0; i < keep; i++) {
            out.add(samples.get(idx[i]));
        }
        return out;
    }

    /**
     * {@link #firstPercent(List, double)} with a fraction: {@code firstPercent(samples, 100 · fraction)}.
     *
     * @param samples the training list
     * @param fraction fraction of labels kept, in (0, 1]
     * @param <T> the sample type
     * @return the subset
     * @throws IllegalArgumentException when {@code fraction} is outside (0, 1] or keeps no sample
     */
    public static <T> List<T> firstFraction(List<T> samples, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("label fraction must be in (0, 1], got " + fraction);
        }
        return firstPercent(samples, fraction * 100);
    }
}
