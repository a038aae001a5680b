package org.dirabench.datasets.image;

import java.util.SplittableRandom;

/** Seeded random images for tests. */
public final class TestImages {
    private TestImages() {
    }

    /** @return a [c, h, w] image of uniform values in [lo, 1) drawn from {@code seed} */
    public static Image2d random(int c, int h, int w, long seed, float lo) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (1 - lo) * (float) r.nextDouble();
        }
        return new Image2d(c, h, w, d);
    }

    /** @return a [c, h, w] image of uniform values in [0, 1) drawn from {@code seed} */
    public static Image2d random(int c, int h, int w, long seed) {
        return random(c, h, w, seed, 0f);
    }
}
