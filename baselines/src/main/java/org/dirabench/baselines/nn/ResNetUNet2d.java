package org.dirabench.baselines.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The 2D network of DiRA: a torchvision ResNet-50 encoder with an smp-style U-Net decoder, as a DL4J
 * {@link ComputationGraphConfiguration} whose heads are added by the self-supervised method or the downstream task.
 *
 * <p>Source: REFERENCE.md §1.1 (DiRA {@code DiRA_models.py:L334-L353}; smp {@code encoders/resnet.py},
 * {@code unet/decoder.py:L8-L121}, {@code base/heads.py:L5-L11}, {@code base/initialization.py:L4-L27}).
 *
 * <p>Encoder, for a [N, C, S, S] input ({@code S} divisible by 32), with layer names following torchvision:
 * <ul>
 *   <li>{@value #F1}: conv1 7×7/2 (pad 3, no bias) + BN + ReLU, [N, 64w, S/2, S/2]</li>
 *   <li>{@value #F2}: max-pool 3×3/2 (pad 1) + layer1 (3 bottlenecks), [N, 256w, S/4, S/4]</li>
 *   <li>{@value #F3}: layer2 (4 bottlenecks, first with stride 2 on its 3×3 conv, torchvision v1.5),
 *       [N, 512w, S/8, S/8]</li>
 *   <li>{@value #F4}: layer3 (6), [N, 1024w, S/16, S/16]</li>
 *   <li>{@value #F5}: layer4 (3), [N, 2048w, S/32, S/32]</li>
 * </ul>
 * where {@code w = 1 / widthDivisor} and every channel count is {@code max(4, c / widthDivisor)}, so that the
 * smaller scales keep the topology (ARCHITECTURE.md §5).
 *
 * <p>Decoder (when {@link Options#decoder()}): five blocks with (256, 128, 64, 32, 16)·w channels; block i = nearest
 * ×2 upsampling, concatenation with the skip f4, f3, f2, f1 (none for the last block), then two (3×3 conv without
 * bias + BN + ReLU). Head {@value #RESTORATION}: 3×3 conv (with bias) to {@link Options#restorationChannels()} and a
 * sigmoid, [N, restorationChannels, S, S] in [0, 1].
 *
 * <p>Initialisation as the references: encoder convs Kaiming-normal (fan-out, ReLU) as torchvision ResNet; BN γ = 1,
 * β = 0; decoder convs Kaiming-uniform (fan-in, ReLU); head Xavier-uniform with zero bias (smp). Dense heads use
 * U(−1/√fanIn, 1/√fanIn) weights as PyTorch's {@code nn.Linear}, with zero bias (PyTorch draws the bias from the
 * same uniform; a documented difference). BN: ε = 1e-5, running-statistics decay 0.9 (PyTorch momentum 0.1).
 *
 * <p>At width 1 with 3 input channels and a 1-channel restoration head the encoder has 23,508,032 trainable
 * parameters and the U-Net 32,521,105, plus 55,104 batch-norm running statistics (pinned by a test).
 */
public final class ResNetUNet2d {
    /** Input vertex name. */
    public static final String INPUT = "input";
    /** Encoder feature map names (vertex outputs). */
    public static final String F1 = "relu", F2 = "layer1.2.relu", F3 = "layer2.3.relu", F4 = "layer3.5.relu",
            F5 = "layer4.2.relu";
    /** Name of the restoration head (output of the U-Net). */
    public static final String RESTORATION = "restoration";
    /** Name of the global-average-pooled f5 vector, [N, 2048w]. */
    public static final String POOLED = "avgpool";

    private static final int[] BLOCKS = {3, 4, 6, 3};
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int EXPANSION = 4;
    private static final int[] DECODER = {256, 128, 64, 32, 16};

    /**
     * How to build the network.
     *
     * @param inChannels          input channels C (3 for the gray-replicated chest X-rays of the reference)
     * @param imageSize           input height = width S in pixels, divisible by 32
     * @param widthDivisor        1 for ResNet-50 proper; 4, 8 or 16 for the smaller scales
     * @param decoder             whether to add the U-Net decoder and restoration head
     * @param restorationChannels channels of the restoration output (1: gray image)
     * @param seed                weight-initialisation seed
     * @param dataType            FLOAT for training (oneDNN is float-only), DOUBLE for gradient checks
     * @param updater             the updater of every trainable layer (the engine sets the schedule)
     */
    public record Options(int inChannels, int imageSize, int widthDivisor, boolean decoder, int restorationChannels,
            long seed, DataType dataType, IUpdater updater) {
        public Options {
            if (imageSize <= 0 || imageSize % 32 != 0) {
                throw new IllegalArgumentException("image size must be a positive multiple of 32, got " + imageSize);
            }
            if (widthDivisor < 1 || inChannels < 1 || restorationChannels < 1) {
                throw new IllegalArgumentException("widthDivisor, inChannels, restorationChannels must be >= 1");
            }
            Objects.requireNonNull(dataType, "dataType");
            Objects.requireNonNull(updater, "updater");
        }

        /** @return ResNet-50 U-Net defaults: 3 channels, width 1, decoder, 1-channel head, float32, no updater */
        public static Options of(int imageSize, int widthDivisor) {
            return new Options(3, imageSize, widthDivisor, true, 1, 0L, DataType.FLOAT, new NoOp());
        }

        public Options withDecoder(boolean d) {
            return new Options(inChannels, imageSize, widthDivisor, d, restorationChannels, seed, dataType, updater);
        }

        public Options withSeed(long s) {
            return new Options(inChannels, imageSize, widthDivisor, decoder, restorationChannels, s, dataType, updater);
        }

        public Options withDataType(DataType t) {
            return new Options(inChannels, imageSize, widthDivisor, decoder, restorationChannels, seed, t, updater);
        }

        public Options withUpdater(IUpdater u) {
            return new Options(inChannels, imageSize, widthDivisor, decoder, restorationChannels, seed, dataType, u);
        }

        public Options withInChannels(int c) {
            return new Options(c, imageSize, widthDivisor, decoder, restorationChannels, seed, dataType, updater);
        }
    }

    /**
     * A graph under construction with the names and channel counts of its feature maps, so that heads can be added.
     *
     * @param builder  the DL4J graph builder; add heads and call {@link #build(List)} (or set outputs yourself)
     * @param options  what it was built with
     * @param channels channel counts of f1..f5 (index 0..4)
     * @param outputs  outputs already defined by the backbone ({@value #RESTORATION} when the decoder is on)
     */
    public record Graph(GraphBuilder builder, Options options, int[] channels, List<String> outputs) {
        /** @return channels of f5, which is also the size of the {@value #POOLED} vector */
        public int f5Channels() {
            return channels[4];
        }

        /**
         * Adds global average pooling of f5 as vertex {@value #POOLED} ([N, f5Channels]) unless present.
         *
         * @return {@value #POOLED}
         */
        public String pooled() {
            if (!builder.getVertices().containsKey(POOLED)) {
                builder.addLayer(POOLED, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), F5);
            }
            return POOLED;
        }

        /**
         * Adds a dense layer with PyTorch {@code nn.Linear} initialisation.
         *
         * @param name       layer name
         * @param in         input vertex
         * @param nIn        input features
         * @param nOut       output features
         * @param activation activation applied after the affine map
         * @return {@code name}
         */
        public String dense(String name, String in, int nIn, int nOut, Activation activation) {
            builder.addLayer(name, new DenseLayer.Builder().nIn(nIn).nOut(nOut).activation(activation)
                    .weightInit(WeightInit.UNIFORM).biasInit(0).hasBias(true).build(), in);
            return name;
        }

        /**
         * Adds a linear classification head on the pooled f5 vector: Dense(f5Channels → nOut) without activation
         * (logits), weights N(0, std), zero bias (BenchmarkTransferLearning {@code models.py:L30-L44}: fc weights
         * N(0, 0.01)).
         *
         * @param name layer name
         * @param nOut number of outputs L
         * @param std  standard deviation of the weight initialisation
         * @return {@code name}
         */
        public String linearHead(String name, int nOut, double std) {
            builder.addLayer(name, new DenseLayer.Builder().nIn(f5Channels()).nOut(nOut)
                    .activation(Activation.IDENTITY).weightInit(new NormalDistribution(0, std)).biasInit(0)
                    .hasBias(true).build(), pooled());
            return name;
        }

        /**
         * Sets the graph outputs to the backbone's outputs followed by {@code heads} and builds the configuration.
         *
         * @param heads names of head layers to expose, in order
         * @return the configuration
         */
        public ComputationGraphConfiguration build(List<String> heads) {
            List<String> all = new ArrayList<>(outputs);
            all.addAll(heads);
            builder.setOutputs(all.toArray(new String[0]));
            return builder.build();
        }
    }

    private ResNetUNet2d() {
    }

    /**
     * Builds the encoder, and the decoder with its restoration head when asked.
     *
     * @param o options
     * @return the graph under construction; callers add their heads and build it
     */
    public static Graph backbone(Options o) {
        GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(initSeed(o.seed()))
                .dataType(o.dataType())
                .updater(o.updater())
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(o.imageSize(), o.imageSize(), o.inChannels()));
        int d = o.widthDivisor();
        int stem = ch(64, d);
        conv(g, "conv1", INPUT, o.inChannels(), stem, 7, 2, 3);
        bn(g, "bn1", "conv1", stem);
        relu(g, F1, "bn1");
        g.addLayer("maxpool", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(3, 3).stride(2, 2)
                .padding(1, 1).build(), F1);
        int[] channels = new int[5];
        channels[0] = stem;
        String x = "maxpool";
        int inC = stem;
        for (int layer = 0; layer < 4; layer++) {
            int width = ch(WIDTHS[layer], d);
            int out = ch(WIDTHS[layer] * EXPANSION, d);
            for (int b = 0; b < BLOCKS[layer]; b++) {
                int stride = (b == 0 && layer > 0) ? 2 : 1;
                x = bottleneck(g, "layer" + (layer + 1) + "." + b, x, inC, width, out, stride, b == 0);
                inC = out;
            }
            channels[layer + 1] = out;
        }
        List<String> outputs = new ArrayList<>();
        if (o.decoder()) {
            decoder(g, channels, d, o.restorationChannels());
            outputs.add(RESTORATION);
        }
        return new Graph(g, o, channels, outputs);
    }

    /**
     * The seed handed to DL4J for weight initialisation, derived from the run's seed. ND4J's native generator treats
     * seed 0 as "pick one" (initialisation then differs on every run), so the run's seed is mixed to a non-zero value.
     *
     * @param seed the run's seed (any value, 0 included)
     * @return a positive seed that depends only on {@code seed}
     */
    public static long initSeed(long seed) {
        long s = org.dirabench.datasets.batch.Seeds.mix(seed, 0x494E4954L) & Long.MAX_VALUE;
        return s == 0 ? 1 : s;
    }

    /** @return {@code max(4, c / divisor)}, the channel count at a given width */
    public static int ch(int c, int divisor) {
        return Math.max(4, c / divisor);
    }

    private static String bottleneck(GraphBuilder g, String p, String in, int inC, int width, int out, int stride,
            boolean project) {
        conv(g, p + ".conv1", in, inC, width, 1, 1, 0);
        bn(g, p + ".bn1", p + ".conv1", width);
        relu(g, p + ".relu1", p + ".bn1");
        conv(g, p + ".conv2", p + ".relu1", width, width, 3, stride, 1);
        bn(g, p + ".bn2", p + ".conv2", width);
        relu(g, p + ".relu2", p + ".bn2");
        conv(g, p + ".conv3", p + ".relu2", width, out, 1, 1, 0);
        bn(g, p + ".bn3", p + ".conv3", out);
        String shortcut = in;
        if (project) {
            conv(g, p + ".downsample.0", in, inC, out, 1, stride, 0);
            bn(g, p + ".downsample.1", p + ".downsample.0", out);
            shortcut = p + ".downsample.1";
        }
        g.addVertex(p + ".add", new ElementWiseVertex(ElementWiseVertex.Op.Add), p + ".bn3", shortcut);
        relu(g, p + ".relu", p + ".add");
        return p + ".relu";
    }

    private static void decoder(GraphBuilder g, int[] enc, int d, int headChannels) {
        String[] skips = {F4, F3, F2, F1, null};
        int[] skipC = {enc[3], enc[2], enc[1], enc[0], 0};
        String x = F5;
        int inC = enc[4];
        for (int b = 0; b < DECODER.length; b++) {
            String p = "decoder.blocks." + b;
            int out = ch(DECODER[b], d);
            g.addLayer(p + ".up", new Upsampling2D.Builder(2).build(), x);
            String cat = p + ".up";
            if (skips[b] != null) {
                g.addVertex(p + ".cat", new MergeVertex(), p + ".up", skips[b]);
                cat = p + ".cat";
            }
            decoderConv(g, p + ".conv1", cat, inC + skipC[b], out);
            bn(g, p + ".bn1", p + ".conv1", out);
            relu(g, p + ".relu1", p + ".bn1");
            decoderConv(g, p + ".conv2", p + ".relu1", out, out);
            bn(g, p + ".bn2", p + ".conv2", out);
            relu(g, p + ".relu2", p + ".bn2");
            x = p + ".relu2";
            inC = out;
        }
        g.addLayer(RESTORATION, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nIn(inC)
                .nOut(headChannels).hasBias(true).biasInit(0).weightInit(WeightInit.XAVIER_UNIFORM)
                .activation(Activation.SIGMOID).build(), x);
    }

    private static void conv(GraphBuilder g, String name, String in, int nIn, int nOut, int k, int stride, int pad) {
        double std = Math.sqrt(2.0 / ((double) nOut * k * k)); // kaiming_normal_(mode="fan_out", relu)
        g.addLayer(name, new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nIn(nIn)
                .nOut(nOut).hasBias(false).activation(Activation.IDENTITY)
                .weightInit(new NormalDistribution(0, std)).build(), in);
    }

    private static void decoderConv(GraphBuilder g, String name, String in, int nIn, int nOut) {
        g.addLayer(name, new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nIn(nIn).nOut(nOut)
                .hasBias(false).activation(Activation.IDENTITY).weightInit(WeightInit.RELU_UNIFORM).build(), in);
    }

    /**
     * Batch norm. DL4J's batch-norm layer ignores an activation set on it (M2.1 applies none), so every ReLU is a
     * layer of its own ({@link #relu}); a test pins that the network is not linear between convolutions.
     */
    private static void bn(GraphBuilder g, String name, String in, int c) {
        g.addLayer(name, new BatchNormalization.Builder().nIn(c).nOut(c).eps(1e-5).decay(0.9).build(), in);
    }

    private static void relu(GraphBuilder g, String name, String in) {
        g.addLayer(name, new ActivationLayer.Builder().activation(Activation.RELU).build(), in);
    }
}
