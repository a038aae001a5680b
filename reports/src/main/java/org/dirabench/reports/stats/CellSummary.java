package org.dirabench.reports.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalDouble;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.dirabench.reports.results.ResultRow;

/**
 * Mean ± standard deviation of one cell over its runs (one run per fine-tuning seed).
 *
 * <p>Undefined values ({@code NaN} in {@code results.csv}, e.g. a metric of a class without positives) are excluded
 * from n, the mean and the standard deviation, and counted in {@link #nUndefined()} so the report can say so. The
 * standard deviation is the sample standard deviation with Bessel's correction (divisor n − 1, commons-math3
 * {@link DescriptiveStatistics#getStandardDeviation()}); it is undefined for n &lt; 2 (commons-math3 would return 0
 * for a single value, which would read as "no spread" — this class returns empty instead).
 */
public final class CellSummary {
    /**
     * One run of the cell.
     *
     * @param seed fine-tuning seed
     * @param value the metric in [0, 1], or NaN when undefined
     * @param jobId the job that produced it
     */
    public record Run(long seed, double value, String jobId) {
    }

    private final CellKey key;
    private final List<Run> runs;
    private final double[] finite;

    /**
     * @param key the cell
     * @param rows its results rows (any order)
     * @throws IllegalArgumentException when a row does not belong to {@code key}
     */
    public CellSummary(CellKey key, Collection<ResultRow> rows) {
        this.key = key;
        List<Run> rs = new ArrayList<>();
        for (ResultRow r : rows) {
            if (!CellKey.of(r).equals(key)) {
                throw new IllegalArgumentException("row of job " + r.jobId() + " is not in cell " + key);
            }
            rs.add(new Run(r.seed(), r.value(), r.jobId()));
        }
        rs.sort(Comparator.comparingLong(Run::seed).thenComparing(Run::jobId));
        this.runs = List.copyOf(rs);
        this.finite = rs.stream().mapToDouble(Run::value).filter(v -> !Double.isNaN(v)).toArray();
    }

    /** @return the cell */
    public CellKey key() {
        return key;
    }

    /** @return all runs, by seed */
    public List<Run> runs() {
        return runs;
    }

    /** @return the defined values (fractions in [0, 1]), by seed */
    public double[] values() {
        return finite.clone();
    }

    /** @return the number of runs with a defined value */
    public int n() {
        return finite.length;
    }

    /** @return the number of runs whose value is undefined (NaN) */
    public int nUndefined() {
        return runs.size() - finite.length;
    }

    /** @return the seeds of all runs, ascending */
    public List<Long> seeds() {
        return runs.stream().map(Run::seed).distinct().toList();
    }

    /** @return the arithmetic mean of the defined values (fraction), NaN when there are none */
    public double mean() {
        return finite.length == 0 ? Double.NaN : new DescriptiveStatistics(finite).getMean();
    }

    /** @return the sample standard deviation (divisor n − 1) of the defined values; empty when n &lt; 2 */
    public OptionalDouble std() {
        return finite.length < 2 ? OptionalDouble.empty()
                : OptionalDouble.of(new DescriptiveStatistics(finite).getStandardDeviation());
    }
}
