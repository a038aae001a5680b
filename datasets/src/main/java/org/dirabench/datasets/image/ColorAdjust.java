package org.dirabench.datasets.image;

/**
 * The four colour adjustments of torchvision's {@code ColorJitter} ({@code torchvision.transforms.functional}
 * {@code adjust_brightness}, {@code adjust_contrast}, {@code adjust_saturation}, {@code adjust_hue}), in float on
 * images in [0, 1].
 *
 * <p>Semantics are torchvision's tensor path, with Pillow's luma weights (0.299, 0.587, 0.114; DiRA's pipeline runs
 * on PIL images, whose {@code ImageEnhance} uses {@code convert('L')}):
 * <ul>
 *   <li>brightness f: {@code clamp(f·x)};</li>
 *   <li>contrast f: {@code clamp(f·x + (1−f)·m)}, m = mean of the gray image (Pillow rounds m to an integer level;
 *       this keeps it exact);</li>
 *   <li>saturation f: {@code clamp(f·x + (1−f)·gray(x))} per pixel;</li>
 *   <li>hue h ∈ [−0.5, 0.5]: RGB → HSV, {@code H ← (H + h) mod 1}, HSV → RGB.</li>
 * </ul>
 * A 1-channel image stands for a gray-replicated RGB image (see {@link Image2d}); saturation and hue leave such an
 * image unchanged exactly (its gray image is itself; its HSV saturation is 0), so they return it as is. On 3-channel
 * images they are computed in full. {@code clamp} is to [0, 1].
 */
public final class ColorAdjust {
    private ColorAdjust() {
    }

    /**
     * @param img image in [0, 1]
     * @param factor brightness factor, ≥ 0 (1 = unchanged, 0 = black)
     * @return {@code clamp(factor·img)}
     */
    public static Image2d brightness(Image2d img, double factor) {
        float[] in = img.data();
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = clamp(factor * in[i]);
        }
        return new Image2d(img.channels(), img.height(), img.width(), out);
    }

    /**
     * @param img image in [0, 1] with 1 or 3 channels
     * @param factor contrast factor, ≥ 0 (1 = unchanged, 0 = uniform gray at the mean)
     * @return {@code clamp(factor·img + (1−factor)·mean(gray(img)))}
     */
    public static Image2d contrast(Image2d img, double factor) {
        double mean = img.gray().mean();
        float[] in = img.data();
        float[] out = new float[in.length];
        double offset = (1 - factor) * mean;
        for (int i = 0; i < in.length; i++) {
            out[i] = clamp(factor * in[i] + offset);
        }
        return new Image2d(img.channels(), img.height(), img.width(), out);
    }

    /**
     * @param img image in [0, 1] with 1 or 3 channels
     * @param factor saturation factor, ≥ 0 (1 = unchanged, 0 = gray)
     * @return {@code clamp(factor·img + (1−factor)·gray(img))}; a 1-channel image unchanged
     */
    public static Image2d saturation(Image2d img, double factor) {
        if (img.channels() == 1) {
            return img;
        }
        requireRgb(img);
        float[] gray = img.gray().data();
        float[] in = img.data();
        float[] out = new float[in.length];
        int n = gray.length;
        for (int i = 0; i < in.length; i++) {
            out[i] = clamp(factor * in[i] + (1 - factor) * gray[i % n]);
        }
        return new Image2d(3, img.height(), img.width(), out);
    }

    /**
     * @param img image in [0, 1] with 1 or 3 channels
     * @param shift hue shift in turns, in [−0.5, 0.5]
     * @return the image with every pixel's HSV hue rotated by {@code shift}; a 1-channel image unchanged
     * @throws IllegalArgumentException when {@code shift} is outside [−0.5, 0.5]
     */
    public static Image2d hue(Image2d img, double shift) {
        if (!(shift >= -0.5 && shift <= 0.5)) {
            throw new IllegalArgumentException("hue shift must be in [-0.5, 0.5], got " + shift);
        }
        if (img.channels() == 1) {
            return img;
        }
        requireRgb(img);
        float[] in = img.data();
        int n = img.height() * img.width();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            double r = in[i];
            double g = in[n + i];
            double b = in[2 * n + i];
            double max = Math.max(r, Math.max(g, b));
            double min = Math.min(r, Math.min(g, b));
            double chroma = max - min;
            double s = max == min ? 0 : chroma / max;
            double h;
            if (chroma == 0) {
                h = 0;
            } else if (max == r) {
                h = ((g - b) / chroma) / 6.0;
            } else if (max == g) {
                h = (2.0 + (b - r) / chroma) / 6.0;
            } else {
                h = (4.0 + (r - g) / chroma) / 6.0;
            }
            h = mod1(mod1(h) + shift);
            double v = max;
            double h6 = h * 6.0;
            int sector = (int) Math.floor(h6);
            double f = h6 - sector;
            double p = clamp01(v * (1 - s));
            double q = clamp01(v * (1 - s * f));
            double t = clamp01(v * (1 - s * (1 - f)));
            double ro;
            double go;
            double bo;
            switch (Math.floorMod(sector, 6)) {
                case 0 -> { ro = v; go = t; bo = p; }
                case 1 -> { ro = q; go = v; bo = p; }
                case 2 -> { ro = p; go = v; bo = t; }
                case 3 -> { ro = p; go = q; bo = v; }
                case 4 -> { ro = t; go = p; bo = v; }
                default -> { ro = v; go = p; bo = q; }
            }
            out[i] = (float) ro;
            out[n + i] = (float) go;
            out[2 * n + i] = (float) bo;
        }
        return new Image2d(3, img.height(), img.width(), out);
    }

    private static void requireRgb(Image2d img) {
        if (img.channels() != 3) {
            throw new IllegalArgumentException("colour adjustment needs 1 or 3 channels, got " + img.channels());
        }
    }

    private static double mod1(double x) {
        double m = x % 1.0;
        return m < 0 ? m + 1.0 : m;
    }

    private static double clamp01(double x) {
        return x < 0 ? 0 : (x > 1 ? 1 : x);
    }

    private static float clamp(double x) {
        return (float) clamp01(x);
    }
}
