package org.dirabench.datasets.views;

import java.util.random.RandomGenerator;
import org.dirabench.datasets.distort.RestorationDistortion2d;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;

/**
 * DiRA's two views of one image (DIRA transformation.py:L61-L94, REFERENCE.md §1.2), the MoCo v2 "aug-plus" recipe
 * without grayscale and without mean/std normalisation:
 * <ol>
 *   <li>two independent crops {@code RandomResizedCrop(S, scale=(0.2, 1))} of the image: crop1, crop2;</li>
 *   <li>each crop independently: {@code ColorJitter(0.4, 0.4, 0.4, 0.1)} with p 0.8, {@code GaussianBlur}
 *       σ ~ U[0.1, 2.0] with p 0.5, {@code RandomHorizontalFlip} p 0.5 → view1, view2;</li>
 *   <li>with {@link Options#distort()} (DiRA modes {@code dir}/{@code dira}): both views pass the restoration
 *       distortion {@link RestorationDistortion2d}, and the restoration target is the gray image of crop1 before
 *       jitter, blur, flip and distortion (L91-L94). The released code does <b>not</b> flip the target with view1
 *       (REFERENCE.md §1.8 item 1, §6 P10); {@link Options#flipTarget()} mirrors it whenever view1 was mirrored.
 *       Without distortion (mode {@code di}) there is no target.</li>
 * </ol>
 * Values stay in [0, 1]. A 1-channel input stands for the gray-replicated RGB image DiRA feeds (PNG →
 * {@code convert('RGB')}); the views keep the input's channel count and the batch code replicates them to 3 channels.
 * Blur σ and the distortion's pixel constants are scaled from 224 to S by {@link Options#pixelScale()}.
 *
 * <p>Randomness is separated from application (MONAI style): {@link #draw} takes every random decision for both
 * views, in the reference's order (crop1, crop2, view1's jitter/blur/flip, view2's, distortion of view1, of view2),
 * and {@link #apply} is deterministic.
 */
public final class TwoViewAugmentation {
    private final int size;
    private final Options options;
    private final RandomResizedCrop crop;
    private final ColorJitter jitter = ColorJitter.dira();
    private final GaussianBlur blur;
    private final RandomHorizontalFlip flip = new RandomHorizontalFlip(0.5);
    private final RestorationDistortion2d distortion;

    /**
     * @param pixelScale how blur σ and distortion lengths carry over from 224 pixels to S (default relative)
     * @param distort whether both views are distorted and a restoration target is made (DiRA: yes)
     * @param flipTarget whether the target is mirrored with view1 (released DiRA: no)
     * @param patchOverlap patch-swapping overlap policy (released DiRA: may overlap)
     */
    public record Options(PixelScale pixelScale, boolean distort, boolean flipTarget,
            RestorationDistortion2d.PatchOverlap patchOverlap) {
        /** @return the released DiRA behaviour: relative, distort, target not flipped, overlapping swaps */
        public static Options dira() {
            return new Options(PixelScale.RELATIVE, true, false, RestorationDistortion2d.PatchOverlap.RELEASED);
        }

        /** @return these options with another pixel scale */
        public Options withPixelScale(PixelScale s) {
            return new Options(s, distort, flipTarget, patchOverlap);
        }

        /** @return these options with distortion on or off */
        public Options withDistort(boolean d) {
            return new Options(pixelScale, d, flipTarget, patchOverlap);
        }

        /** @return these options with the target flip on or off */
        public Options withFlipTarget(boolean f) {
            return new Options(pixelScale, distort, f, patchOverlap);
        }

        /** @return these options with another overlap policy */
        public Options withPatchOverlap(RestorationDistortion2d.PatchOverlap o) {
            return new Options(pixelScale, distort, flipTarget, o);
        }
    }

    /**
     * The random decisions for one view.
     *
     * @param crop the crop window in input pixels
     * @param jitter the colour jitter
     * @param blur the blur
     * @param flip the horizontal flip
     * @param distortion the restoration distortion, or {@code null} without distortion
     */
    public record ViewParams(RandomResizedCrop.Params crop, ColorJitter.Params jitter, GaussianBlur.Params blur,
            RandomHorizontalFlip.Params flip, RestorationDistortion2d.Params distortion) {
    }

    /**
     * The random decisions for both views.
     *
     * @param view1 the first view's (the one restored)
     * @param view2 the second view's
     */
    public record Params(ViewParams view1, ViewParams view2) {
    }

    /**
     * The result.
     *
     * @param view1 [C, S, S] in [0, 1]: x_q, the view whose crop is restored
     * @param view2 [C, S, S] in [0, 1]: x_k
     * @param target [1, S, S] in [0, 1], gray crop1, or {@code null} without distortion
     */
    public record Views(Image2d view1, Image2d view2, Image2d target) {
    }

    /**
     * @param size output side S in pixels
     * @param options see {@link Options}
     * @throws IllegalArgumentException when the distortion does not fit into S (see {@link RestorationDistortion2d})
     */
    public TwoViewAugmentation(int size, Options options) {
        this.size = size;
        this.options = options;
        this.crop = RandomResizedCrop.dira(size);
        this.blur = GaussianBlur.dira(size, options.pixelScale());
        this.distortion = options.distort()
                ? new RestorationDistortion2d(size, options.pixelScale(), options.patchOverlap()) : null;
    }

    /** @return the output side S */
    public int size() {
        return size;
    }

    /** @return the options */
    public Options options() {
        return options;
    }

    /**
     * @param rng the generator
     * @param height input image height in pixels
     * @param width input image width in pixels
     * @return all random decisions for the two views
     */
    public Params draw(RandomGenerator rng, int height, int width) {
        RandomResizedCrop.Params c1 = crop.draw(rng, height, width);
        RandomResizedCrop.Params c2 = crop.draw(rng, height, width);
        ColorJitter.Params j1 = jitter.draw(rng);
        GaussianBlur.Params b1 = blur.draw(rng);
        RandomHorizontalFlip.Params f1 = flip.draw(rng);
        ColorJitter.Params j2 = jitter.draw(rng);
        GaussianBlur.Params b2 = blur.draw(rng);
        RandomHorizontalFlip.Params f2 = flip.draw(rng);
        RestorationDistortion2d.Params d1 = distortion == null ? null : distortion.draw(rng);
        RestorationDistortion2d.Params d2 = distortion == null ? null : distortion.draw(rng);
        return new Params(new ViewParams(c1, j1, b1, f1, d1), new ViewParams(c2, j2, b2, f2, d2));
    }

    /**
     * @param image the input [C, H, W] in [0, 1] (C = 1 gray, or 3)
     * @param params decisions drawn for an image of this size
     * @return the two views and, with distortion, the restoration target
     */
    public Views apply(Image2d image, Params params) {
        Image2d crop1 = crop.apply(image, params.view1().crop());
        Image2d crop2 = crop.apply(image, params.view2().crop());
        Image2d v1 = view(crop1, params.view1());
        Image2d v2 = view(crop2, params.view2());
        if (distortion == null) {
            return new Views(v1, v2, null);
        }
        Image2d target = crop1.gray();
        if (options.flipTarget() && params.view1().flip().flip()) {
            target = target.flipHorizontal();
        }
        return new Views(distortion.apply(v1, params.view1().distortion()),
                distortion.apply(v2, params.view2().distortion()), target);
    }

    private Image2d view(Image2d cropped, ViewParams p) {
        return flip.apply(blur.apply(jitter.apply(cropped, p.jitter()), p.blur()), p.flip());
    }
}
