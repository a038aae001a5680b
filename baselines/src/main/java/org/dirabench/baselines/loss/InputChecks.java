package org.dirabench.baselines.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Argument checks shared by the losses and metrics. Every failure is an {@link IllegalArgumentException} whose message
 * names the argument and gives its shape and data type, e.g. {@code "q_raw [4, 8] FLOAT contains NaN or infinity"}.
 * The checks read their arguments only.
 */
public final class InputChecks {
    private InputChecks() {
    }

    /** @return e.g. {@code "q_raw [4, 8] DOUBLE"} */
    public static String describe(String name, INDArray x) {
        return x == null ? name + " (null)" : name + " " + Arrays.toString(x.shape()) + " " + x.dataType();
    }

    /**
     * Checks that {@code x} is present, has one of the given ranks, a floating-point data type and only finite values.
     *
     * @param ranks accepted ranks; none means any rank
     * @throws IllegalArgumentException naming {@code name} when a check fails
     */
    public static void require(String name, INDArray x, int... ranks) {
        if (x == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (ranks.length > 0 && Arrays.stream(ranks).noneMatch(r -> r == x.rank())) {
            throw new IllegalArgumentException(describe(name, x) + ": expected rank " + rankText(ranks));
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(describe(name, x) + ": expected a floating-point data type");
        }
        if (x.isEmpty()) {
            throw new IllegalArgumentException(describe(name, x) + " is empty");
        }
        requireFinite(name, x);
    }

    /** @throws IllegalArgumentException when {@code x} holds a NaN or an infinity */
    public static void requireFinite(String name, INDArray x) {
        if (x.isNaN().any() || x.isInfinite().any()) {
            throw new IllegalArgumentException(describe(name, x) + " contains NaN or infinity");
        }
    }

    /** @throws IllegalArgumentException when the shapes of {@code x} and {@code ref} differ */
    public static void requireSameShape(String name, INDArray x, String refName, INDArray ref) {
        if (!Arrays.equals(x.shape(), ref.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + describe(name, x) + " vs " + describe(refName, ref));
        }
    }

    /** @throws IllegalArgumentException when the data types of {@code x} and {@code ref} differ */
    public static void requireSameDataType(String name, INDArray x, String refName, INDArray ref) {
        if (x.dataType() != ref.dataType()) {
            throw new IllegalArgumentException("data type mismatch: " + describe(name, x) + " vs " + describe(refName, ref));
        }
    }

    /** @throws IllegalArgumentException when {@code x.size(dim) != ref.size(refDim)} */
    public static void requireSameSize(String name, INDArray x, int dim, String refName, INDArray ref, int refDim) {
        if (x.size(dim) != ref.size(refDim)) {
            throw new IllegalArgumentException("size mismatch: dimension " + dim + " of " + describe(name, x)
                    + " must equal dimension " + refDim + " of " + describe(refName, ref));
        }
    }

    /** @throws IllegalArgumentException unless {@code value} is finite and positive */
    public static double requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and positive, got " + value);
        }
        return value;
    }

    /** @throws IllegalArgumentException unless {@code value} is finite and not negative */
    public static double requireNonNegative(String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    private static String rankText(int[] ranks) {
        return ranks.length == 1 ? String.valueOf(ranks[0]) : "one of " + Arrays.toString(ranks);
    }
}
