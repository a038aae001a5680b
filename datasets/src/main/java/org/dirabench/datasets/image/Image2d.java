package org.dirabench.datasets.image;

import java.util.Arrays;

/**
 * A 2D image as float samples in channel × height × width order (row-major, "CHW"), values normally in [0, 1].
 *
 * <p>A 1-channel image stands for a gray image and, in the view pipeline, for the gray-replicated RGB image that
 * DiRA feeds its network (PNG → {@code convert('RGB')}, DIRA data_loader.py:L31-L34): every operation here treats
 * the three channels of a gray-replicated image identically, so working on one channel and replicating at the end
 * ({@link #replicate(int)}) gives the same numbers at a third of the cost.
 *
 * <p>Images are immutable by convention: every operation returns a new image and never writes into its input.
 * {@link #data()} exposes the backing array without copying (the pipeline is allocation-sensitive); callers must not
 * modify it unless they created the image themselves.
 *
 * <p>The geometric operations follow Pillow, which torchvision uses for PIL images and which DiRA's pipeline runs on:
 * {@link #resize(int, int)} is PIL's bilinear resampling (with its antialiasing when shrinking),
 * {@link #rotate(double)} is {@code Image.rotate(angle, NEAREST)}, {@link #gaussianBlur(double)} is
 * {@code ImageFilter.GaussianBlur(radius)}. They run in float, so Pillow's 8-bit rounding after each step is not
 * reproduced (differences of at most a few 1/255 steps).
 */
public final class Image2d {
    /** ITU-R 601-2 luma weights of Pillow's {@code convert('L')} (R·299/1000 + G·587/1000 + B·114/1000). */
    public static final double LUMA_R = 0.299;
    /** Green luma weight, see {@link #LUMA_R}. */
    public static final double LUMA_G = 0.587;
    /** Blue luma weight, see {@link #LUMA_R}. */
    public static final double LUMA_B = 0.114;

    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    /**
     * Wraps an array without copying it.
     *
     * @param channels number of channels, at least 1
     * @param height rows in pixels, at least 1
     * @param width columns in pixels, at least 1
     * @param data {@code channels·height·width} samples in CHW order; the image takes ownership
     * @throws IllegalArgumentException when a dimension is below 1 or the length does not match
     */
    public Image2d(int channels, int height, int width, float[] data) {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be >= 1, got " + channels + "x" + height + "x"
                    + width);
        }
        if (data.length != (long) channels * height * width) {
            throw new IllegalArgumentException("data length " + data.length + " does not match " + channels + "x"
                    + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** @return a black image of the given shape */
    public static Image2d zeros(int channels, int height, int width) {
        return new Image2d(channels, height, width, new float[channels * height * width]);
    }

    /** @return number of channels (1 gray, 3 RGB) */
    public int channels() {
        return channels;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return the backing CHW array (not a copy; do not modify an image you did not create) */
    public float[] data() {
        return data;
    }

    /** @return the sample at channel {@code c}, row {@code y}, column {@code x} */
    public float get(int c, int y, int x) {
        return data[(c * height + y) * width + x];
    }

    /** @return a deep copy */
    public Image2d copy() {
        return new Image2d(channels, height, width, data.clone());
    }

    /** @return mean over all samples */
    public double mean() {
        double s = 0;
        for (float v : data) {
            s += v;
        }
        return s / data.length;
    }

    /**
     * Gray version: a 1-channel image is returned as is, a 3-channel image is converted with the luma weights
     * {@link #LUMA_R}/{@link #LUMA_G}/{@link #LUMA_B} (Pillow {@code convert('L')}, in float without rounding).
     *
     * @return a 1-channel image
     * @throws IllegalStateException for channel counts other than 1 and 3
     */
    public Image2d gray() {
        if (channels == 1) {
            return this;
        }
        if (channels != 3) {
            throw new IllegalStateException("gray() needs 1 or 3 channels, got " + channels);
        }
        int n = height * width;
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (LUMA_R * data[i] + LUMA_G * data[n + i] + LUMA_B * data[2 * n + i]);
        }
        return new Image2d(1, height, width, out);
    }

    /**
     * Replicates a gray image into {@code n} channels (gray → RGB as Pillow's {@code convert('RGB')}).
     *
     * @param n target channel count
     * @return this image when it already has {@code n} channels, otherwise an {@code n}-channel copy
     * @throws IllegalStateException when the image has neither 1 nor {@code n} channels
     */
    public Image2d replicate(int n) {
        if (channels == n) {
            return this;
        }
        if (channels != 1) {
            throw new IllegalStateException("cannot replicate a " + channels + "-channel image into " + n);
        }
        int plane = height * width;
        float[] out = new float[n * plane];
        for (int c = 0; c < n; c++) {
            System.arraycopy(data, 0, out, c * plane, plane);
        }
        return new Image2d(n, height, width, out);
    }

    /**
     * Crops a window; pixels of the window outside the image are 0 (as Pillow's {@code crop} and torchvision's
     * {@code F.crop}, which pad with black).
     *
     * @param top first row, may be negative
     * @param left first column, may be negative
     * @param h window height in pixels, at least 1
     * @param w window width in pixels, at least 1
     * @return an image of {@code channels × h × w}
     */
    public Image2d crop(int top, int left, int h, int w) {
        float[] out = new float[channels * h * w];
        int y0 = Math.max(0, -top);
        int y1 = Math.min(h, height - top);
        int x0 = Math.max(0, -left);
        int x1 = Math.min(w, width - left);
        if (x1 > x0) {
            for (int c = 0; c < channels; c++) {
                for (int y = y0; y < y1; y++) {
                    System.arraycopy(data, (c * height + top + y) * width + left + x0, out, (c * h + y) * w + x0,
                            x1 - x0);
                }
            }
        }
        return new Image2d(channels, h, w, out);
    }

    /**
     * Pillow's bilinear resize ({@code Image.resize(size, BILINEAR)}, which torchvision's {@code Resize} and
     * {@code RandomResizedCrop} call on PIL images): a separable triangle filter evaluated at pixel centres, whose
     * support widens by the shrink factor when shrinking (antialiasing) and edge pixels are renormalised.
     *
     * @param h output height in pixels
     * @param w output width in pixels
     * @return the resized image ({@code this} when the size is unchanged)
     */
    public Image2d resize(int h, int w) {
        if (h == height && w == width) {
            return this;
        }
        return Resampling.bilinear(this, h, w);
    }

    /** @return the image mirrored left-right (torchvision {@code F.hflip}) */
    public Image2d flipHorizontal() {
        float[] out = new float[data.length];
        for (int row = 0; row < channels * height; row++) {
            int base = row * width;
            for (int x = 0; x < width; x++) {
                out[base + x] = data[base + width - 1 - x];
            }
        }
        return new Image2d(channels, height, width, out);
    }

    /**
     * Rotates counter-clockwise about the image centre with nearest-neighbour sampling, same size, black fill:
     * Pillow's {@code Image.rotate(angle, NEAREST, expand=False)}, which torchvision's {@code RandomRotation} calls
     * with its defaults.
     *
     * @param degrees angle in degrees, positive = counter-clockwise
     * @return the rotated image
     */
    public Image2d rotate(double degrees) {
        return Rotation.nearest(this, degrees);
    }

    /**
     * Pillow's {@code ImageFilter.GaussianBlur(radius=sigma)}: three passes of an extended box filter per axis whose
     * combined variance is exactly {@code sigma²}, with edge pixels repeated (Gwosdek et al., SSVM 2011).
     *
     * @param sigma standard deviation in pixels; {@code 0} returns this image
     * @return the blurred image
     * @throws IllegalArgumentException when {@code sigma} is negative or not finite
     */
    public Image2d gaussianBlur(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("blur sigma must be finite and >= 0, got " + sigma);
        }
        if (sigma == 0) {
            return this;
        }
        return BoxBlur.gaussian(this, sigma);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Image2d other && other.channels == channels && other.height == height
                && other.width == width && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * channels + height) + width) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Image2d[" + channels + "x" + height + "x" + width + "]";
    }
}
