package org.dirabench.baselines.engine;

import java.util.Map;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Coupled (L2) weight decay as PyTorch's optimisers apply it: {@code g ← g + wd·θ} before the momentum/Adam update
 * ({@code torch.optim.SGD(weight_decay=...)}). PyTorch's MoCo, SimSiam and DiRA decay every parameter, batch-norm
 * γ/β and biases included; DL4J's own L2 skips batch-norm parameters, which is why the engine applies decay itself.
 * Barlow Twins excludes biases and BN parameters ({@code barlowtwins main.py:L90-L101}): {@code excludeNormAndBias}.
 * Batch-norm running statistics are never decayed.
 */
public final class WeightDecay {
    private final double rate;
    private final boolean excludeNormAndBias;

    /**
     * @param rate               wd, ≥ 0
     * @param excludeNormAndBias skip 1-D parameters (biases, BN γ/β) as Barlow Twins does
     */
    public WeightDecay(double rate, boolean excludeNormAndBias) {
        if (!(rate >= 0)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + rate);
        }
        this.rate = rate;
        this.excludeNormAndBias = excludeNormAndBias;
    }

    public double rate() {
        return rate;
    }

    /**
     * Adds {@code rate·θ} to the gradient of every decayed parameter, in place.
     *
     * @param graph    the graph whose parameters the gradient belongs to
     * @param gradient its gradient (views into the flat gradient)
     */
    public void apply(ComputationGraph graph, Gradient gradient) {
        if (rate == 0) {
            return;
        }
        Map<String, INDArray> grads = gradient.gradientForVariable();
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            String key = e.getKey();
            if (ParameterKinds.isRunningStatistic(key) || (excludeNormAndBias && isNormOrBias(key))) {
                continue;
            }
            INDArray g = grads.get(key);
            if (g != null) {
                Nd4j.getBlasWrapper().level1().axpy(g.length(), rate, e.getValue().reshape(g.shape()), g);
            }
        }
    }

    /** @return whether a key names a bias or a batch-norm scale/shift */
    static boolean isNormOrBias(String key) {
        return key.endsWith("_b") || key.endsWith("_gamma") || key.endsWith("_beta");
    }
}
