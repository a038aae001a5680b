package org.dirabench.reports.stats;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dirabench.reports.results.ResultRow;

/**
 * Groups results rows into cells (see {@link CellKey}) and compares each DiRA variant with its baseline.
 */
public final class Summaries {
    private final SortedMap<CellKey, CellSummary> cells;
    private final List<BaselineComparison> comparisons;
    private final TTestKind test;

    private Summaries(SortedMap<CellKey, CellSummary> cells, List<BaselineComparison> comparisons, TTestKind test) {
        this.cells = cells;
        this.comparisons = comparisons;
        this.test = test;
    }

    /**
     * @param rows results rows
     * @param test the t-test for DiRA-vs-baseline comparisons
     * @return the cells in report order and one comparison per DiRA cell, in the same order
     */
    public static Summaries of(Collection<ResultRow> rows, TTestKind test) {
        Map<CellKey, List<ResultRow>> groups = new TreeMap<>();
        for (ResultRow r : rows) {
            groups.computeIfAbsent(CellKey.of(r), k -> new ArrayList<>()).add(r);
        }
        SortedMap<CellKey, CellSummary> cells = new TreeMap<>();
        groups.forEach((k, rs) -> cells.put(k, new CellSummary(k, rs)));
        List<BaselineComparison> comparisons = new ArrayList<>();
        for (CellSummary c : cells.values()) {
            if (c.key().isDira()) {
                comparisons.add(BaselineComparison.of(c, cells.get(c.key().baseline()), test));
            }
        }
        return new Summaries(Collections.unmodifiableSortedMap(cells), List.copyOf(comparisons), test);
    }

    /** @return every cell, in report order */
    public SortedMap<CellKey, CellSummary> cells() {
        return cells;
    }

    /** @return one comparison per DiRA cell, in report order */
    public List<BaselineComparison> comparisons() {
        return comparisons;
    }

    /** @return the comparison of a DiRA cell with its baseline, or null for a baseline cell */
    public BaselineComparison comparison(CellKey variant) {
        for (BaselineComparison c : comparisons) {
            if (c.variant().key().equals(variant)) {
                return c;
            }
        }
        return null;
    }

    /** @return the t-test used */
    public TTestKind test() {
        return test;
    }
}
