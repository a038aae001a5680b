package org.dirabench.testing;

import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of closed-form gradients, in double precision. Shared with every module's tests through
 * the {@code datasets} test-jar.
 */
public final class GradientCheck {
    /** Central-difference step: truncation error ~h², round-off ~1e-16/h, both far below the tolerances used. */
    public static final double STEP = 1e-5;

    private GradientCheck() {
    }

    /** @return a double array of standard normal values drawn from {@code new Random(seed)}, independent of ND4J's RNG */
    public static INDArray randn(long seed, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        double[] d = new double[Math.toIntExact(n)];
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian();
        }
        return Nd4j.create(d, shape, DataType.DOUBLE);
    }

    /**
     * @param f a scalar function of one array; it must not keep or modify its argument
     * @param x the point, double precision; not modified
     * @return ∂f/∂x by central differences, the shape of {@code x}
     */
    public static INDArray numeric(ToDoubleFunction<INDArray> f, INDArray x) {
        INDArray probe = x.dup('c');
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, x.shape());
        for (long i = 0; i < probe.length(); i++) {
            double orig = probe.getDouble(i);
            probe.putScalar(i, orig + STEP);
            double plus = f.applyAsDouble(probe);
            probe.putScalar(i, orig - STEP);
            double minus = f.applyAsDouble(probe);
            probe.putScalar(i, orig);
            grad.putScalar(i, (plus - minus) / (2 * STEP));
        }
        return grad;
    }

    /**
     * Asserts that {@code analytic} matches the central-difference gradient of {@code f} at {@code x} within
     * {@code rel} (relative to the largest magnitude, as {@link Golden#assertClose(INDArray, INDArray, double, String)}).
     */
    public static void assertGradient(ToDoubleFunction<INDArray> f, INDArray x, INDArray analytic, double rel,
                                      String what) {
        Golden.assertClose(analytic, numeric(f, x), rel, what + " vs finite differences");
    }
}
