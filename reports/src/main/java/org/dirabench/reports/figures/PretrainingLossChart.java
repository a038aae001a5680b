package org.dirabench.reports.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dirabench.reports.run.Curves;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The loss terms of one pretraining job against the optimisation step: one panel (and line) per {@code loss_*}
 * column of its {@code curves.csv} (panels share the step axis because the terms differ in scale by orders of
 * magnitude), with the start of the DiRA adversarial stage marked. Long logs are averaged over bins of consecutive
 * steps (the caption says how many).
 */
public final class PretrainingLossChart {
    /** Most points drawn per line. */
    public static final int MAX_POINTS = 1500;
    private static final Color[] COLORS = {new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868),
        new Color(0xC44E52), new Color(0x8172B3), new Color(0x937860)};

    private PretrainingLossChart() {
    }

    /**
     * @param name file stem
     * @param title title
     * @param subtitle line under the title
     * @param curves the job's curves; must have at least one {@code loss_*} column or a {@code loss} column
     * @param caption caption (the bin size is appended when the log was averaged)
     * @return the figure
     * @throws IllegalArgumentException when there is no loss column
     */
    public static ChartFigure create(String name, String title, String subtitle, Curves curves, String caption) {
        List<String> terms = new ArrayList<>(curves.lossTerms());
        if (terms.isEmpty() && curves.has("loss")) {
            terms.add("loss");
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException(curves.file() + " has no loss column");
        }
        double[] step = curves.has("step") ? curves.column("step") : index(curves.rows());
        double stage2 = Double.NaN;
        if (curves.has("stage")) {
            double[] stage = curves.column("stage");
            for (int i = 0; i < stage.length; i++) {
                if (stage[i] >= 2) {
                    stage2 = step[i];
                    break;
                }
            }
        }
        NumberAxis x = new NumberAxis("optimisation step");
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(8);
        for (int t = 0; t < terms.size(); t++) {
            String term = terms.get(t);
            double[][] xy = Downsample.binMeans(step, curves.column(term), MAX_POINTS);
            XYSeries s = new XYSeries(term, false, true);
            for (int i = 0; i < xy[0].length; i++) {
                s.add(xy[0][i], Double.isNaN(xy[1][i]) ? null : xy[1][i]);
            }
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, COLORS[t % COLORS.length]);
            r.setSeriesStroke(0, new BasicStroke(1.6f));
            NumberAxis y = new NumberAxis(term);
            y.setAutoRangeIncludesZero(false);
            XYPlot sub = new XYPlot(new XYSeriesCollection(s), null, y, r);
            ChartStyle.style(sub);
            if (!Double.isNaN(stage2)) {
                ValueMarker m = new ValueMarker(stage2, new Color(0x999999), new BasicStroke(1f,
                        BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 3f}, 0f));
                if (t == 0) {
                    m.setLabel("stage 2 (adversarial)");
                    m.setLabelFont(ChartStyle.SUBTITLE);
                    m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
                    m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
                }
                sub.addDomainMarker(m);
            }
            plot.add(sub, 1);
        }
        ChartStyle.style(plot);
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, false);
        chart.addSubtitle(new TextTitle(subtitle));
        ChartStyle.apply(chart);
        int bin = Downsample.binSize(step.length, MAX_POINTS);
        String cap = bin > 1 ? caption + String.format(Locale.ROOT,
                " Lines are means over bins of %d consecutive steps (%d steps logged).", bin, step.length) : caption;
        return new ChartFigure(name, chart, 720, Math.max(380, 150 + 150 * terms.size()), cap,
                "Pretraining loss terms " + String.join(", ", terms) + " against the optimisation step");
    }

    private static double[] index(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = i;
        }
        return d;
    }
}
