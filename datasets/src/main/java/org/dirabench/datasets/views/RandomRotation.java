package org.dirabench.datasets.views;

import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;

/**
 * torchvision's {@code RandomRotation(degrees)} with its defaults: angle ~ U[−degrees, degrees], nearest-neighbour
 * sampling, same size, black fill ({@link Image2d#rotate(double)}). BTL fine-tuning uses
 * {@code RandomRotation(7)} (REFERENCE.md §3.1).
 */
public final class RandomRotation {
    private final double degrees;

    /**
     * A drawn rotation.
     *
     * @param angle degrees, positive = counter-clockwise
     */
    public record Params(double angle) {
    }

    /**
     * @param degrees the maximum angle in degrees, ≥ 0
     * @throws IllegalArgumentException when negative
     */
    public RandomRotation(double degrees) {
        if (!(degrees >= 0)) {
            throw new IllegalArgumentException("rotation range must be >= 0 degrees, got " + degrees);
        }
        this.degrees = degrees;
    }

    /** @return the drawn angle */
    public Params draw(RandomGenerator rng) {
        return new Params(degrees == 0 ? 0 : rng.nextDouble(-degrees, degrees));
    }

    /** @return the rotated image */
    public Image2d apply(Image2d img, Params params) {
        return params.angle() == 0 ? img : img.rotate(params.angle());
    }
}
