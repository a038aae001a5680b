package org.dirabench.datasets.views;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.ColorAdjust;
import org.dirabench.datasets.image.Image2d;

/**
 * {@code RandomApply([ColorJitter(b, c, s, h)], p)} of torchvision: with probability p, brightness, contrast,
 * saturation and hue adjustments ({@link ColorAdjust}) in a random order, with factors drawn uniformly from
 * {@code [max(0, 1−b), 1+b]}, {@code [max(0, 1−c), 1+c]}, {@code [max(0, 1−s), 1+s]} and {@code [−h, h]}.
 * DiRA: {@code ColorJitter(0.4, 0.4, 0.4, 0.1)} with p = 0.8 (DIRA transformation.py:L66-L68). On 1-channel
 * (gray-replicated) images saturation and hue are exact no-ops, as on the gray-replicated RGB images DiRA feeds.
 *
 * <p>All factors and the order are drawn whether or not the jitter is applied, so each draw uses the generator the
 * same way.
 */
public final class ColorJitter {
    private final double brightness;
    private final double contrast;
    private final double saturation;
    private final double hue;
    private final double p;

    /**
     * A drawn jitter.
     *
     * @param applied whether the jitter is applied (probability p)
     * @param order the adjustments in application order: 0 brightness, 1 contrast, 2 saturation, 3 hue
     * @param brightness brightness factor
     * @param contrast contrast factor
     * @param saturation saturation factor
     * @param hue hue shift in turns
     */
    public record Params(boolean applied, List<Integer> order, double brightness, double contrast, double saturation,
            double hue) {
        /** Copies the order. */
        public Params {
            order = List.copyOf(order);
        }
    }

    /**
     * @param brightness jitter strength b ≥ 0
     * @param contrast c ≥ 0
     * @param saturation s ≥ 0
     * @param hue h in [0, 0.5]
     * @param p probability of applying, in [0, 1]
     * @throws IllegalArgumentException for values outside these ranges
     */
    public ColorJitter(double brightness, double contrast, double saturation, double hue, double p) {
        if (!(brightness >= 0 && contrast >= 0 && saturation >= 0 && hue >= 0 && hue <= 0.5 && p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("invalid ColorJitter(" + brightness + ", " + contrast + ", "
                    + saturation + ", " + hue + ") p=" + p);
        }
        this.brightness = brightness;
        this.contrast = contrast;
        this.saturation = saturation;
        this.hue = hue;
        this.p = p;
    }

    /** @return DiRA's / MoCo v2's jitter: (0.4, 0.4, 0.4, 0.1) with p = 0.8 */
    public static ColorJitter dira() {
        return new ColorJitter(0.4, 0.4, 0.4, 0.1, 0.8);
    }

    /**
     * @param rng the generator
     * @return the drawn jitter
     */
    public Params draw(RandomGenerator rng) {
        boolean applied = rng.nextDouble() < p;
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            order.set(i, order.set(j, order.get(i)));
        }
        double b = factor(rng, brightness);
        double c = factor(rng, contrast);
        double s = factor(rng, saturation);
        double h = hue == 0 ? 0 : rng.nextDouble(-hue, hue);
        return new Params(applied, order, b, c, s, h);
    }

    /**
     * @param img image in [0, 1], 1 or 3 channels
     * @param params a drawn jitter
     * @return the jittered image (the input when not applied)
     */
    public Image2d apply(Image2d img, Params params) {
        if (!params.applied()) {
            return img;
        }
        Image2d out = img;
        for (int op : params.order()) {
            out = switch (op) {
                case 0 -> ColorAdjust.brightness(out, params.brightness());
                case 1 -> ColorAdjust.contrast(out, params.contrast());
                case 2 -> ColorAdjust.saturation(out, params.saturation());
                default -> ColorAdjust.hue(out, params.hue());
            };
        }
        return out;
    }

    private static double factor(RandomGenerator rng, double strength) {
        return strength == 0 ? 1.0 : rng.nextDouble(Math.max(0, 1 - strength), 1 + strength);
    }
}
