package org.dirabench.baselines.method;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.baselines.engine.StepContext;
import org.dirabench.baselines.engine.StepLoss;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A self-supervised method, as the training engine ({@link org.dirabench.baselines.engine.Pretrainer}) drives it.
 *
 * <p>The engine owns the trainable graph (the query U-Net in MoCo's terms) and its optimiser; a method contributes
 * its heads, says which inputs go through the trainable graph with gradient (its "passes"), computes its loss and the
 * loss's gradient with respect to the graph outputs on the detached outputs, and keeps whatever else it needs
 * (momentum encoder, queue). DiRA decorates any method ({@code org.dirabench.dira}).
 */
public interface SelfSupervisedMethod {
    /** @return the method id, e.g. {@code moco_v2} */
    String id();

    /** @return whether the trainable graph needs the U-Net decoder and restoration head */
    default boolean needsDecoder() {
        return false;
    }

    /**
     * Adds the method's heads to the backbone.
     *
     * @param graph the backbone under construction
     * @return names of the head layers to expose as graph outputs, after the backbone's own outputs
     */
    List<String> addHeads(ResNetUNet2d.Graph graph);

    /**
     * @param batch a batch
     * @return the inputs of each gradient pass through the trainable graph ([view1] for MoCo)
     */
    List<INDArray> passes(PretrainBatch batch);

    /**
     * Creates auxiliary networks and state once the trainable graph is initialised.
     *
     * @param graph   the trainable graph
     * @param options how its backbone was built
     * @param seed    the run's seed
     */
    void attach(ExternalLossGraph graph, ResNetUNet2d.Options options, long seed);

    /**
     * The loss on detached outputs.
     *
     * @param outputs per pass, output name → output
     * @param batch   the batch
     * @param ctx     where the step is
     * @return total, terms and errors
     */
    StepLoss loss(List<Map<String, INDArray>> outputs, PretrainBatch batch, StepContext ctx);

    /**
     * Called after the trainable graph's update (momentum encoders, queues, auxiliary optimisers).
     *
     * @param batch the batch of the step
     * @param ctx   where the step is
     */
    default void afterUpdate(PretrainBatch batch, StepContext ctx) {
    }

    /** @return loss-term names, in the order of the curves columns */
    List<String> lossTerms();

    /** Saves auxiliary state into a checkpoint folder (which exists). */
    default void save(Path dir) throws IOException {
    }

    /** Loads what {@link #save} wrote; called after {@link #attach}. */
    default void load(Path dir) throws IOException {
    }

    /** @return the method's resolved settings, for the manifest */
    Map<String, Object> settings();
}
