package org.dirabench.baselines.loss;

import static org.testng.Assert.assertThrows;

import org.dirabench.testing.Golden;
import org.dirabench.testing.GradientCheck;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class SoftmaxCrossEntropyTest {
    @Test
    public void gradientMatchesFiniteDifferences() {
        INDArray logits = GradientCheck.randn(21, 4, 5).muli(3);
        int[] targets = {0, 4, 2, 2};
        SoftmaxCrossEntropy.Result r = SoftmaxCrossEntropy.compute(logits, targets);
        GradientCheck.assertGradient(x -> SoftmaxCrossEntropy.compute(x, targets).loss(), logits, r.gradLogits(),
                1e-6, "grad_logits");
    }

    @Test
    public void isStableForLargeLogits() {
        INDArray logits = GradientCheck.randn(22, 2, 3).addi(1e4);
        INDArray shifted = logits.sub(1e4);
        Golden.assertClose(SoftmaxCrossEntropy.compute(logits, new int[] {1, 2}).loss(),
                SoftmaxCrossEntropy.compute(shifted, new int[] {1, 2}).loss(), 1e-9, "shift invariance");
    }

    @Test
    public void rejectsBadTargets() {
        INDArray logits = GradientCheck.randn(23, 2, 3);
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.compute(logits, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.compute(logits, new int[] {0, 3}));
        assertThrows(IllegalArgumentException.class, () -> SoftmaxCrossEntropy.compute(logits, new int[] {-1, 0}));
    }
}
