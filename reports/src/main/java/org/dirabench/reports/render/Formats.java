package org.dirabench.reports.render;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import org.dirabench.reports.stats.CellSummary;

/**
 * How numbers are printed in every output (locale-independent): metrics as percentages with two decimals (the
 * paper's convention), p-values with three significant digits, durations in s / min / h.
 */
public final class Formats {
    /** Shown where a value does not exist. */
    public static final String NONE = "—";

    private Formats() {
    }

    /** @return a fraction as a percentage with two decimals, e.g. 0.81123 → "81.12"; NaN → "—" */
    public static String pct(double fraction) {
        return Double.isNaN(fraction) ? NONE : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** @return a percentage value with two decimals, e.g. 81.12 → "81.12" */
    public static String pctValue(double percent) {
        return Double.isNaN(percent) ? NONE : String.format(Locale.ROOT, "%.2f", percent);
    }

    /** @return a difference of fractions in percentage points with a sign, e.g. "+1.23" */
    public static String deltaPct(double fractionDelta) {
        return Double.isNaN(fractionDelta) ? NONE : String.format(Locale.ROOT, "%+.2f", 100 * fractionDelta);
    }

    /** @return "mean ± std" in percent; "mean" alone when the std is undefined; "—" when there is no value */
    public static String meanStd(CellSummary c) {
        if (c.n() == 0) {
            return NONE;
        }
        return c.std().isPresent() ? pct(c.mean()) + " ± " + pct(c.std().getAsDouble()) : pct(c.mean());
    }

    /** @return the std in percent, or "undefined (n = 1)" */
    public static String std(CellSummary c) {
        return c.std().isPresent() ? pct(c.std().getAsDouble()) : "undefined (n = " + c.n() + ")";
    }

    /**
     * @param c a cell
     * @return "n = 3", or "n = 2 (+1 undefined)" when NaN values were excluded
     */
    public static String n(CellSummary c) {
        return c.nUndefined() == 0 ? "n = " + c.n() : "n = " + c.n() + " (+" + c.nUndefined() + " NaN excluded)";
    }

    /** @return a p-value: "0.0794", "0.00312", "2.31e-05"; "—" for NaN */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return NONE;
        }
        if (p == 0) {
            return "< 1e-300";
        }
        if (p >= 0.001) {
            return new BigDecimal(p).round(new java.math.MathContext(3, RoundingMode.HALF_EVEN)).stripTrailingZeros()
                    .toPlainString();
        }
        return String.format(Locale.ROOT, "%.2e", p);
    }

    /** @return a label fraction as a percentage, e.g. 0.01 → "1 %", 1.0 → "100 %" */
    public static String fraction(double f) {
        return new BigDecimal(Double.toString(100 * f)).setScale(4, RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString() + " %";
    }

    /** @return seconds as "42 s", "3.5 min" or "2.25 h"; "—" for NaN */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return NONE;
        }
        if (seconds < 120) {
            return String.format(Locale.ROOT, "%.0f s", seconds);
        }
        if (seconds < 7200) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        return String.format(Locale.ROOT, "%.2f h", seconds / 3600);
    }

    /** @return the first 12 characters of a hash, or the text itself when shorter */
    public static String shortHash(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
