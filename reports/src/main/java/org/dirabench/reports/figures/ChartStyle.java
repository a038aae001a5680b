package org.dirabench.reports.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.util.Map;
import org.dirabench.reports.results.ResultRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * The look shared by all charts: white background, light grid, sans-serif fonts, the colour-blind-safe palette of
 * seaborn's "deep" set (blue = baseline, orange = DiRA, green = DiRA without the adversarial term, gray = random
 * init).
 */
public final class ChartStyle {
    /** Base font family (DejaVu Sans through fontconfig on Debian). */
    public static final String FONT = Font.SANS_SERIF;
    /** Title font. */
    public static final Font TITLE = new Font(FONT, Font.BOLD, 15);
    /** Subtitle font. */
    public static final Font SUBTITLE = new Font(FONT, Font.PLAIN, 11);
    /** Axis label font. */
    public static final Font AXIS_LABEL = new Font(FONT, Font.PLAIN, 12);
    /** Tick label font. */
    public static final Font TICK = new Font(FONT, Font.PLAIN, 11);
    /** Legend font. */
    public static final Font LEGEND = new Font(FONT, Font.PLAIN, 12);
    /** Significance-mark font. */
    public static final Font MARK = new Font(FONT, Font.BOLD, 13);

    /** Gray of random init. */
    public static final Color RANDOM = new Color(0x8C8C8C);
    /** Dark text. */
    public static final Color INK = new Color(0x222222);
    private static final Color GRID = new Color(0xDDDDDD);

    private static final Map<String, Color> VARIANT = Map.of(ResultRow.NO_DIRA, new Color(0x4C72B0), "dis+res",
            new Color(0x55A868), "dis+res+adv", new Color(0xDD8452));
    private static final Map<String, Color> FAMILY = Map.of("random_init", RANDOM, "moco_v2", new Color(0x4C72B0),
            "barlow_twins", new Color(0x8172B3), "simsiam", new Color(0xC44E52), "transvw", new Color(0x937860));

    private ChartStyle() {
    }

    /** @return the colour of a DiRA variant (baseline blue, DiRA orange, dis+res green) */
    public static Paint variant(String dira) {
        return VARIANT.getOrDefault(dira, new Color(0x64B5CD));
    }

    /** @return the colour of a method family, for line charts */
    public static Paint family(String method) {
        return FAMILY.getOrDefault(method, new Color(0xDA8BC3));
    }

    /** @return the line stroke of a DiRA variant: dashed baseline, solid DiRA, dotted dis+res */
    public static Stroke variantStroke(String dira) {
        return switch (dira) {
            case ResultRow.NO_DIRA -> new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {7f, 4f}, 0f);
            case "dis+res" -> new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f,
                    new float[] {1.5f, 4f}, 0f);
            default -> new BasicStroke(2.2f);
        };
    }

    /**
     * Applies the shared look to a chart.
     *
     * @param chart the chart
     * @return the chart
     */
    public static JFreeChart apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 8));
        if (chart.getTitle() != null) {
            chart.getTitle().setFont(TITLE);
            chart.getTitle().setPaint(INK);
        }
        for (Object t : chart.getSubtitles()) {
            if (t instanceof TextTitle tt) {
                tt.setFont(SUBTITLE);
                tt.setPaint(new Color(0x555555));
            }
            if (t instanceof LegendTitle lt) {
                lt.setItemFont(LEGEND);
                lt.setFrame(BlockBorder.NONE);
                lt.setPosition(RectangleEdge.BOTTOM);
                lt.setBackgroundPaint(Color.WHITE);
            }
        }
        style(chart.getPlot());
        return chart;
    }

    /**
     * Styles a plot (and its axes).
     *
     * @param plot a category or XY plot
     */
    public static void style(Plot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(GRID);
            cp.setRangeGridlineStroke(new BasicStroke(1f));
            cp.setDomainGridlinesVisible(false);
            axis(cp.getDomainAxis());
            axis(cp.getRangeAxis());
        } else if (plot instanceof XYPlot xp) {
            xp.setRangeGridlinePaint(GRID);
            xp.setDomainGridlinePaint(GRID);
            xp.setRangeGridlineStroke(new BasicStroke(1f));
            xp.setDomainGridlineStroke(new BasicStroke(1f));
            axis(xp.getDomainAxis());
            axis(xp.getRangeAxis());
        }
    }

    private static void axis(Axis a) {
        if (a == null) {
            return;
        }
        a.setLabelFont(AXIS_LABEL);
        a.setLabelPaint(INK);
        a.setTickLabelFont(TICK);
        a.setTickLabelPaint(INK);
        a.setAxisLinePaint(new Color(0x888888));
    }
}
