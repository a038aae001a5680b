package org.dirabench.datasets.views;

import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;

/**
 * torchvision's {@code RandomResizedCrop(size, scale, ratio, BILINEAR)}: a random window of random area fraction and
 * aspect ratio, resized to {@code size × size}.
 *
 * <p>{@link #draw} follows {@code RandomResizedCrop.get_params}: up to 10 tries of area fraction ~ U[scale) and
 * aspect ratio {@code exp(U[log r0, log r1))}, {@code w = round(sqrt(A·ratio))}, {@code h = round(sqrt(A/ratio))}
 * (Python's round, half to even); the first window that fits gets a uniform position. When none fits, the fallback
 * is torchvision's: a centred crop of the whole image clamped to the ratio range. {@link #apply} crops and resizes
 * with Pillow's bilinear filter ({@link Image2d#resize}).
 *
 * <p>DiRA pretraining: {@code RandomResizedCrop(224, scale=(0.2, 1.0))} (DIRA transformation.py:L64-L65);
 * fine-tuning: {@code RandomResizedCrop(224)} with the default scale (0.08, 1.0) (BTL dataloader.py, REFERENCE.md §3.1).
 */
public final class RandomResizedCrop {
    /** torchvision's default ratio range, 3/4 to 4/3. */
    public static final double RATIO_MIN = 3.0 / 4.0;
    /** Upper end of the default ratio range. */
    public static final double RATIO_MAX = 4.0 / 3.0;
    private static final int TRIES = 10;

    private final int size;
    private final double scaleMin;
    private final double scaleMax;
    private final double ratioMin;
    private final double ratioMax;

    /**
     * A drawn crop window in input pixels (before resizing).
     *
     * @param top first row
     * @param left first column
     * @param height rows, ≥ 1
     * @param width columns, ≥ 1
     */
    public record Params(int top, int left, int height, int width) {
    }

    /**
     * @param size output side S in pixels
     * @param scaleMin lower bound of the area fraction
     * @param scaleMax upper bound of the area fraction
     * @param ratioMin lower bound of the aspect ratio w/h
     * @param ratioMax upper bound of the aspect ratio
     * @throws IllegalArgumentException for a size below 1 or empty / invalid ranges
     */
    public RandomResizedCrop(int size, double scaleMin, double scaleMax, double ratioMin, double ratioMax) {
        if (size < 1 || !(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1) || !(ratioMin > 0
                && ratioMin <= ratioMax)) {
            throw new IllegalArgumentException("RandomResizedCrop(" + size + ", scale " + scaleMin + ".." + scaleMax
                    + ", ratio " + ratioMin + ".." + ratioMax + ") is invalid");
        }
        this.size = size;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.ratioMin = ratioMin;
        this.ratioMax = ratioMax;
    }

    /** @return DiRA's pretraining crop: scale (0.2, 1), ratio (3/4, 4/3) */
    public static RandomResizedCrop dira(int size) {
        return new RandomResizedCrop(size, 0.2, 1.0, RATIO_MIN, RATIO_MAX);
    }

    /** @return torchvision's default (BTL fine-tuning): scale (0.08, 1), ratio (3/4, 4/3) */
    public static RandomResizedCrop torchvisionDefault(int size) {
        return new RandomResizedCrop(size, 0.08, 1.0, RATIO_MIN, RATIO_MAX);
    }

    /** @return the output side S in pixels */
    public int size() {
        return size;
    }

    /**
     * @param rng the generator
     * @param height input image height in pixels
     * @param width input image width in pixels
     * @return a window that lies inside the image
     */
    public Params draw(RandomGenerator rng, int height, int width) {
        double area = (double) height * width;
        double logMin = Math.log(ratioMin);
        double logMax = Math.log(ratioMax);
        for (int t = 0; t < TRIES; t++) {
            double target = area * uniform(rng, scaleMin, scaleMax);
            double aspect = Math.exp(uniform(rng, logMin, logMax));
            int w = (int) Math.rint(Math.sqrt(target * aspect));
            int h = (int) Math.rint(Math.sqrt(target / aspect));
            if (w > 0 && w <= width && h > 0 && h <= height) {
                int i = rng.nextInt(height - h + 1);
                int j = rng.nextInt(width - w + 1);
                return new Params(i, j, h, w);
            }
        }
        double inRatio = (double) width / height;
        int w;
        int h;
        if (inRatio < ratioMin) {
            w = width;
            h = (int) Math.rint(w / ratioMin);
        } else if (inRatio > ratioMax) {
            h = height;
            w = (int) Math.rint(h * ratioMax);
        } else {
            w = width;
            h = height;
        }
        return new Params((height - h) / 2, (width - w) / 2, h, w);
    }

    /**
     * @param img the input image [C, H, W]
     * @param p a window drawn for an image of this size
     * @return the window resized to [C, S, S]
     */
    public Image2d apply(Image2d img, Params p) {
        return img.crop(p.top(), p.left(), p.height(), p.width()).resize(size, size);
    }

    private static double uniform(RandomGenerator rng, double a, double b) {
        return a == b ? a : rng.nextDouble(a, b);
    }
}
