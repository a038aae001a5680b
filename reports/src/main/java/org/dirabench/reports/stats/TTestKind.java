package org.dirabench.reports.stats;

import org.apache.commons.math3.stat.inference.TTest;

/**
 * The two-sample, two-sided t-test used to compare a DiRA variant with its baseline. Both come from commons-math3
 * {@link TTest}: Welch's t-test (unequal variances, Welch–Satterthwaite degrees of freedom) is
 * {@link TTest#tTest(double[], double[])}; Student's t-test (pooled variance, n1 + n2 − 2 degrees of freedom) is
 * {@link TTest#homoscedasticTTest(double[], double[])}. Both return the two-sided p-value.
 */
public enum TTestKind {
    /** Welch's unequal-variances t-test, the default. */
    WELCH("Welch's t-test (unequal variances, Welch–Satterthwaite df), two-sided, unpaired"),
    /** Student's t-test with pooled variance. */
    STUDENT("Student's t-test (pooled variance, df = n1 + n2 − 2), two-sided, unpaired");

    private final String description;

    TTestKind(String description) {
        this.description = description;
    }

    /** @return the test's name and assumptions as printed in the report */
    public String description() {
        return description;
    }

    /**
     * @param a first sample, at least 2 finite values
     * @param b second sample, at least 2 finite values
     * @return the two-sided p-value; NaN when the statistic is undefined (both samples without variance)
     * @throws org.apache.commons.math3.exception.NumberIsTooSmallException when a sample has fewer than 2 values
     */
    public double pValue(double[] a, double[] b) {
        TTest t = new TTest();
        return this == WELCH ? t.tTest(a, b) : t.homoscedasticTTest(a, b);
    }
}
