package org.dirabench.baselines.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up self-check of the fast path: which helper (oneDNN on CPU, cuDNN on GPU, or none) each convolution and
 * batch-norm layer got. Without helpers, DL4J 1.0.0-M2.1 runs convolutions through its built-in im2col path, about
 * 5.5 times slower on CPU (DL4J-NOTES.md §1); the check warns loudly when that happens.
 */
public final class HelperCheck {
    private static final Logger LOG = LoggerFactory.getLogger(HelperCheck.class);

    /**
     * The outcome.
     *
     * @param helpers       layer name → helper class simple name, or {@code "none"}
     * @param withoutHelper names of convolution / batch-norm layers that have no helper
     * @param backend       ND4J backend name (CPU, CUDA)
     */
    public record Result(Map<String, String> helpers, List<String> withoutHelper, String backend) {
        /** @return true when every convolution and batch-norm layer has a helper */
        public boolean fastPath() {
            return withoutHelper.isEmpty();
        }
    }

    private HelperCheck() {
    }

    /**
     * Inspects an initialised graph, logs one summary line (a loud warning when the fast path is off) and returns
     * the details.
     *
     * @param graph an initialised graph
     * @return per-layer helpers
     */
    public static Result check(ComputationGraph graph) {
        Map<String, String> helpers = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (Layer l : graph.getLayers()) {
            if (l instanceof ConvolutionLayer || l instanceof BatchNormalization) {
                LayerHelper h = l.getHelper();
                String name = l.conf().getLayer().getLayerName();
                helpers.put(name, h == null ? "none" : h.getClass().getSimpleName());
                if (h == null) {
                    missing.add(name);
                }
            }
        }
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "?");
        Result r = new Result(helpers, missing, backend);
        if (!"CPU".equalsIgnoreCase(backend)) {
            // DL4J M2.1 publishes no cuDNN layer helpers: on CUDA, layers use ND4J's cuDNN-backed ops instead
            LOG.info("backend {}: {} of {} convolution/batch-norm layers have a DL4J helper (oneDNN helpers are"
                    + " CPU-only)", backend, helpers.size() - missing.size(), helpers.size());
        } else if (r.fastPath()) {
            LOG.info("fast path on: all {} convolution/batch-norm layers have a helper ({})", helpers.size(),
                    helpers.values().stream().distinct().toList());
        } else {
            LOG.warn("\n*****************************************************************************\n"
                    + "* FAST PATH OFF: {} of {} convolution/batch-norm layers have no oneDNN/cuDNN helper\n"
                    + "* (first: {}). Training will be several times slower. Check that the\n"
                    + "* onednn nd4j-native build is loaded and -D{}=false (docs/BACKEND.md).\n"
                    + "*****************************************************************************",
                    missing.size(), helpers.size(), missing.get(0),
                    org.dirabench.datasets.backend.NativeBackend.HELPERS_PROPERTY);
        }
        return r;
    }
}
