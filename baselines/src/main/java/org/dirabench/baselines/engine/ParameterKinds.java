package org.dirabench.baselines.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Tells trainable parameters from batch-norm running statistics in a DL4J parameter table.
 *
 * <p>DL4J keeps a BN layer's running mean and its running variance (stored as {@code var}, or as
 * {@code log10stdev} when {@code useLogStd} is on, the M2.1 default) among the parameters, updated through a no-op
 * updater. PyTorch keeps them as buffers: they are not optimised, not weight-decayed, and a MoCo momentum update
 * averages {@code parameters()} only (DL4J-NOTES.md §3 pitfall 5). Keys are {@code <layer>_<param>}.
 */
public final class ParameterKinds {
    private ParameterKinds() {
    }

    /**
     * @param key a parameter-table key such as {@code layer1.0.bn1_mean}
     * @return whether it is a batch-norm running statistic (mean, var or log10stdev)
     */
    public static boolean isRunningStatistic(String key) {
        return key.endsWith("_mean") || key.endsWith("_var") || key.endsWith("_log10stdev");
    }

    /**
     * @param graph an initialised graph
     * @return its trainable parameters (views into the flat parameter vector), in table order
     */
    public static Map<String, INDArray> trainable(ComputationGraph graph) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        graph.paramTable().forEach((k, v) -> {
            if (!isRunningStatistic(k)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * @param graph an initialised graph
     * @return {number of trainable parameters, number of running-statistic entries}
     */
    public static long[] count(ComputationGraph graph) {
        long trainable = 0;
        long stats = 0;
        for (Map.Entry<String, INDArray> e : graph.paramTable().entrySet()) {
            if (isRunningStatistic(e.getKey())) {
                stats += e.getValue().length();
            } else {
                trainable += e.getValue().length();
            }
        }
        return new long[] {trainable, stats};
    }
}
