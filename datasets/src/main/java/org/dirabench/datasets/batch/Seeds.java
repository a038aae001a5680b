package org.dirabench.datasets.batch;

import java.util.SplittableRandom;

/**
 * Derives independent generators from (seed, stream, epoch, position), so that a sample's random decisions depend
 * only on where it sits in the epoch and never on threads, prefetch depth or where a run resumed.
 *
 * <p>The parts are folded with the SplitMix64 finaliser (Steele, Lea, Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) and the result seeds a {@link SplittableRandom}.
 */
public final class Seeds {
    /** Stream of the per-epoch sample order. */
    public static final long ORDER = 1;
    /** Stream of the pretraining views. */
    public static final long PRETRAIN_VIEWS = 2;
    /** Stream of the fine-tuning training views. */
    public static final long FINETUNE_VIEWS = 3;
    /** Stream of per-load label draws (CheXpert's LSR-Ones). */
    public static final long LABELS = 4;
    /** Stream of 3D cube placements (jitter, random crops, flips). */
    public static final long CUBES = 5;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /**
     * @param seed the run's seed
     * @param parts further coordinates (stream, epoch, position, ...)
     * @return a well-mixed 64-bit value; different inputs give unrelated outputs
     */
    public static long mix(long seed, long... parts) {
        long h = fmix(seed + GOLDEN);
        for (long p : parts) {
            h = fmix(h ^ fmix(p * GOLDEN + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    /**
     * @return a generator for one (seed, stream, epoch, position)
     */
    public static SplittableRandom generator(long seed, long stream, long epoch, long position) {
        return new SplittableRandom(mix(seed, stream, epoch, position));
    }

    /**
     * A seeded Fisher-Yates permutation of {@code 0..n-1}.
     *
     * @param n length
     * @param seed the run's seed
     * @param epoch the epoch
     * @return the epoch's order
     */
    public static int[] permutation(int n, long seed, long epoch) {
        return permutation(n, new SplittableRandom(mix(seed, ORDER, epoch)));
    }

    /**
     * A Fisher-Yates permutation of {@code 0..n-1} drawn from a generator.
     *
     * @param n   length
     * @param rng the generator (advanced)
     * @return the permutation
     */
    public static int[] permutation(int n, SplittableRandom rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
