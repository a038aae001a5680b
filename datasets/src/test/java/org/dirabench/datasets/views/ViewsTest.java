package org.dirabench.datasets.views;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;
import org.dirabench.datasets.image.TestImages;
import org.testng.annotations.Test;

public class ViewsTest {

    static Image2d randomImage(int c, int h, int w, long seed) {
        return TestImages.random(c, h, w, seed);
    }

    @Test
    public void randomResizedCropAreasAndRatiosStayInTheirRanges() {
        RandomResizedCrop rrc = RandomResizedCrop.dira(64);
        SplittableRandom rng = new SplittableRandom(11);
        double minArea = 1;
        double maxArea = 0;
        double sum = 0;
        int n = 20000;
        for (int i = 0; i < n; i++) {
            RandomResizedCrop.Params p = rrc.draw(rng, 64, 64);
            assertTrue(p.top() >= 0 && p.left() >= 0 && p.top() + p.height() <= 64 && p.left() + p.width() <= 64, p
                    .toString());
            double area = p.height() * p.width() / 4096.0;
            minArea = Math.min(minArea, area);
            maxArea = Math.max(maxArea, area);
            sum += area;
            double ratio = (double) p.width() / p.height();
            // round() of each side moves the ratio a little beyond [3/4, 4/3] for small windows.
            assertTrue(ratio > 0.75 * 0.9 && ratio < 4 / 3.0 * 1.1, "ratio " + ratio);
        }
        assertTrue(minArea >= 0.2 * 0.9 && minArea < 0.21, "smallest area fraction " + minArea);
        assertTrue(maxArea <= 1.0 && maxArea > 0.95, "largest area fraction " + maxArea);
        // Windows that do not fit are redrawn, which lowers the mean below the uniform 0.6: a Python simulation of
        // torchvision's get_params on 64 x 64 (200,000 draws) gives 0.5445.
        assertEquals(sum / n, 0.5445, 0.006);
        Image2d out = rrc.apply(randomImage(1, 64, 64, 1), rrc.draw(rng, 64, 64));
        assertEquals(out.height(), 64);
        assertEquals(out.width(), 64);
    }

    @Test
    public void randomResizedCropFallsBackToTorchvisionsCentralCrop() {
        // A 4 x 200 strip: no window of area >= 160 pixels is at most 4 rows high within the ratio range.
        RandomResizedCrop.Params p = RandomResizedCrop.dira(32).draw(new SplittableRandom(1), 4, 200);
        assertEquals(p, new RandomResizedCrop.Params(0, 97, 4, 5)); // h = 4, w = round(4 * 4/3), centred
        RandomResizedCrop.Params q = RandomResizedCrop.dira(32).draw(new SplittableRandom(1), 200, 4);
        assertEquals(q, new RandomResizedCrop.Params(97, 0, 5, 4)); // w = 4, h = round(4 / (3/4))
    }

    @Test
    public void flipJitterAndBlurHappenAtTheirProbabilities() {
        TwoViewAugmentation aug = new TwoViewAugmentation(64, TwoViewAugmentation.Options.dira());
        SplittableRandom rng = new SplittableRandom(3);
        int n = 10000;
        int flips = 0;
        int jitters = 0;
        int blurs = 0;
        double maxSigma = 0;
        double minSigma = 1e9;
        for (int i = 0; i < n; i++) {
            TwoViewAugmentation.Params p = aug.draw(rng, 64, 64);
            for (TwoViewAugmentation.ViewParams v : List.of(p.view1(), p.view2())) {
                flips += v.flip().flip() ? 1 : 0;
                jitters += v.jitter().applied() ? 1 : 0;
                blurs += v.blur().applied() ? 1 : 0;
                maxSigma = Math.max(maxSigma, v.blur().sigma());
                minSigma = Math.min(minSigma, v.blur().sigma());
                assertTrue(v.jitter().brightness() >= 0.6 && v.jitter().brightness() <= 1.4);
                assertTrue(Math.abs(v.jitter().hue()) <= 0.1);
                assertEquals(v.jitter().order().stream().sorted().toList(), List.of(0, 1, 2, 3));
            }
        }
        assertEquals(flips / (2.0 * n), 0.5, 0.015);
        assertEquals(jitters / (2.0 * n), 0.8, 0.015);
        assertEquals(blurs / (2.0 * n), 0.5, 0.015);
        // Relative pixel scale: sigma ~ U[0.1, 2.0] * 64/224.
        assertTrue(minSigma >= 0.1 * 64 / 224 && minSigma < 0.11 * 64 / 224, "min sigma " + minSigma);
        assertTrue(maxSigma <= 2.0 * 64 / 224 && maxSigma > 1.98 * 64 / 224, "max sigma " + maxSigma);
        GaussianBlur.Params abs = GaussianBlur.dira(64, PixelScale.ABSOLUTE).draw(new SplittableRandom(1));
        assertTrue(abs.sigma() >= 0.1 && abs.sigma() <= 2.0);
    }

    @Test
    public void targetIsTheGrayFirstCropUnflippedUnlessAsked() {
        Image2d img = randomImage(1, 64, 64, 2);
        TwoViewAugmentation released = new TwoViewAugmentation(32, TwoViewAugmentation.Options.dira());
        TwoViewAugmentation flipping = new TwoViewAugmentation(32,
                TwoViewAugmentation.Options.dira().withFlipTarget(true));
        SplittableRandom rng = new SplittableRandom(4);
        int flippedSeen = 0;
        for (int i = 0; i < 40; i++) {
            TwoViewAugmentation.Params p = released.draw(rng, 64, 64);
            Image2d crop1 = RandomResizedCrop.dira(32).apply(img, p.view1().crop());
            TwoViewAugmentation.Views v = released.apply(img, p);
            assertEquals(v.target(), crop1, "target = crop1 before jitter/blur/flip/distortion");
            assertEquals(v.view1().channels(), 1);
            TwoViewAugmentation.Views f = flipping.apply(img, p);
            if (p.view1().flip().flip()) {
                flippedSeen++;
                assertEquals(f.target(), crop1.flipHorizontal());
            } else {
                assertEquals(f.target(), crop1);
            }
            for (float x : v.view1().data()) {
                assertTrue(x >= 0f && x <= 1f);
            }
        }
        assertTrue(flippedSeen > 5);
        TwoViewAugmentation plain = new TwoViewAugmentation(32,
                TwoViewAugmentation.Options.dira().withDistort(false));
        TwoViewAugmentation.Params p = plain.draw(new SplittableRandom(5), 64, 64);
        assertNull(p.view1().distortion());
        assertNull(plain.apply(img, p).target());
    }

    @Test
    public void drawIsSeededAndApplyIsDeterministic() {
        Image2d img = randomImage(1, 64, 64, 6);
        TwoViewAugmentation aug = new TwoViewAugmentation(48, TwoViewAugmentation.Options.dira());
        TwoViewAugmentation.Params a = aug.draw(new SplittableRandom(42), 64, 64);
        TwoViewAugmentation.Params b = aug.draw(new SplittableRandom(42), 64, 64);
        assertEquals(a, b);
        assertNotEquals(aug.draw(new SplittableRandom(43), 64, 64), a);
        assertEquals(aug.apply(img, a), aug.apply(img, b));
    }

    @Test
    public void grayInputEqualsGrayReplicatedRgbInput() {
        Image2d gray = randomImage(1, 40, 50, 7);
        Image2d rgb = gray.replicate(3);
        TwoViewAugmentation aug = new TwoViewAugmentation(32, TwoViewAugmentation.Options.dira());
        SplittableRandom rng = new SplittableRandom(8);
        for (int i = 0; i < 20; i++) {
            TwoViewAugmentation.Params p = aug.draw(rng, 40, 50);
            TwoViewAugmentation.Views g = aug.apply(gray, p);
            TwoViewAugmentation.Views c = aug.apply(rgb, p);
            assertClose(c.view1().data(), g.view1().replicate(3).data(), 1e-5f);
            assertClose(c.view2().data(), g.view2().replicate(3).data(), 1e-5f);
            assertClose(c.target().data(), g.target().data(), 1e-5f);
        }
    }

    /** Element-wise comparison (TestNG's array assertion with a delta formats a message per element: slow). */
    static void assertClose(float[] actual, float[] expected, float tol) {
        assertEquals(actual.length, expected.length);
        for (int i = 0; i < actual.length; i++) {
            if (Math.abs(actual[i] - expected[i]) > tol) {
                throw new AssertionError("element " + i + ": " + actual[i] + " vs " + expected[i]);
            }
        }
    }

    @Test
    public void fineTuneViewsFollowBtl() {
        FineTuneViews v224 = new FineTuneViews(224);
        assertEquals(v224.resizeSize(), 256);
        FineTuneViews v = new FineTuneViews(64);
        assertEquals(v.resizeSize(), 73);
        Image2d img = randomImage(1, 100, 90, 9);
        Image2d eval = v.eval(img);
        assertEquals(eval.height(), 64);
        assertEquals(eval.width(), 64);
        Image2d resized = img.resize(73, 73);
        assertEquals(eval, resized.crop(4, 4, 64, 64)); // round(4.5) = 4, Python rounds half to even
        List<Image2d> ten = v.tenCrop(img);
        assertEquals(ten.size(), 10);
        assertEquals(ten.get(0), resized.crop(0, 0, 64, 64));
        assertEquals(ten.get(3), resized.crop(9, 9, 64, 64));
        assertEquals(ten.get(4), eval);
        assertEquals(ten.get(5), resized.flipHorizontal().crop(0, 0, 64, 64));
        assertEquals(ten.get(6).flipHorizontal(), ten.get(0), "mirrored top-right = top-left mirrored");
        SplittableRandom rng = new SplittableRandom(10);
        int flips = 0;
        for (int i = 0; i < 4000; i++) {
            FineTuneViews.TrainParams p = v.drawTrain(rng, 100, 90);
            assertTrue(Math.abs(p.rotation().angle()) <= 7);
            double area = p.crop().height() * p.crop().width() / 9000.0;
            assertTrue(area >= 0.08 * 0.85 && area <= 1, "area " + area);
            flips += p.flip().flip() ? 1 : 0;
        }
        assertEquals(flips / 4000.0, 0.5, 0.03);
        FineTuneViews.TrainParams p = v.drawTrain(new SplittableRandom(1), 100, 90);
        Image2d train = v.train(img, p);
        assertEquals(train.height(), 64);
    }

    @Test
    public void normalisationUsesThePublishedStatistics() {
        assertEquals(Normalization.NONE.apply(1, 0.3f), 0.3f);
        assertEquals(Normalization.IMAGENET.apply(0, 0.485f), 0f, 1e-7f);
        assertEquals(Normalization.IMAGENET.apply(2, 1f), (1 - 0.406f) / 0.225f, 1e-6f);
        assertEquals(Normalization.CHESTXRAY.apply(1, 0.7576f), 1f, 1e-4f);
    }
}
