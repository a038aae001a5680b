package org.dirabench.reports.figures;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * A figure of the report, drawn once through Java2D and written as PNG and SVG by {@link FigureWriter}.
 */
public interface Figure {
    /** @return the file stem, unique within a report (letters, digits, '-', '_') */
    String name();

    /** @return the logical width in CSS pixels */
    int width();

    /** @return the logical height in CSS pixels */
    int height();

    /** @return what the figure shows, printed under it */
    String caption();

    /** @return a short text alternative for the image */
    String alt();

    /**
     * Draws the figure.
     *
     * @param g2 the target; its transform maps logical pixels to the device
     * @param area the area to fill, in logical pixels
     */
    void draw(Graphics2D g2, Rectangle2D area);
}
