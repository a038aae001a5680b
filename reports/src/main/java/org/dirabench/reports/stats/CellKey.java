package org.dirabench.reports.stats;

import java.util.Comparator;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;

/**
 * What one summary cell groups: the runs (seeds) of one method variant on one task, metric, label fraction, scale and
 * data source. The data source is part of the key so that runs on a stand-in are never averaged with runs on the
 * real dataset.
 *
 * @param method method id
 * @param dira DiRA variant
 * @param task task id
 * @param metric metric id
 * @param labelFraction fraction of training labels, (0, 1]
 * @param scale run scale
 * @param data data source
 */
public record CellKey(String method, String dira, String task, String metric, double labelFraction, String scale,
        DataSource data) implements Comparable<CellKey> {

    /** Order of the report: task, metric (headline first), scale, label fraction (largest first), data, method. */
    public static final Comparator<CellKey> ORDER = Comparator
            .comparingInt((CellKey k) -> DisplayNames.rank(DisplayNames.TASK_ORDER, k.task))
            .thenComparing(CellKey::task)
            .thenComparing(k -> k.metric.indexOf(':') >= 0)
            .thenComparing(CellKey::metric)
            .thenComparingInt(k -> -DisplayNames.rank(java.util.List.of("smoke", "mini", "paper"), k.scale))
            .thenComparing(CellKey::scale)
            .thenComparing(Comparator.comparingDouble(CellKey::labelFraction).reversed())
            .thenComparing(CellKey::data)
            .thenComparingInt(k -> DisplayNames.rank(DisplayNames.METHOD_ORDER, k.method))
            .thenComparing(CellKey::method)
            .thenComparingInt(k -> DisplayNames.rank(DisplayNames.DIRA_ORDER, k.dira))
            .thenComparing(CellKey::dira);

    /** @return the key of a results row */
    public static CellKey of(ResultRow r) {
        return new CellKey(r.method(), r.dira(), r.task(), r.metric(), r.labelFraction(), r.scale(), r.data());
    }

    /** @return the same cell for the plain baseline ({@code dira = none}) */
    public CellKey baseline() {
        return new CellKey(method, ResultRow.NO_DIRA, task, metric, labelFraction, scale, data);
    }

    /** @return true when this is a DiRA variant (not the plain baseline) */
    public boolean isDira() {
        return !ResultRow.NO_DIRA.equals(dira);
    }

    /** @return true for a headline metric (not per class) */
    public boolean isHeadline() {
        return metric.indexOf(':') < 0;
    }

    /** @return the reader-facing method name, e.g. "DiRA_MoCo-v2" */
    public String methodName() {
        return DisplayNames.method(method, dira);
    }

    @Override
    public int compareTo(CellKey o) {
        return ORDER.compare(this, o);
    }
}
