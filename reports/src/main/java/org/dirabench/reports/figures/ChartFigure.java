package org.dirabench.reports.figures;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.JFreeChart;

/**
 * A {@link Figure} backed by a JFreeChart chart.
 *
 * @param name file stem
 * @param chart the chart
 * @param width logical width, px
 * @param height logical height, px
 * @param caption caption
 * @param alt text alternative
 */
public record ChartFigure(String name, JFreeChart chart, int width, int height, String caption, String alt)
        implements Figure {
    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        chart.draw(g2, area);
    }
}
