package org.dirabench.baselines.engine;

import java.util.List;
import java.util.Map;

/**
 * The loss of one step and dLoss/dOutput for each pass through the trainable graph.
 *
 * @param total  the minimised scalar
 * @param terms  named terms for the curves (e.g. {@code dis}, {@code res}, {@code adv}, {@code d}), unweighted
 * @param errors per pass, output name → dLoss/dOutput (same shape as the output); outputs not in the map get a zero
 *               error (no gradient through them)
 */
public record StepLoss(double total, Map<String, Double> terms, List<Map<String, org.nd4j.linalg.api.ndarray.INDArray>> errors) {
}
