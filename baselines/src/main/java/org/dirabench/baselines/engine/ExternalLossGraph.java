package org.dirabench.baselines.engine;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.deeplearning4j.nn.api.FwdPassType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link ComputationGraph} trained by a loss computed outside it (ARCHITECTURE.md §3, DL4J-NOTES.md §3).
 *
 * <p>The graph has no output layers: its outputs are ordinary layers. One training step is
 * {@link #gradientFromExternalLoss}: a forward pass in training mode with DL4J's workspaces, the caller's function
 * mapping the (detached) outputs to dLoss/dOutput, and backpropagation of those errors; then
 * {@link #applyGradient}: the graph's own updater (momentum, Adam, schedules) and the parameter update. The protected
 * DL4J internals this needs ({@code ffToLayerActivationsInWS}, {@code calcBackpropGradients}) are why it is a
 * subclass. Backpropagation also produces DL4J's batch-norm running-statistics "gradients" (the update of the running
 * mean and variance, applied with a no-op updater), so {@link #applyGradient} also advances those statistics.
 */
public class ExternalLossGraph extends ComputationGraph {
    private static final long serialVersionUID = 1L;

    /** @param configuration a graph configuration whose outputs are plain layers */
    public ExternalLossGraph(ComputationGraphConfiguration configuration) {
        super(configuration);
    }

    /**
     * Forward pass, external loss, backward pass.
     *
     * @param inputs            the graph inputs, e.g. one [N, C, H, W] batch
     * @param outputsToErrors   given the outputs (in the configuration's output order, detached from workspaces),
     *                          returns dLoss/dOutput for each output in the same order and shapes; a zero array stops
     *                          the gradient at that output. Outputs and errors are closed after backpropagation:
     *                          copy what must outlive the step
     * @return the gradient of every parameter (views of the graph's flat gradient array: consume or copy it before
     *         the next call)
     */
    public Gradient gradientFromExternalLoss(INDArray[] inputs, Function<INDArray[], INDArray[]> outputsToErrors) {
        setInputs(inputs);
        LayerWorkspaceMgr mgr = workspaceManager();
        try (MemoryWorkspace ws = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            Map<String, INDArray> activations = ffToLayerActivationsInWS(true, -1, null, FwdPassType.STANDARD, false,
                    inputs, null, null, false);
            INDArray[] errors;
            INDArray[] outputs;
            try (MemoryWorkspace outside = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                List<String> names = getConfiguration().getNetworkOutputs();
                outputs = new INDArray[names.size()];
                for (int i = 0; i < outputs.length; i++) {
                    outputs[i] = activations.get(names.get(i)).detach();
                }
                errors = outputsToErrors.apply(outputs);
                if (errors == null || errors.length != outputs.length) {
                    throw new IllegalStateException("loss returned " + (errors == null ? "null" : errors.length)
                            + " output errors for " + outputs.length + " outputs " + names);
                }
                for (int i = 0; i < errors.length; i++) {
                    if (!java.util.Arrays.equals(errors[i].shape(), outputs[i].shape())) {
                        throw new IllegalStateException("error for output " + names.get(i) + " has shape "
                                + java.util.Arrays.toString(errors[i].shape()) + ", output has "
                                + java.util.Arrays.toString(outputs[i].shape()));
                    }
                    if (errors[i].dataType() != outputs[i].dataType()) {
                        errors[i] = errors[i].castTo(outputs[i].dataType());
                    }
                }
            }
            calcBackpropGradients(false, false, errors);
            release(outputs);
            release(errors);
        }
        for (GraphVertex v : getVertices()) {
            v.clear();
        }
        return gradient();
    }

    /**
     * Applies the graph's updater to a gradient and subtracts the result from the parameters.
     *
     * @param gradient  from {@link #gradientFromExternalLoss}, possibly modified (weight decay, sums over passes)
     * @param iteration the global step, from 0 (Adam's bias correction and step schedules read it)
     * @param epoch     the epoch, from 0 (per-epoch schedules read it)
     */
    public void applyGradient(Gradient gradient, int iteration, int epoch) {
        // batch size 1: the external loss is already a mean over the batch (DL4J-NOTES.md §3 pitfall 2)
        getUpdater().update(gradient, iteration, epoch, 1, LayerWorkspaceMgr.noWorkspaces());
        params().subi(gradient.gradient());
        getConfiguration().setIterationCount(iteration + 1);
        getConfiguration().setEpochCount(epoch);
    }

    /**
     * Frees the detached outputs and the errors right after backpropagation. ND4J frees a detached array's native
     * memory only after the garbage collector has collected it, so arrays made every step are closed explicitly
     * (docs/BACKEND.md, Memory). A loss must therefore copy ({@code dup()}) any output or error it keeps beyond the
     * step.
     */
    private static void release(INDArray[] arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) {
                a.close();
            }
        }
    }

    private LayerWorkspaceMgr workspaceManager() {
        if (getConfiguration().getTrainingWorkspaceMode() == WorkspaceMode.NONE) {
            return LayerWorkspaceMgr.noWorkspaces();
        }
        return LayerWorkspaceMgr.builder()
                .with(ArrayType.ACTIVATIONS, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
                .with(ArrayType.INPUT, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
                .with(ArrayType.FF_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
                .with(ArrayType.BP_WORKING_MEM, WS_LAYER_WORKING_MEM, WS_LAYER_WORKING_MEM_CONFIG)
                .with(ArrayType.RNN_FF_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
                .with(ArrayType.RNN_BP_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM, WS_RNN_LOOP_WORKING_MEM_CONFIG)
                .with(ArrayType.UPDATER_WORKING_MEM, WS_ALL_LAYERS_ACT, WS_ALL_LAYERS_ACT_CONFIG)
                .build();
    }
}
