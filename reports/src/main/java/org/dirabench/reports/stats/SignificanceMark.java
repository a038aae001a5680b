package org.dirabench.reports.stats;

/**
 * The paper's significance marks over each baseline/DiRA pair (DiRA, CVPR 2022, the "with/without DiRA" figure,
 * {@code images/w_wo_ReD.png}; REFERENCE.md §3.1, §4.3): n.s. for p ≥ 0.05, * for p &lt; 0.05, ** for p &lt; 0.01,
 * *** for p &lt; 0.001 and &gt;*** for p &lt; 0.0001. Thresholds are strict: p = 0.05 exactly is n.s.
 */
public enum SignificanceMark {
    /** p ≥ 0.05. */
    NOT_SIGNIFICANT("n.s.", 1.0),
    /** p &lt; 0.05. */
    P_05("*", 0.05),
    /** p &lt; 0.01. */
    P_01("**", 0.01),
    /** p &lt; 0.001. */
    P_001("***", 0.001),
    /** p &lt; 0.0001. */
    P_0001(">***", 0.0001);

    private final String mark;
    private final double threshold;

    SignificanceMark(String mark, double threshold) {
        this.mark = mark;
        this.threshold = threshold;
    }

    /**
     * @param p a p-value in [0, 1]
     * @return the strongest mark whose threshold p is strictly below
     * @throws IllegalArgumentException when p is NaN or outside [0, 1]
     */
    public static SignificanceMark of(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p-value must be in [0, 1], got " + p);
        }
        SignificanceMark[] all = values();
        for (int i = all.length - 1; i > 0; i--) {
            if (p < all[i].threshold) {
                return all[i];
            }
        }
        return NOT_SIGNIFICANT;
    }

    /** @return the mark as printed: n.s., *, **, ***, &gt;*** */
    public String mark() {
        return mark;
    }

    /** @return the p-value this mark requires p to be below (1 for n.s.) */
    public double threshold() {
        return threshold;
    }

    @Override
    public String toString() {
        return mark;
    }
}
