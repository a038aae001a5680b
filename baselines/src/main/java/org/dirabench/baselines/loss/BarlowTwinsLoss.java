package org.dirabench.baselines.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Barlow Twins redundancy-reduction loss (Zbontar et al. 2021).
 *
 * <p>Each branch is standardised per feature over the batch, as {@code BatchNorm1d(affine=False)} in training mode:
 * ẑ = (z − μ)/√(σ² + ε), biased variance, ε = 1e-5. Then C = ẑ1ᵀ ẑ2 / N [D, D] and
 * L = Σ_i (1 − C_ii)² + λ Σ_{i≠j} C_ij², λ = 0.0051 by default.
 *
 * <p>Single device, whole batch: N is the <b>global</b> batch size and μ, σ² are taken over the whole batch, as the
 * official code's SyncBatchNorm and {@code c.div_(batch_size); all_reduce(c)} (sum) give (REFERENCE.md §6 P4). A
 * data-parallel port must sum the per-part numerators ẑ1[part]ᵀ ẑ2[part] and divide by the global N, never average
 * per-part C matrices.
 *
 * <p>Gradient: W = ∂L/∂C with W_ii = −2(1 − C_ii), W_ij = 2λ C_ij (i ≠ j); ∂L/∂ẑ1 = ẑ2 Wᵀ / N,
 * ∂L/∂ẑ2 = ẑ1 W / N; through the standardisation (per feature, g = ∂L/∂ẑ, s = √(σ² + ε)):
 * ∂L/∂z = (g − mean_n g − ẑ ⊙ mean_n(g ⊙ ẑ)) / s, which is exact with ε inside s.
 *
 * <p>Sources: BT main.py:L204-L221 (bn, c, on_diag, off_diag), L180-L184 ({@code off_diagonal}), L39-L40 (λ);
 * checked against golden/barlow_twins_small.json and barlow_twins_wide.json.
 */
public final class BarlowTwinsLoss {
    /** λ of the official code ({@code --lambd 0.0051}). */
    public static final double DEFAULT_LAMBDA = 0.0051;
    /** BatchNorm1d's ε. */
    public static final double BATCH_NORM_EPS = 1e-5;

    private final double lambda;

    /** With λ = {@value #DEFAULT_LAMBDA}. */
    public BarlowTwinsLoss() {
        this(DEFAULT_LAMBDA);
    }

    /** @throws IllegalArgumentException unless {@code lambda} is finite and ≥ 0 */
    public BarlowTwinsLoss(double lambda) {
        this.lambda = InputChecks.requireNonNegative("lambda", lambda);
    }

    /** @return λ, the weight of the off-diagonal term */
    public double lambda() {
        return lambda;
    }

    /**
     * @param loss             on-diagonal + λ · off-diagonal
     * @param onDiag           Σ_i (1 − C_ii)²
     * @param offDiag          Σ_{i≠j} C_ij², not weighted by λ
     * @param crossCorrelation C [D, D]
     * @param gradZ1           ∂loss/∂z1 [N, D] (w.r.t. the raw, un-standardised z1)
     * @param gradZ2           ∂loss/∂z2 [N, D]
     */
    public record Result(double loss, double onDiag, double offDiag, INDArray crossCorrelation, INDArray gradZ1,
                         INDArray gradZ2) {
    }

    /**
     * @param z1 projector output of view 1 [N, D], N ≥ 2
     * @param z2 projector output of view 2 [N, D], same data type; not modified
     * @throws IllegalArgumentException on a shape or data-type mismatch, N &lt; 2 (BatchNorm1d refuses one sample per
     *                                  feature), or a NaN or infinite input
     */
    public Result compute(INDArray z1, INDArray z2) {
        InputChecks.require("z1", z1, 2);
        InputChecks.require("z2", z2, 2);
        InputChecks.requireSameShape("z2", z2, "z1", z1);
        InputChecks.requireSameDataType("z2", z2, "z1", z1);
        if (z1.size(0) < 2) {
            throw new IllegalArgumentException(InputChecks.describe("z1", z1)
                    + ": batch standardisation needs at least 2 samples");
        }
        long n = z1.size(0);
        Standardized s1 = new Standardized(z1);
        Standardized s2 = new Standardized(z2);
        INDArray c = s1.z.transpose().mmul(s2.z).divi(n);

        INDArray diag = Nd4j.diag(c);                       // [D]
        INDArray oneMinusDiag = diag.rsub(1.0);
        double onDiag = oneMinusDiag.mul(oneMinusDiag).sumNumber().doubleValue();
        // Off-diagonal sum taken directly rather than as Σ C² − Σ C_ii², which would cancel in float32.
        INDArray offSquares = c.mul(c);
        INDArray w = c.mul(2 * lambda);
        for (long i = 0; i < c.size(0); i++) {
            offSquares.putScalar(i, i, 0.0);
            w.putScalar(i, i, -2.0 * oneMinusDiag.getDouble(i));
        }
        double offDiag = offSquares.sumNumber().doubleValue();
        INDArray gradZn1 = s2.z.mmul(w.transpose()).divi(n);
        INDArray gradZn2 = s1.z.mmul(w).divi(n);
        return new Result(onDiag + lambda * offDiag, onDiag, offDiag, c, s1.backward(gradZn1), s2.backward(gradZn2));
    }

    /**
     * {@code BatchNorm1d(D, affine=False)} in training mode: per-feature (column) standardisation over the batch with
     * the biased variance and ε = {@value #BATCH_NORM_EPS}.
     *
     * @param z [N, D], not modified
     * @return ẑ [N, D], a new array
     */
    public static INDArray standardize(INDArray z) {
        InputChecks.require("z", z, 2);
        return new Standardized(z).z;
    }

    @Override
    public String toString() {
        return "BarlowTwinsLoss[lambda=" + lambda + "]";
    }

    /** ẑ and 1/s of one branch, with the backward pass of the standardisation. */
    private static final class Standardized {
        final INDArray z;
        final INDArray invStd;   // [1, D]

        Standardized(INDArray raw) {
            INDArray centered = raw.subRowVector(raw.mean(true, 0));
            INDArray var = centered.mul(centered).mean(true, 0);
            this.invStd = Transforms.pow(var.addi(BATCH_NORM_EPS), -0.5, false);
            this.z = centered.muliRowVector(invStd);
        }

        INDArray backward(INDArray g) {
            INDArray meanG = g.mean(true, 0);
            INDArray meanGz = g.mul(z).mean(true, 0);
            return g.subRowVector(meanG).subi(z.mulRowVector(meanGz)).muliRowVector(invStd);
        }
    }
}
