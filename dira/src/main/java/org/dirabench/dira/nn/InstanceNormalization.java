package org.dirabench.dira.nn;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.NoParamLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Instance normalisation without affine parameters, as PyTorch's {@code nn.InstanceNorm2d(c)} / {@code InstanceNorm3d}
 * with their defaults ({@code affine=False}, {@code track_running_stats=False}, ε = 1e-5): every sample's every
 * channel is normalised by its own mean and biased variance over the spatial dimensions, in training and evaluation
 * alike. Input and output [N, C, H, W] or [N, C, D, H, W].
 *
 * <p>Forward: x̂ = (x − μ) / σ with μ, σ² the mean and biased variance over the M spatial elements, σ = √(σ² + ε).
 * Backward (closed form): ∂L/∂x = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / σ, g = ∂L/∂x̂, means over the same M elements; a
 * finite-difference test checks it. DL4J 1.0.0-M2.1 has no such layer, and its SameDiff lambda layers returned twice
 * the gradient in our checks, hence a layer written out.
 *
 * <p>Source: Ulyanov et al. 2016 (instance normalisation); DiRA's discriminator {@code DiRA_models.py:L355-L378}.
 */
public class InstanceNormalization extends NoParamLayer {
    private static final long serialVersionUID = 1L;
    private double eps;

    /** For JSON deserialisation; ε = 1e-5. */
    public InstanceNormalization() {
        this(1e-5);
    }

    /** @param eps added to the variance */
    public InstanceNormalization(@JsonProperty("eps") double eps) {
        this.eps = eps;
    }

    public double getEps() {
        return eps;
    }

    public void setEps(double eps) {
        this.eps = eps;
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners, int layerIndex, INDArray layerParamsView,
            boolean initializeParams, DataType networkDataType) {
        Impl layer = new Impl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> table = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(table);
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // no parameters
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        long perExample = inputType.arrayElementsPerExample();
        return new LayerMemoryReport.Builder(layerName, InstanceNormalization.class, inputType, inputType)
                .standardMemory(0, 0).workingMemory(0, 2 * perExample, 0, 3 * perExample)
                .cacheMemory(0, 0).build();
    }

    @Override
    public InstanceNormalization clone() {
        return (InstanceNormalization) super.clone();
    }

    /** The layer implementation. */
    public static final class Impl extends AbstractLayer<InstanceNormalization> {
        private static final long serialVersionUID = 1L;

        Impl(NeuralNetConfiguration conf, DataType dataType) {
            super(conf, dataType);
        }

        /** Normalised input x̂ as [N·C, M] and 1/σ as [N·C, 1]. */
        private INDArray[] normalise(INDArray x) {
            long rows = x.size(0) * x.size(1);
            INDArray x2 = x.dup('c').reshape('c', rows, x.length() / rows);
            INDArray mean = x2.mean(true, 1);
            INDArray centred = x2.subiColumnVector(mean);
            INDArray var = centred.mul(centred).mean(true, 1);
            INDArray invStd = Transforms.pow(var.addi(layerConf().getEps()), -0.5, false);
            return new INDArray[] {centred.muliColumnVector(invStd), invStd};
        }

        @Override
        public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
            assertInputSet(false);
            INDArray y = normalise(input)[0].reshape('c', input.shape());
            return mgr.leverageTo(ArrayType.ACTIVATIONS, y);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
            assertInputSet(true);
            INDArray[] n = normalise(input);
            INDArray xhat = n[0];
            INDArray g = epsilon.dup('c').reshape('c', xhat.shape());
            INDArray gMean = g.mean(true, 1);
            INDArray gxMean = g.mul(xhat).mean(true, 1);
            INDArray dx = g.subiColumnVector(gMean).subi(xhat.muliColumnVector(gxMean)).muliColumnVector(n[1]);
            return new Pair<>(new DefaultGradient(),
                    mgr.leverageTo(ArrayType.ACTIVATION_GRAD, dx.reshape('c', input.shape())));
        }

        @Override
        public double calcRegularizationScore(boolean backpropParamsOnly) {
            return 0;
        }

        @Override
        public Type type() {
            return Type.CONVOLUTIONAL;
        }

        @Override
        public boolean isPretrainLayer() {
            return false;
        }

        @Override
        public void clearNoiseWeightParams() {
        }

        @Override
        public INDArray params() {
            return null;
        }
    }
}
