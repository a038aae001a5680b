package org.dirabench.datasets.views;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;

/**
 * BTL's classification views for fine-tuning (BTL dataloader.py {@code build_transform_classification},
 * REFERENCE.md §3.1), at output size S with {@code R = round(S · 256 / 224)} (256 at S = 224):
 * <ul>
 *   <li>train: {@code RandomResizedCrop(S)} (scale 0.08–1, ratio 3/4–4/3) → {@code RandomHorizontalFlip()} →
 *       {@code RandomRotation(7)} (nearest, black corners);</li>
 *   <li>eval (validation, and test without augmentation): {@code Resize((R, R))} → {@code CenterCrop(S)};</li>
 *   <li>test with augmentation: {@code Resize((R, R))} → {@code TenCrop(S)}: the four corner crops and the centre
 *       crop, then the same five of the mirrored image; predictions are to be averaged over the ten.</li>
 * </ul>
 * {@code Resize((R, R))} ignores the aspect ratio, as the tuple form does. Normalisation is applied when batching
 * ({@link Normalization}).
 */
public final class FineTuneViews {
    /** The rotation range of BTL's training views, degrees. */
    public static final double ROTATION_DEGREES = 7;

    private final int size;
    private final int resize;
    private final RandomResizedCrop crop;
    private final RandomHorizontalFlip flip = new RandomHorizontalFlip(0.5);
    private final RandomRotation rotation = new RandomRotation(ROTATION_DEGREES);

    /**
     * The random decisions of one training view.
     *
     * @param crop the crop window
     * @param flip the flip
     * @param rotation the rotation
     */
    public record TrainParams(RandomResizedCrop.Params crop, RandomHorizontalFlip.Params flip,
            RandomRotation.Params rotation) {
    }

    /**
     * @param size output side S in pixels
     * @throws IllegalArgumentException when S &lt; 1
     */
    public FineTuneViews(int size) {
        this.size = size;
        this.resize = (int) Math.round(size * 256.0 / 224.0);
        this.crop = RandomResizedCrop.torchvisionDefault(size);
    }

    /** @return S */
    public int size() {
        return size;
    }

    /** @return R, the side the eval and ten-crop views resize to before cropping */
    public int resizeSize() {
        return resize;
    }

    /** @return the random decisions of one training view */
    public TrainParams drawTrain(RandomGenerator rng, int height, int width) {
        return new TrainParams(crop.draw(rng, height, width), flip.draw(rng), rotation.draw(rng));
    }

    /**
     * @param img [C, H, W] in [0, 1]
     * @param p decisions drawn for an image of this size
     * @return the training view [C, S, S]
     */
    public Image2d train(Image2d img, TrainParams p) {
        return rotation.apply(flip.apply(crop.apply(img, p.crop()), p.flip()), p.rotation());
    }

    /**
     * @param img [C, H, W] in [0, 1]
     * @return the eval view [C, S, S]: resize to R × R, centre crop S × S
     */
    public Image2d eval(Image2d img) {
        Image2d r = img.resize(resize, resize);
        int off = centreOffset(resize, size);
        return r.crop(off, off, size, size);
    }

    /**
     * @param img [C, H, W] in [0, 1]
     * @return ten [C, S, S] crops of the R × R image in torchvision's order: top-left, top-right, bottom-left,
     *     bottom-right, centre, then the same five of the mirrored image
     */
    public List<Image2d> tenCrop(Image2d img) {
        Image2d r = img.resize(resize, resize);
        List<Image2d> out = new ArrayList<>(10);
        fiveCrop(r, out);
        fiveCrop(r.flipHorizontal(), out);
        return out;
    }

    private void fiveCrop(Image2d r, List<Image2d> out) {
        int far = resize - size;
        int c = centreOffset(resize, size);
        out.add(r.crop(0, 0, size, size));
        out.add(r.crop(0, far, size, size));
        out.add(r.crop(far, 0, size, size));
        out.add(r.crop(far, far, size, size));
        out.add(r.crop(c, c, size, size));
    }

    /** torchvision {@code center_crop}: {@code int(round((in − out) / 2.0))}, Python rounding (half to even). */
    private static int centreOffset(int in, int out) {
        return (int) Math.rint((in - out) / 2.0);
    }
}
