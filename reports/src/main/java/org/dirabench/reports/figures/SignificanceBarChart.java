package org.dirabench.reports.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.stats.BaselineComparison;
import org.dirabench.reports.stats.CellKey;
import org.dirabench.reports.stats.CellSummary;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractAnnotation;
import org.jfree.chart.annotations.CategoryAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;

/**
 * The paper's "with/without DiRA" chart for one task: grouped bars of mean ± std (percent) per baseline and its DiRA
 * variant(s), a random-init bar, and over each baseline/DiRA pair a bracket with the significance mark of the
 * t-test ({@link BaselineComparison}); "n/a" marks a pair that could not be tested.
 */
public final class SignificanceBarChart {
    static final String RANDOM_KEY = "Random init";
    private static final double ITEM_MARGIN = 0.06;
    private static final double CATEGORY_MARGIN = 0.25;

    private SignificanceBarChart() {
    }

    /**
     * @param name file stem
     * @param title chart title
     * @param subtitle line under the title (scale, data, label fraction)
     * @param metricLabel range-axis label, e.g. "AUC (%)"
     * @param cells the cells of one task, metric, scale, label fraction and data source
     * @param comparisons the comparison of a DiRA cell with its baseline
     * @param caption caption under the figure
     * @return the figure
     */
    public static ChartFigure create(String name, String title, String subtitle, String metricLabel,
            List<CellSummary> cells, Function<CellKey, BaselineComparison> comparisons, String caption) {
        Set<String> variants = new LinkedHashSet<>();
        Set<String> categories = new LinkedHashSet<>();
        boolean hasRandom = false;
        for (CellSummary c : cells) {
            if ("random_init".equals(c.key().method())) {
                hasRandom = true;
            }
        }
        if (hasRandom) {
            categories.add(RANDOM_KEY);
        }
        List<CellSummary> sorted = new ArrayList<>(cells);
        sorted.sort(java.util.Comparator.comparing(CellSummary::key));
        for (String d : DisplayNames.DIRA_ORDER) {
            for (CellSummary c : sorted) {
                if (!"random_init".equals(c.key().method()) && c.key().dira().equals(d)) {
                    variants.add(d);
                }
            }
        }
        for (CellSummary c : sorted) {
            if (!"random_init".equals(c.key().method())) {
                variants.add(c.key().dira());
                categories.add(DisplayNames.baseline(c.key().method()));
            }
        }
        DefaultStatisticalCategoryDataset bars = new DefaultStatisticalCategoryDataset();
        DefaultStatisticalCategoryDataset random = new DefaultStatisticalCategoryDataset();
        for (String v : variants) {
            for (String cat : categories) {
                bars.add((Number) null, null, seriesName(v), cat);
            }
        }
        for (String cat : categories) {
            random.add((Number) null, null, RANDOM_KEY, cat);
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
            if ("random_init".equals(c.key().method())) {
                random.add((Number) m, s, RANDOM_KEY, RANDOM_KEY);
            } else {
                bars.add((Number) m, s, seriesName(c.key().dira()), DisplayNames.baseline(c.key().method()));
            }
        }
        if (lo == Double.POSITIVE_INFINITY) {
            lo = 0;
            hi = 100;
        }
        double span = Math.max(hi - lo, 1.0);
        int levels = Math.max(1, variants.size() - (variants.contains(ResultRow.NO_DIRA) ? 1 : 0));
        double lower = Math.max(0, Math.floor(lo - 0.25 * span));
        double step = 0.14 * span;
        double upper = hi + step * (levels + 0.6);

        CategoryAxis xAxis = new CategoryAxis(null);
        xAxis.setCategoryMargin(CATEGORY_MARGIN);
        xAxis.setLowerMargin(0.04);
        xAxis.setUpperMargin(0.04);
        NumberAxis yAxis = new NumberAxis(metricLabel);
        yAxis.setRange(lower, upper);
        yAxis.setAutoRangeIncludesZero(false);

        StatisticalBarRenderer r0 = renderer();
        int i = 0;
        for (String v : variants) {
            r0.setSeriesPaint(i++, ChartStyle.variant(v));
        }
        r0.setItemMargin(ITEM_MARGIN);
        StatisticalBarRenderer r1 = renderer();
        r1.setSeriesPaint(0, ChartStyle.RANDOM);
        // One random-init bar as wide as one bar of the groups.
        double usable = 1 - CATEGORY_MARGIN - 0.08;
        double groupBar = usable / Math.max(1, categories.size()) * (1 - ITEM_MARGIN) / Math.max(1, variants.size());
        r1.setMaximumBarWidth(groupBar);

        CategoryPlot plot = new CategoryPlot(bars, xAxis, yAxis, r0);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDataset(1, random);
        plot.setRenderer(1, r1);
        plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
        for (CellSummary c : sorted) {
            if (!c.key().isDira()) {
                continue;
            }
            BaselineComparison cmp = comparisons.apply(c.key());
            String category = DisplayNames.baseline(c.key().method());
            double top = Double.NEGATIVE_INFINITY;
            for (CellSummary o : sorted) {
                if (o.key().method().equals(c.key().method()) && o.n() > 0) {
                    top = Math.max(top, 100 * (o.mean() + o.std().orElse(0)));
                }
            }
            if (top == Double.NEGATIVE_INFINITY || cmp == null || cmp.baseline() == null) {
                continue;
            }
            int level = new ArrayList<>(variants).indexOf(c.key().dira())
                    - (variants.contains(ResultRow.NO_DIRA) ? 1 : 0);
            double y = top + step * (0.35 + level);
            String text = cmp.testable() ? cmp.mark().mark() : "n/a";
            plot.addAnnotation(new Bracket(bars, category, seriesName(ResultRow.NO_DIRA),
                    seriesName(c.key().dira()), y, step * 0.18, text));
        }
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        chart.addSubtitle(new TextTitle(subtitle));
        ChartStyle.apply(chart);
        int width = Math.max(560, 150 + 150 * categories.size());
        return new ChartFigure(name, chart, width, 440, caption,
                "Bar chart of " + metricLabel + " per method with and without DiRA, with significance marks");
    }

    /** @return the legend name of a variant's series */
    static String seriesName(String dira) {
        return switch (dira) {
            case ResultRow.NO_DIRA -> "without DiRA";
            case "dis+res+adv" -> "with DiRA (dis+res+adv)";
            default -> "DiRA " + dira;
        };
    }

    private static StatisticalBarRenderer renderer() {
        StatisticalBarRenderer r = new StatisticalBarRenderer();
        r.setBarPainter(new StandardBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(false);
        r.setErrorIndicatorPaint(new Color(0x333333));
        r.setErrorIndicatorStroke(new BasicStroke(1.2f));
        r.setDefaultItemLabelsVisible(false);
        return r;
    }

    /** A bracket from the baseline bar to a DiRA bar of one category with a mark above it. */
    private static final class Bracket extends AbstractAnnotation implements CategoryAnnotation {
        private static final long serialVersionUID = 1L;
        private final transient DefaultStatisticalCategoryDataset dataset;
        private final String category;
        private final String from;
        private final String to;
        private final double y;
        private final double tick;
        private final String text;

        Bracket(DefaultStatisticalCategoryDataset dataset, String category, String from, String to, double y,
                double tick, String text) {
            this.dataset = dataset;
            this.category = category;
            this.from = from;
            this.to = to;
            this.y = y;
            this.tick = tick;
            this.text = text;
        }

        @Override
        public void draw(Graphics2D g2, CategoryPlot plot, Rectangle2D dataArea, CategoryAxis domainAxis,
                ValueAxis rangeAxis) {
            RectangleEdge xEdge = plot.getDomainAxisEdge();
            RectangleEdge yEdge = plot.getRangeAxisEdge();
            double x1 = domainAxis.getCategorySeriesMiddle(category, from, dataset, ITEM_MARGIN, dataArea, xEdge);
            double x2 = domainAxis.getCategorySeriesMiddle(category, to, dataset, ITEM_MARGIN, dataArea, xEdge);
            double yy = rangeAxis.valueToJava2D(y, dataArea, yEdge);
            double yt = rangeAxis.valueToJava2D(y - tick, dataArea, yEdge);
            g2.setPaint(ChartStyle.INK);
            g2.setStroke(new BasicStroke(1.1f));
            g2.draw(new Line2D.Double(x1, yt, x1, yy));
            g2.draw(new Line2D.Double(x1, yy, x2, yy));
            g2.draw(new Line2D.Double(x2, yy, x2, yt));
            g2.setFont(ChartStyle.MARK);
            FontMetrics fm = g2.getFontMetrics();
            float tx = (float) ((x1 + x2) / 2 - fm.stringWidth(text) / 2.0);
            g2.drawString(text, tx, (float) (yy - 4));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "Bracket[%s %s→%s %s]", category, from, to, text);
        }
    }
}
