package org.dirabench.datasets.image;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import org.testng.annotations.Test;

public class Image2dTest {

    private static Image2d row(float... v) {
        return new Image2d(1, 1, v.length, v);
    }

    private static Image2d random(int c, int h, int w, long seed) {
        return TestImages.random(c, h, w, seed);
    }

    @Test
    public void bilinearEnlargeInterpolatesBetweenPixelCentresAndHoldsEdges() {
        // Pillow coefficients for 2 -> 4: centres 0.25, 0.75, 1.25, 1.75 -> weights (1), (.75,.25), (.25,.75), (1).
        Image2d out = row(0f, 1f).resize(1, 4);
        assertEquals(out.data(), new float[] {0f, 0.25f, 0.75f, 1f}, 1e-6f);
    }

    @Test
    public void bilinearShrinkWidensTheFilterLikePillow() {
        // 4 -> 2: scale 2, support 2; output 0 takes inputs 0..2 with weights .75,.75,.25 (normalised by 1.75).
        Image2d out = row(0f, 1f, 2f, 3f).resize(1, 2);
        assertEquals(out.get(0, 0, 0), 1.25f / 1.75f, 1e-6f);
        assertEquals(out.get(0, 0, 1), 4f / 1.75f, 1e-6f);
    }

    @Test
    public void resizeKeepsConstantsAndIsSeparable() {
        Image2d flat = new Image2d(2, 5, 7, filled(2 * 5 * 7, 0.3f));
        Image2d up = flat.resize(11, 13);
        for (float v : up.data()) {
            assertEquals(v, 0.3f, 1e-6f);
        }
        Image2d img = random(1, 9, 6, 1);
        Image2d both = img.resize(4, 15);
        Image2d twoSteps = img.resize(9, 15).resize(4, 15);
        assertEquals(both.data(), twoSteps.data(), 1e-5f);
    }

    @Test
    public void cropPadsWithBlackOutsideTheImage() {
        Image2d img = new Image2d(1, 2, 2, new float[] {1, 2, 3, 4});
        Image2d c = img.crop(-1, 1, 3, 2);
        assertEquals(c.data(), new float[] {0, 0, 2, 0, 4, 0});
        assertEquals(img.crop(0, 0, 2, 2), img);
    }

    @Test
    public void flipMirrorsColumnsOfEveryChannel() {
        Image2d img = new Image2d(2, 1, 3, new float[] {1, 2, 3, 4, 5, 6});
        assertEquals(img.flipHorizontal().data(), new float[] {3, 2, 1, 6, 5, 4});
        Image2d r = random(3, 4, 5, 2);
        assertEquals(r.flipHorizontal().flipHorizontal(), r);
    }

    @Test
    public void rotationByRightAnglesIsExactAndCounterClockwise() {
        Image2d img = new Image2d(1, 2, 2, new float[] {1, 2, 3, 4});
        // Counter-clockwise: the right column becomes the top row.
        assertEquals(img.rotate(90).data(), new float[] {2, 4, 1, 3});
        assertEquals(img.rotate(-90).data(), new float[] {3, 1, 4, 2});
        Image2d r = random(2, 6, 6, 3);
        assertEquals(r.rotate(90).rotate(90).rotate(90).rotate(90), r);
        Image2d rect = new Image2d(1, 2, 3, new float[] {1, 2, 3, 4, 5, 6});
        assertEquals(rect.rotate(180).data(), new float[] {6, 5, 4, 3, 2, 1});
        assertEquals(rect.rotate(360), rect);
    }

    @Test
    public void smallRotationBlackensTheCornersAndKeepsTheCentre() {
        Image2d ones = new Image2d(1, 32, 32, filled(32 * 32, 1f));
        Image2d r = ones.rotate(7);
        assertEquals(r.get(0, 0, 0), 0f);
        assertEquals(r.get(0, 31, 31), 0f);
        assertEquals(r.get(0, 16, 16), 1f);
        // A 7-degree turn of a 32-pixel square uncovers about 2·32²·tan(3.5°)… a few percent of the pixels.
        double black = 1 - r.mean();
        assertTrue(black > 0.02 && black < 0.15, "black fraction " + black);
        // Nearest sampling moves values but never invents new ones.
        Image2d img = random(1, 20, 20, 4);
        java.util.Set<Float> values = new java.util.HashSet<>();
        for (float v : img.data()) {
            values.add(v);
        }
        for (float v : img.rotate(-6.5).data()) {
            assertTrue(v == 0f || values.contains(v));
        }
    }

    @Test
    public void gaussianBlurHasVarianceSigmaSquaredAndKeepsMass() {
        assertEquals(BoxBlur.boxRadius(2.0, 3), 1.375, 1e-12); // Pillow's _gaussian_blur_radius(2, 3)
        for (double sigma : new double[] {0.1, 0.6, 2.0, 3.7}) {
            int n = 61;
            float[] d = new float[n * n];
            d[30 * n + 30] = 1f;
            Image2d out = new Image2d(1, n, n, d).gaussianBlur(sigma);
            double mass = 0;
            double var = 0;
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double v = out.get(0, y, x);
                    mass += v;
                    var += v * (x - 30) * (x - 30);
                }
            }
            assertEquals(mass, 1.0, 1e-5, "mass at sigma " + sigma);
            assertEquals(var, sigma * sigma, 1e-4 + 1e-4 * sigma * sigma, "variance at sigma " + sigma);
        }
        Image2d flat = new Image2d(3, 8, 9, filled(3 * 8 * 9, 0.7f));
        for (float v : flat.gaussianBlur(1.5).data()) {
            assertEquals(v, 0.7f, 1e-6f);
        }
    }

    @Test
    public void grayAndReplicateUsePillowLuma() {
        Image2d rgb = new Image2d(3, 1, 1, new float[] {1f, 0f, 0f});
        assertEquals(rgb.gray().get(0, 0, 0), 0.299f, 1e-7f);
        Image2d g = random(1, 3, 4, 5);
        Image2d three = g.replicate(3);
        assertEquals(three.channels(), 3);
        assertEquals(three.gray().data(), g.data(), 1e-6f);
    }

    @Test
    public void colourAdjustmentsFollowTorchvision() {
        Image2d g = new Image2d(1, 1, 4, new float[] {0f, 0.25f, 0.5f, 0.75f});
        assertEquals(ColorAdjust.brightness(g, 1.4).data(), new float[] {0f, 0.35f, 0.7f, 1f}, 1e-6f);
        // Contrast 0 gives the mean everywhere; contrast 2 stretches about the mean (0.375) and clamps.
        for (float v : ColorAdjust.contrast(g, 0).data()) {
            assertEquals(v, 0.375f, 1e-6f);
        }
        assertEquals(ColorAdjust.contrast(g, 2).data(), new float[] {0f, 0.125f, 0.625f, 1f}, 1e-6f);
        // Saturation 0 gives gray; hue +1/3 turns red into green, blue into red.
        Image2d colours = new Image2d(3, 1, 2, new float[] {1f, 0f, 0f, 0f, 0f, 1f});
        Image2d gray = ColorAdjust.saturation(colours, 0);
        assertEquals(gray.data(), new float[] {0.299f, 0.114f, 0.299f, 0.114f, 0.299f, 0.114f}, 1e-6f);
        Image2d turned = ColorAdjust.hue(colours, 1.0 / 3);
        assertEquals(turned.data(), new float[] {0f, 1f, 1f, 0f, 0f, 0f}, 1e-5f);
        Image2d back = ColorAdjust.hue(ColorAdjust.hue(random(3, 4, 4, 6), 0.2), -0.2);
        assertEquals(back.data(), random(3, 4, 4, 6).data(), 1e-5f);
    }

    @Test
    public void saturationAndHueAreNoOpsOnGrayReplicatedImages() {
        Image2d g = random(1, 6, 6, 7);
        assertEquals(ColorAdjust.saturation(g, 1.37), g);
        assertEquals(ColorAdjust.hue(g, -0.08), g);
        Image2d rgb = g.replicate(3);
        assertEquals(ColorAdjust.hue(rgb, -0.08).data(), rgb.data(), 1e-6f);
        assertEquals(ColorAdjust.saturation(rgb, 1.37).data(), rgb.data(), 1e-6f);
        assertEquals(ColorAdjust.contrast(rgb, 0.7).data(), ColorAdjust.contrast(g, 0.7).replicate(3).data(), 1e-6f);
    }

    private static float[] filled(int n, float v) {
        float[] d = new float[n];
        java.util.Arrays.fill(d, v);
        return d;
    }
}
