package org.dirabench.datasets.views;

import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;

/** torchvision's {@code RandomHorizontalFlip(p)} (DIRA transformation.py:L70; BTL fine-tuning). */
public final class RandomHorizontalFlip {
    private final double p;

    /**
     * A drawn flip.
     *
     * @param flip whether the image is mirrored left-right
     */
    public record Params(boolean flip) {
    }

    /**
     * @param p probability of flipping, in [0, 1]
     * @throws IllegalArgumentException outside [0, 1]
     */
    public RandomHorizontalFlip(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("flip probability must be in [0, 1], got " + p);
        }
        this.p = p;
    }

    /** @return the drawn flip */
    public Params draw(RandomGenerator rng) {
        return new Params(rng.nextDouble() < p);
    }

    /** @return the image, mirrored when drawn so */
    public Image2d apply(Image2d img, Params params) {
        return params.flip() ? img.flipHorizontal() : img;
    }
}
