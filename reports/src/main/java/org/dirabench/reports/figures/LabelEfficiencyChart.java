package org.dirabench.reports.figures;

import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.StatisticalLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * Label efficiency of one task: the metric (mean ± std over seeds, percent) against the fraction of training labels,
 * one line per method variant (colour = method, dashed = baseline, solid = DiRA, dotted = DiRA without the
 * adversarial term), as in the paper's label-efficiency table.
 */
public final class LabelEfficiencyChart {
    private LabelEfficiencyChart() {
    }

    /**
     * @param name file stem
     * @param title title
     * @param subtitle line under the title
     * @param metricLabel range-axis label
     * @param cells cells of one task, metric, scale and data at several label fractions
     * @param caption caption
     * @return the figure
     */
    public static ChartFigure create(String name, String title, String subtitle, String metricLabel,
            List<CellSummary> cells, String caption) {
        TreeSet<Double> fractions = new TreeSet<>();
        cells.forEach(c -> fractions.add(c.key().labelFraction()));
        List<CellSummary> sorted = new ArrayList<>(cells);
        sorted.sort(java.util.Comparator.comparing(CellSummary::key));
        DefaultStatisticalCategoryDataset ds = new DefaultStatisticalCategoryDataset();
        List<CellKey> seriesKeys = new ArrayList<>();
        for (CellSummary c : sorted) {
            CellKey variant = new CellKey(c.key().method(), c.key().dira(), "", "", 1, "", c.key().data());
            if (!seriesKeys.contains(variant)) {
                seriesKeys.add(variant);
            }
        }
        for (CellKey s : seriesKeys) {
            for (double f : fractions) {
                ds.add((Number) null, null, s.methodName(), fractionLabel(f));
            }
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CellSummary c : sorted) {
            if (c.n() == 0) {
                continue;
            }
            double m = 100 * c.mean();
            Double s = c.std().isPresent() ? 100 * c.std().getAsDouble() : null;
            lo = Math.min(lo, m - (s == null ? 0 : s));
            hi = Math.max(hi, m + (s == null ? 0 : s));
            ds.add((Number) m, s, c.key().methodName(), fractionLabel(c.key().labelFraction()));
        }
        StatisticalLineAndShapeRenderer r = new StatisticalLineAndShapeRenderer(true, true);
        r.setErrorIndicatorPaint(null);
        for (int i = 0; i < seriesKeys.size(); i++) {
            CellKey k = seriesKeys.get(i);
            r.setSeriesPaint(i, ChartStyle.family(k.method()));
            r.setSeriesStroke(i, ChartStyle.variantStroke(k.dira()));
            r.setSeriesShape(i, k.isDira() ? new Ellipse2D.Double(-4, -4, 8, 8) : new Rectangle2D.Double(-3.5, -3.5, 7,
                    7));
        }
        NumberAxis y = new NumberAxis(metricLabel);
        y.setAutoRangeIncludesZero(false);
        if (lo < hi) {
            double pad = 0.08 * (hi - lo);
            y.setRange(Math.max(0, lo - pad), Math.min(100, hi + pad));
        }
        CategoryAxis x = new CategoryAxis("fraction of training labels");
        CategoryPlot plot = new CategoryPlot(ds, x, y, r);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        chart.addSubtitle(new TextTitle(subtitle));
        ChartStyle.apply(chart);
        return new ChartFigure(name, chart, 720, 440, caption,
                "Line chart of " + metricLabel + " against the fraction of training labels, per method");
    }

    /** @return e.g. "1 %", "25 %", "100 %" */
    static String fractionLabel(double f) {
        return new java.math.BigDecimal(Double.toString(100 * f)).setScale(4, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + " %";
    }
}
