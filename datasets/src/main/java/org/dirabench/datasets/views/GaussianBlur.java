package org.dirabench.datasets.views;

import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;

/**
 * MoCo v2's / DiRA's {@code RandomApply([GaussianBlur([0.1, 2.0])], p=0.5)}: with probability p, Pillow's
 * {@code ImageFilter.GaussianBlur(radius=σ)} with σ ~ U[0.1, 2.0] pixels at 224 (DIRA transformation.py:L9-L16,
 * L69), here multiplied by the {@link PixelScale} factor of the output size.
 */
public final class GaussianBlur {
    private final double sigmaMin;
    private final double sigmaMax;
    private final double p;
    private final double pixelFactor;

    /**
     * A drawn blur.
     *
     * @param applied whether the blur is applied (probability p)
     * @param sigma the standard deviation in output pixels (the drawn reference σ times the pixel-scale factor)
     */
    public record Params(boolean applied, double sigma) {
    }

    /**
     * @param sigmaMin lower bound of σ at the reference size, > 0
     * @param sigmaMax upper bound, ≥ sigmaMin
     * @param p probability of applying
     * @param pixelFactor factor from reference pixels to output pixels ({@link PixelScale#factor(int)})
     * @throws IllegalArgumentException for invalid values
     */
    public GaussianBlur(double sigmaMin, double sigmaMax, double p, double pixelFactor) {
        if (!(sigmaMin > 0 && sigmaMin <= sigmaMax && p >= 0 && p <= 1 && pixelFactor > 0)) {
            throw new IllegalArgumentException("invalid GaussianBlur(" + sigmaMin + ".." + sigmaMax + ", p=" + p
                    + ", factor " + pixelFactor + ")");
        }
        this.sigmaMin = sigmaMin;
        this.sigmaMax = sigmaMax;
        this.p = p;
        this.pixelFactor = pixelFactor;
    }

    /**
     * @param size output size S
     * @param scale how σ carries over from 224 pixels to S
     * @return DiRA's blur: σ ~ U[0.1, 2.0] (at 224), p = 0.5
     */
    public static GaussianBlur dira(int size, PixelScale scale) {
        return new GaussianBlur(0.1, 2.0, 0.5, scale.factor(size));
    }

    /**
     * @param rng the generator
     * @return the drawn blur
     */
    public Params draw(RandomGenerator rng) {
        boolean applied = rng.nextDouble() < p;
        double sigma = (sigmaMin == sigmaMax ? sigmaMin : rng.nextDouble(sigmaMin, sigmaMax)) * pixelFactor;
        return new Params(applied, sigma);
    }

    /**
     * @param img the image
     * @param params a drawn blur
     * @return the blurred image (the input when not applied)
     */
    public Image2d apply(Image2d img, Params params) {
        return params.applied() ? img.gaussianBlur(params.sigma()) : img;
    }
}
