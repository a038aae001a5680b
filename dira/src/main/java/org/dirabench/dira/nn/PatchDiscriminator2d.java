package org.dirabench.dira.nn;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DiRA's adversarial discriminator, a PatchGAN-style network scoring patches of a gray image as real (restoration
 * target) or restored (REFERENCE.md §1.1; DiRA {@code DiRA_models.py:L355-L386}).
 *
 * <p>Blocks of 3×3 convolution (padding 1) [+ instance norm, {@link InstanceNormalization}] + LeakyReLU(0.2): 1 → 64
 * (stride 2, no norm), 64 → 128 (stride 2), 128 → 256 (stride 2), 256 → 512 (stride 1), then a 3×3 convolution to one
 * channel (stride 1), no sigmoid (least-squares GAN). For a [N, 1, S, S] input the output is [N, 1, S/8, S/8]
 * (28×28 at 224, 8×8 at 64), computed from the input size ({@link #outputSize}) where the reference hard-codes
 * (1, 28, 28) (pitfall P11). Convolution weights are drawn from N(0, 0.02) ({@code weights_init_normal}); biases start
 * at 0 where PyTorch keeps its default uniform bias (a documented difference). At smaller scales every channel count
 * is divided by the network's width divisor (minimum 4), like the U-Net's.
 *
 * <p>It is a {@link MultiLayerNetwork} without workspaces: small, and its input gradient (needed for the generator's
 * adversarial term) is available through {@code backpropGradient} (DL4J-NOTES.md §3 pitfall 6).
 */
public final class PatchDiscriminator2d {
    private static final int[] CHANNELS = {64, 128, 256, 512};
    private static final int[] STRIDES = {2, 2, 2, 1};

    private PatchDiscriminator2d() {
    }

    /**
     * @param imageSize    input height = width S (pixels), divisible by 8
     * @param inChannels   input channels (1: gray)
     * @param widthDivisor channel divisor (1 = the reference)
     * @param adam         the discriminator's own optimiser (reference: Adam lr 2e-4, β 0.5 / 0.999)
     * @param seed         initialisation seed
     * @param dataType     FLOAT, or DOUBLE for gradient checks
     * @return the configuration
     * @throws IllegalArgumentException when S is not divisible by 8
     */
    public static MultiLayerConfiguration configuration(int imageSize, int inChannels, int widthDivisor, Adam adam,
            long seed, DataType dataType) {
        if (imageSize % 8 != 0) {
            throw new IllegalArgumentException("discriminator input size must be divisible by 8, got " + imageSize);
        }
        IActivation leaky = new ActivationLReLU(0.2);
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder()
                .seed(org.dirabench.baselines.nn.ResNetUNet2d.initSeed(seed)).dataType(dataType).updater(adam)
                .weightInit(new NormalDistribution(0, 0.02)).biasInit(0)
                .convolutionMode(ConvolutionMode.Truncate)
                .trainingWorkspaceMode(WorkspaceMode.NONE).inferenceWorkspaceMode(WorkspaceMode.NONE)
                .list();
        int in = inChannels;
        for (int i = 0; i < CHANNELS.length; i++) {
            int out = Math.max(4, CHANNELS[i] / widthDivisor);
            boolean norm = i > 0;
            b.layer(new ConvolutionLayer.Builder(3, 3).stride(STRIDES[i], STRIDES[i]).padding(1, 1).nIn(in).nOut(out)
                    .activation(norm ? new ActivationIdentity() : leaky).name("block" + i + ".conv").build());
            if (norm) {
                b.layer(new InstanceNormalization(1e-5));
                b.layer(new ActivationLayer.Builder().activation(leaky).name("block" + i + ".lrelu").build());
            }
            in = out;
        }
        b.layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nIn(in).nOut(1)
                .activation(new ActivationIdentity()).name("patch_scores").build());
        b.setInputType(InputType.convolutional(imageSize, imageSize, inChannels));
        return b.build();
    }

    /** @return an initialised discriminator */
    public static MultiLayerNetwork create(int imageSize, int inChannels, int widthDivisor, Adam adam, long seed,
            DataType dataType) {
        MultiLayerNetwork d = new MultiLayerNetwork(configuration(imageSize, inChannels, widthDivisor, adam, seed,
                dataType));
        d.init();
        return d;
    }

    /**
     * The shape of one sample's patch-score map, read from the configuration's layer output types rather than a
     * formula (the reference hard-codes (1, 28, 28), pitfall P11).
     *
     * @param imageSize  input side S
     * @param inChannels input channels
     * @return {channels, height, width}: {1, S/8, S/8} for this architecture
     */
    public static long[] outputShape(int imageSize, int inChannels) {
        MultiLayerConfiguration conf = configuration(imageSize, inChannels, 1, referenceAdam(), 0, DataType.FLOAT);
        java.util.List<InputType> types = conf.getLayerActivationTypes(
                InputType.convolutional(imageSize, imageSize, inChannels));
        InputType.InputTypeConvolutional last = (InputType.InputTypeConvolutional) types.get(types.size() - 1);
        return new long[] {last.getChannels(), last.getHeight(), last.getWidth()};
    }

    /** @return the reference optimiser: Adam lr 2e-4, β1 0.5, β2 0.999 ({@code main_DiRA_moco.py:L236-L239}) */
    public static Adam referenceAdam() {
        return new Adam(2e-4, 0.5, 0.999, 1e-8);
    }
}
