package org.dirabench.harness.downstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies pretrained weights into a downstream network by parameter name, as DiRA's README does for fine-tuning
 * (REFERENCE.md §1.6; pitfall P9): classification takes the encoder (the projection head, decoder and restoration
 * head are dropped), segmentation the encoder and decoder. Batch-norm running statistics travel with their layers
 * (PyTorch's {@code state_dict} carries them too). The new head keeps its fresh initialisation.
 */
public final class EncoderTransfer {
    private EncoderTransfer() {
    }

    /**
     * @param from      the pretrained network (e.g. the query U-Net of a pretraining job)
     * @param to        the downstream network, initialised
     * @param freshKeys name prefixes of the downstream network's own new layers (e.g. {@code logits}), not copied
     * @return the parameter keys copied
     * @throws IllegalArgumentException when a parameter of {@code to} outside {@code freshKeys} is missing in
     *                                  {@code from} or has another shape (a checkpoint of a different width or input)
     */
    public static List<String> copy(ComputationGraph from, ComputationGraph to, Set<String> freshKeys) {
        Map<String, INDArray> src = from.paramTable();
        List<String> copied = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : to.paramTable().entrySet()) {
            String key = e.getKey();
            if (freshKeys.stream().anyMatch(key::startsWith)) {
                continue;
            }
            INDArray s = src.get(key);
            if (s == null) {
                problems.add(key + " missing");
            } else if (!java.util.Arrays.equals(s.shape(), e.getValue().shape())) {
                problems.add(key + " " + java.util.Arrays.toString(s.shape()) + " vs "
                        + java.util.Arrays.toString(e.getValue().shape()));
            } else {
                e.getValue().assign(s);
                copied.add(key);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("pretrained network does not match the downstream encoder ("
                    + problems.size() + " parameters): " + problems.subList(0, Math.min(5, problems.size())));
        }
        return copied;
    }
}
