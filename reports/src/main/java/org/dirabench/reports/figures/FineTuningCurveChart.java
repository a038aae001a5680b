package org.dirabench.reports.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.run.Curves;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Fine-tuning curves of one task: validation metric (top, percent) and training / validation loss (bottom) against
 * the epoch, one line per fine-tuning job, coloured by method variant (all seeds of a variant share its colour).
 */
public final class FineTuningCurveChart {
    private static final BasicStroke SOLID = new BasicStroke(1.5f);
    private static final BasicStroke DASHED = new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {5f, 3f}, 0f);

    /**
     * One fine-tuning job's curves.
     *
     * @param method method id
     * @param dira DiRA variant
     * @param seed fine-tuning seed
     * @param curves its {@code curves.csv}
     */
    public record Job(String method, String dira, long seed, Curves curves) {
    }

    private FineTuningCurveChart() {
    }

    /**
     * @param name file stem
     * @param title title
     * @param subtitle line under the title
     * @param metricLabel label of the validation metric, e.g. "val AUC (%)"
     * @param jobs the jobs, in legend order
     * @param caption caption
     * @return the figure
     */
    public static ChartFigure create(String name, String title, String subtitle, String metricLabel, List<Job> jobs,
            String caption) {
        Map<String, Paint> variantPaint = new LinkedHashMap<>();
        XYSeriesCollection metric = new XYSeriesCollection();
        XYSeriesCollection loss = new XYSeriesCollection();
        XYLineAndShapeRenderer rm = new XYLineAndShapeRenderer(true, false);
        XYLineAndShapeRenderer rl = new XYLineAndShapeRenderer(true, false);
        List<Color> palette = palette();
        for (Job j : jobs) {
            String variant = DisplayNames.method(j.method(), j.dira());
            Paint p = variantPaint.computeIfAbsent(variant, v -> palette.get(variantPaint.size() % palette.size()));
            Curves c = j.curves();
            double[] epoch = c.has("epoch") ? c.column("epoch") : null;
            if (epoch == null) {
                continue;
            }
            String key = variant + " seed " + j.seed();
            if (c.has("val_metric")) {
                int i = metric.getSeriesCount();
                metric.addSeries(series(key, epoch, c.column("val_metric"), 100));
                rm.setSeriesPaint(i, p);
                rm.setSeriesStroke(i, SOLID);
            }
            for (String col : new String[] {"train_loss", "val_loss"}) {
                if (c.has(col)) {
                    int i = loss.getSeriesCount();
                    loss.addSeries(series(key + " " + col, epoch, c.column(col), 1));
                    rl.setSeriesPaint(i, p);
                    rl.setSeriesStroke(i, col.equals("val_loss") ? SOLID : DASHED);
                }
            }
        }
        NumberAxis x = new NumberAxis("epoch");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(10);
        NumberAxis ym = new NumberAxis(metricLabel);
        ym.setAutoRangeIncludesZero(false);
        XYPlot top = new XYPlot(metric, null, ym, rm);
        ChartStyle.style(top);
        NumberAxis yl = new NumberAxis("loss");
        yl.setAutoRangeIncludesZero(false);
        XYPlot bottom = new XYPlot(loss, null, yl, rl);
        ChartStyle.style(bottom);
        plot.add(top, 1);
        plot.add(bottom, 1);
        LegendItemCollection legend = new LegendItemCollection();
        variantPaint.forEach((v, p) -> legend.add(line(v, p, SOLID)));
        legend.add(line("train loss (dashed)", Color.DARK_GRAY, DASHED));
        legend.add(line("val loss (solid)", Color.DARK_GRAY, SOLID));
        plot.setFixedLegendItems(legend);
        ChartStyle.style(plot);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, true);
        chart.addSubtitle(new TextTitle(subtitle));
        ChartStyle.apply(chart);
        return new ChartFigure(name, chart, 720, 520, caption,
                "Validation metric and losses against the epoch for each fine-tuning job");
    }

    private static LegendItem line(String label, Paint p, BasicStroke s) {
        LegendItem li = new LegendItem(label, null, null, null, new Line2D.Double(-9, 0, 9, 0), s, p);
        li.setLabelFont(ChartStyle.LEGEND);
        return li;
    }

    private static XYSeries series(String key, double[] x, double[] y, double scale) {
        XYSeries s = new XYSeries(key, false, true);
        for (int i = 0; i < x.length; i++) {
            s.add(x[i], Double.isNaN(y[i]) ? null : y[i] * scale);
        }
        return s;
    }

    private static List<Color> palette() {
        List<Color> l = new ArrayList<>();
        for (int rgb : new int[] {0x8C8C8C, 0x4C72B0, 0xDD8452, 0x55A868, 0xC44E52, 0x8172B3, 0x937860, 0xDA8BC3,
            0xCCB974, 0x64B5CD}) {
            l.add(new Color(rgb));
        }
        return l;
    }
}
