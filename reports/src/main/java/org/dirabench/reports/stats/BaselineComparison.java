package org.dirabench.reports.stats;

import java.util.ArrayList;
import java.util.List;
import org.dirabench.reports.results.DisplayNames;

/**
 * A DiRA variant against its baseline (same method, {@code dira = none}, same task, metric, label fraction, scale and
 * data), by a two-sample two-sided t-test over the per-seed values (see {@link TTestKind}).
 *
 * @param variant the DiRA cell
 * @param baseline the baseline cell, or null when the run has none
 * @param test the t-test used
 * @param delta mean(variant) − mean(baseline), a fraction; NaN when either mean is undefined
 * @param pValue the two-sided p-value, NaN when not testable
 * @param mark the paper's mark for {@code pValue}, null when not testable
 * @param notTestable why no test was done (empty when it was)
 * @param seedsMissingInVariant baseline seeds without a run of the variant
 * @param seedsMissingInBaseline variant seeds without a baseline run
 */
public record BaselineComparison(CellSummary variant, CellSummary baseline, TTestKind test, double delta,
        double pValue, SignificanceMark mark, String notTestable, List<Long> seedsMissingInVariant,
        List<Long> seedsMissingInBaseline) {

    /** Minimum number of defined runs per side for a two-sample t-test (commons-math3 requires 2). */
    public static final int MIN_RUNS = 2;

    /**
     * @param variant the DiRA cell
     * @param baseline its baseline cell, or null
     * @param test the t-test
     * @return the comparison; never throws for small or degenerate samples, which are reported as not testable
     */
    public static BaselineComparison of(CellSummary variant, CellSummary baseline, TTestKind test) {
        if (baseline == null) {
            return new BaselineComparison(variant, null, test, Double.NaN, Double.NaN, null,
                    "no " + DisplayNames.baseline(variant.key().method())
                            + " baseline runs for the same task, label fraction, scale and data",
                    List.of(), List.of());
        }
        List<Long> missingInVariant = new ArrayList<>(baseline.seeds());
        missingInVariant.removeAll(variant.seeds());
        List<Long> missingInBaseline = new ArrayList<>(variant.seeds());
        missingInBaseline.removeAll(baseline.seeds());
        double delta = variant.mean() - baseline.mean();
        String reason = "";
        double p = Double.NaN;
        if (variant.n() < MIN_RUNS || baseline.n() < MIN_RUNS) {
            List<String> why = new ArrayList<>();
            for (CellSummary c : List.of(baseline, variant)) {
                if (c.n() < MIN_RUNS) {
                    why.add(c.key().methodName() + " has n = " + c.n()
                            + (c.nUndefined() > 0 ? " (" + c.nUndefined() + " undefined value excluded)" : ""));
                }
            }
            reason = String.join(" and ", why) + "; a two-sample t-test needs at least " + MIN_RUNS
                    + " runs per side";
        } else {
            p = test.pValue(baseline.values(), variant.values());
            if (Double.isNaN(p)) {
                reason = "the t statistic is undefined: neither sample varies (all runs equal on both sides)";
            }
        }
        SignificanceMark mark = Double.isNaN(p) ? null : SignificanceMark.of(p);
        return new BaselineComparison(variant, baseline, test, delta, p, mark, reason, List.copyOf(missingInVariant),
                List.copyOf(missingInBaseline));
    }

    /** @return true when a p-value was computed */
    public boolean testable() {
        return notTestable.isEmpty();
    }
}
