package org.dirabench.reports.paper;

/**
 * How our mean relates to the published mean ± std. "Within the paper's spread" means our mean lies in
 * [paper mean − paper std, paper mean + paper std] (both in percent), the interval the paper prints.
 */
public enum Verdict {
    /** Our mean is inside the paper's mean ± std. */
    WITHIN("within the paper's spread"),
    /** Our mean is above the paper's mean + std (or above its mean when it prints no std). */
    ABOVE("above the paper"),
    /** Our mean is below the paper's mean − std (or below its mean when it prints no std). */
    BELOW("below the paper"),
    /** A published number exists but the runs differ in kind (scale, data, metric) or ours is undefined. */
    NOT_COMPARABLE("not comparable"),
    /** The paper publishes no number for this method, task and label fraction. */
    NO_PUBLISHED_NUMBER("no published number");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** @return the verdict as printed */
    public String label() {
        return label;
    }
}
