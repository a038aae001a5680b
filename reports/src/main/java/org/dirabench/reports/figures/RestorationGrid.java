package org.dirabench.reports.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dirabench.reports.run.RestorationExample;

/**
 * A grid of restoration examples saved by one DiRA pretraining job: one row per example, columns input (the
 * restoration target), distorted (what the network saw) and restored (its output). Images are enlarged with
 * nearest-neighbour sampling, so every pixel stays visible; a missing or unreadable image is drawn as a labelled
 * empty box.
 */
public final class RestorationGrid implements Figure {
    /** Most examples shown. */
    public static final int MAX_ROWS = 6;
    private static final String[] HEADINGS = {"input (target)", "distorted (network input)", "restored (output)"};
    private static final int CELL = 150;
    private static final int GAP = 12;
    private static final int LEFT = 92;
    private static final int TOP = 58;

    private final String name;
    private final String title;
    private final String caption;
    private final List<BufferedImage[]> rows;
    private final List<Integer> indices;

    private RestorationGrid(String name, String title, String caption, List<BufferedImage[]> rows,
            List<Integer> indices) {
        this.name = name;
        this.title = title;
        this.caption = caption;
        this.rows = rows;
        this.indices = indices;
    }

    /**
     * @param name file stem
     * @param title title drawn above the grid
     * @param examples the job's examples (the first {@link #MAX_ROWS} are shown)
     * @param caption caption
     * @return the figure
     */
    public static RestorationGrid create(String name, String title, List<RestorationExample> examples,
            String caption) {
        List<BufferedImage[]> rows = new ArrayList<>();
        List<Integer> idx = new ArrayList<>();
        for (RestorationExample e : examples.subList(0, Math.min(MAX_ROWS, examples.size()))) {
            rows.add(new BufferedImage[] {read(e.input()), read(e.distorted()), read(e.restored())});
            idx.add(e.index());
        }
        String cap = examples.size() > MAX_ROWS ? caption + " First " + MAX_ROWS + " of " + examples.size()
                + " examples." : caption;
        return new RestorationGrid(name, title, cap, rows, idx);
    }

    private static BufferedImage read(Path p) {
        if (p == null) {
            return null;
        }
        try {
            return ImageIO.read(p.toFile());
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int width() {
        return LEFT + 3 * CELL + 2 * GAP + 20;
    }

    @Override
    public int height() {
        return TOP + rows.size() * (CELL + GAP) + 10;
    }

    @Override
    public String caption() {
        return caption;
    }

    @Override
    public String alt() {
        return "Restoration examples: input, distorted and restored images side by side";
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area) {
        g2.translate(area.getX(), area.getY());
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, width(), height());
        g2.setColor(ChartStyle.INK);
        g2.setFont(ChartStyle.TITLE);
        g2.drawString(title, 10, 20);
        g2.setFont(new Font(ChartStyle.FONT, Font.BOLD, 12));
        FontMetrics fm = g2.getFontMetrics();
        for (int c = 0; c < 3; c++) {
            int x = LEFT + c * (CELL + GAP);
            g2.drawString(HEADINGS[c], x + (CELL - fm.stringWidth(HEADINGS[c])) / 2, TOP - 10);
        }
        g2.setFont(ChartStyle.AXIS_LABEL);
        for (int r = 0; r < rows.size(); r++) {
            int y = TOP + r * (CELL + GAP);
            g2.setColor(ChartStyle.INK);
            g2.drawString("example " + indices.get(r), 8, y + CELL / 2 + 4);
            for (int c = 0; c < 3; c++) {
                int x = LEFT + c * (CELL + GAP);
                BufferedImage img = rows.get(r)[c];
                if (img == null) {
                    g2.setColor(new Color(0xF2F2F2));
                    g2.fillRect(x, y, CELL, CELL);
                    g2.setColor(new Color(0xAA3333));
                    g2.drawString("missing", x + CELL / 2 - 22, y + CELL / 2 + 4);
                } else {
                    double s = Math.min((double) CELL / img.getWidth(), (double) CELL / img.getHeight());
                    int w = (int) Math.round(img.getWidth() * s);
                    int h = (int) Math.round(img.getHeight() * s);
                    g2.drawImage(img, x + (CELL - w) / 2, y + (CELL - h) / 2, w, h, null);
                }
                g2.setColor(new Color(0xBBBBBB));
                g2.drawRect(x, y, CELL, CELL);
            }
        }
        g2.translate(-area.getX(), -area.getY());
    }
}
