package org.dirabench.datasets.split;

import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * CPython's {@code random.Random(seed)} for the operations the reference code uses on index lists: {@code shuffle}
 * and {@code randrange}. Bit-for-bit: CPython seeds MT19937 with {@code init_by_array} over the 32-bit words of
 * {@code |seed|} (commons-math3's {@link MersenneTwister#setSeed(int[])} is that same reference algorithm),
 * {@code getrandbits(k)} is the top k bits of one 32-bit output, {@code _randbelow(n)} rejects draws of
 * {@code n.bit_length()} bits until one is below n, and {@code shuffle} swaps {@code x[i]} with
 * {@code x[_randbelow(i+1)]} for i from the end down to 1. Checked against CPython 3.11 in the tests
 * ({@code random.Random(99).shuffle(list(range(20)))}).
 *
 * <p>Not thread-safe.
 */
public final class PythonRandom {
    private final MersenneTwister mt;

    /**
     * @param seed as {@code random.Random(seed)} with a Python int
     */
    public PythonRandom(long seed) {
        long a = Math.abs(seed);
        int[] key = (a >>> 32) == 0 ? new int[] {(int) a} : new int[] {(int) a, (int) (a >>> 32)};
        mt = new MersenneTwister(key);
    }

    /**
     * @param k number of bits, 1 to 32
     * @return {@code random.getrandbits(k)}
     */
    public long getrandbits(int k) {
        if (k < 1 || k > 32) {
            throw new IllegalArgumentException("k must be in [1, 32], got " + k);
        }
        return (mt.nextInt() & 0xffffffffL) >>> (32 - k);
    }

    /**
     * @param n exclusive bound, 1 to 2^31 − 1
     * @return {@code random._randbelow(n)}, uniform in [0, n) (= {@code randrange(n)})
     */
    public int randbelow(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** {@code random.shuffle(x)} in place. */
    public void shuffle(int[] x) {
        for (int i = x.length - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            int t = x[i];
            x[i] = x[j];
            x[j] = t;
        }
    }

    /** {@code random.shuffle(x)} in place on a modifiable list. */
    public <T> void shuffle(List<T> x) {
        for (int i = x.size() - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            x.set(i, x.set(j, x.get(i)));
        }
    }
}
