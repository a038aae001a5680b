package org.dirabench.datasets.image;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Pillow's {@code Image.rotate(angle, resample=NEAREST, expand=False, center=None, fillcolor=0)}: the call torchvision's
 * {@code RandomRotation(degrees)} makes on PIL images with its defaults (BTL dataloader.py, fine-tuning views).
 *
 * <p>The angle is taken modulo 360; 0, 180 and (for square images) 90 and 270 degrees are exact transpositions as in
 * Pillow's fast paths. Otherwise each output pixel centre {@code (x+0.5, y+0.5)} is mapped through the inverse
 * rotation about {@code (w/2, h/2)} (matrix entries rounded to 15 decimals as Pillow does), the input pixel containing
 * the mapped point is taken, and points outside the image give 0.
 */
final class Rotation {
    private Rotation() {
    }

    static Image2d nearest(Image2d src, double degrees) {
        double angle = ((degrees % 360.0) + 360.0) % 360.0;
        int c = src.channels();
        int h = src.height();
        int w = src.width();
        float[] in = src.data();
        if (angle == 0) {
            return src.copy();
        }
        if (angle == 180 || ((angle == 90 || angle == 270) && w == h)) {
            float[] out = new float[in.length];
            for (int ch = 0; ch < c; ch++) {
                int p = ch * h * w;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sy;
                        int sx;
                        if (angle == 180) {
                            sy = h - 1 - y;
                            sx = w - 1 - x;
                        } else if (angle == 90) { // counter-clockwise
                            sy = x;
                            sx = w - 1 - y;
                        } else {
                            sy = h - 1 - x;
                            sx = y;
                        }
                        out[p + y * w + x] = in[p + sy * w + sx];
                    }
                }
            }
            return new Image2d(c, h, w, out);
        }
        double rad = -Math.toRadians(angle);
        double a = round15(Math.cos(rad));
        double b = round15(Math.sin(rad));
        double d = round15(-Math.sin(rad));
        double e = round15(Math.cos(rad));
        double cx = w / 2.0;
        double cy = h / 2.0;
        double tx = a * -cx + b * -cy + cx;
        double ty = d * -cx + e * -cy + cy;
        float[] out = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double xin = a * (x + 0.5) + b * (y + 0.5) + tx;
                double yin = d * (x + 0.5) + e * (y + 0.5) + ty;
                int xi = xin < 0 ? -1 : (int) xin;
                int yi = yin < 0 ? -1 : (int) yin;
                if (xi < 0 || yi < 0 || xi >= w || yi >= h) {
                    continue;
                }
                for (int ch = 0; ch < c; ch++) {
                    out[(ch * h + y) * w + x] = in[(ch * h + yi) * w + xi];
                }
            }
        }
        return new Image2d(c, h, w, out);
    }

    /** Python's {@code round(v, 15)}: correctly rounded, half to even. */
    private static double round15(double v) {
        return new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN).doubleValue();
    }
}
