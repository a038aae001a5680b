package org.dirabench.reports.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dirabench.reports.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a {@link Figure} as a PNG (at twice its logical size, for sharp text on high-density screens) and as an SVG
 * (JFreeSVG), each atomically. Output is deterministic: the same figure gives the same bytes.
 */
public final class FigureWriter {
    /** Device pixels per logical pixel in the PNG. */
    public static final int PNG_SCALE = 2;

    /**
     * Where a figure was written.
     *
     * @param figure the figure
     * @param png the PNG file
     * @param svg the SVG file
     */
    public record Written(Figure figure, Path png, Path svg) {
    }

    private FigureWriter() {
    }

    /**
     * @param figure the figure
     * @param dir the folder to write {@code <name>.png} and {@code <name>.svg} into
     * @return the files written
     * @throws IOException when a file cannot be written
     */
    public static Written write(Figure figure, Path dir) throws IOException {
        Path png = dir.resolve(figure.name() + ".png");
        Path svg = dir.resolve(figure.name() + ".svg");
        AtomicFiles.write(png, png(figure));
        AtomicFiles.write(svg, svg(figure).getBytes(StandardCharsets.UTF_8));
        return new Written(figure, png, svg);
    }

    /**
     * @param figure the figure
     * @return PNG bytes, {@link #PNG_SCALE} × the logical size, white background
     * @throws IOException when encoding fails
     */
    public static byte[] png(Figure figure) throws IOException {
        BufferedImage img = new BufferedImage(figure.width() * PNG_SCALE, figure.height() * PNG_SCALE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, img.getWidth(), img.getHeight());
            g2.scale(PNG_SCALE, PNG_SCALE);
            figure.draw(g2, new Rectangle2D.Double(0, 0, figure.width(), figure.height()));
        } finally {
            g2.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return out.toByteArray();
    }

    /**
     * @param figure the figure
     * @return a standalone SVG document
     */
    public static String svg(Figure figure) {
        SVGGraphics2D g2 = new SVGGraphics2D(figure.width(), figure.height());
        // The default prefix is derived from System.nanoTime(); fix it so the output is reproducible.
        g2.setDefsKeyPrefix("dira-" + figure.name());
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, figure.width(), figure.height());
        figure.draw(g2, new Rectangle2D.Double(0, 0, figure.width(), figure.height()));
        return g2.getSVGDocument();
    }
}
