package org.dirabench.reports.paper;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;

/**
 * Our cell beside the published number, with a {@link Verdict} and the reason for it.
 *
 * @param paper the published row, or null when there is none
 * @param verdict the verdict
 * @param reason why, in words (e.g. "scale mini, the paper's is paper; stand-in dataset nih1000 instead of
 *     ChestX-ray14")
 * @param deltaPercent our mean − paper mean, percentage points; NaN when not computed
 */
public record PaperComparison(PaperResult paper, Verdict verdict, String reason, double deltaPercent) {

    /**
     * @param cell our cell (values are fractions; the paper's are percent)
     * @param published the published numbers
     * @return the comparison
     */
    public static PaperComparison of(CellSummary cell, PaperResults published) {
        CellKey k = cell.key();
        if (!k.isHeadline()) {
            return new PaperComparison(null, Verdict.NO_PUBLISHED_NUMBER, "the paper publishes no per-class numbers",
                    Double.NaN);
        }
        PaperResult p = published.find(k.method(), k.dira(), k.task(), k.labelFraction()).orElse(null);
        if (p == null) {
            return new PaperComparison(null, Verdict.NO_PUBLISHED_NUMBER, "the paper publishes no number for "
                    + k.methodName() + " on " + DisplayNames.task(k.task()) + " at "
                    + percent(k.labelFraction()) + " of the labels", Double.NaN);
        }
        List<String> why = new ArrayList<>();
        if (!"paper".equals(k.scale())) {
            why.add("scale " + k.scale() + " (the paper's protocol is scale paper)");
        }
        if (k.data().kind() == DataSource.Kind.STAND_IN) {
            why.add("stand-in dataset " + k.data().name() + " instead of " + p.task());
        } else if (k.data().kind() == DataSource.Kind.PHANTOM) {
            why.add("phantom (synthetic) data instead of " + p.task());
        }
        if (!p.metric().equalsIgnoreCase(k.metric())) {
            why.add("metric " + DisplayNames.metric(k.metric()) + ", the paper reports " + p.metric());
        }
        if (cell.n() == 0) {
            why.add("no defined value in our runs");
        }
        double delta = cell.n() == 0 ? Double.NaN : 100 * cell.mean() - p.mean();
        if (!why.isEmpty()) {
            return new PaperComparison(p, Verdict.NOT_COMPARABLE, String.join("; ", why), delta);
        }
        String d = String.format(Locale.ROOT, "%+.2f points", delta);
        if (p.std().isEmpty()) {
            Verdict v = delta > 0 ? Verdict.ABOVE : delta < 0 ? Verdict.BELOW : Verdict.WITHIN;
            return new PaperComparison(p, v, d + " from the paper's mean; the paper prints no std, so its spread is"
                    + " unknown", delta);
        }
        double s = p.std().getAsDouble();
        Verdict v = Math.abs(delta) <= s ? Verdict.WITHIN : delta > 0 ? Verdict.ABOVE : Verdict.BELOW;
        return new PaperComparison(p, v, String.format(Locale.ROOT, "%s from the paper's mean (paper std %.2f)", d, s),
                delta);
    }

    private static String percent(double fraction) {
        return new java.math.BigDecimal(Double.toString(100 * fraction)).setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + " %";
    }
}
