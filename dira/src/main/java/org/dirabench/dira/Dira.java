package org.dirabench.dira;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.dirabench.baselines.engine.Checkpoint;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.baselines.engine.StepContext;
import org.dirabench.baselines.engine.StepLoss;
import org.dirabench.baselines.method.SelfSupervisedMethod;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.dira.loss.DiraLoss;
import org.dirabench.dira.loss.LeastSquaresGan;
import org.dirabench.dira.nn.PatchDiscriminator2d;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * DiRA (Haghighi et al., CVPR 2022) as a decorator of any self-supervised method: the wrapped method's
 * discriminative loss, plus restoration of view 1 by the U-Net decoder, plus (stage 2) an adversarial discriminator
 * on the restorations. L = λdis·L_dis + λres·L_res + λadv·L_adv (REFERENCE.md §1.1–1.4; DiRA {@code trainer.py}).
 *
 * <ul>
 *   <li>Restoration branch: the trainable U-Net's {@value ResNetUNet2d#RESTORATION} output on the first pass (view 1,
 *       distorted by the loader), against the batch's target (the gray crop of view 1 before appearance
 *       augmentation and distortion), mean squared error.</li>
 *   <li>Adversarial branch ({@link Stage#ADVERSARIAL}): {@link PatchDiscriminator2d} with its own Adam; the generator
 *       term MSE(D(x'), 1) reaches the restoration through D's input gradient; the discriminator loss
 *       ½[MSE(D(x), 1) + MSE(D(x'.detach()), 0)] is computed on the same batch with D's parameters as the generator
 *       step saw them, and D's update is applied after the generator's ({@code trainer.py:L147-L178}). D has no batch
 *       norm, so real and restored images share one forward pass.</li>
 *   <li>Two stages (README of DiRA): {@link Stage#RESTORATIVE} = "dir" (dis+res), {@link Stage#ADVERSARIAL} = "dira"
 *       (dis+res+adv) started from the stage-1 weights, queue and key encoder with a fresh discriminator and optimiser.
 *       The plain method (no decorator) is the "dis" ablation.</li>
 * </ul>
 */
public final class Dira implements SelfSupervisedMethod {
    /** Which DiRA stage this run is. */
    public enum Stage {
        /** Stage 1, "dir": discrimination + restoration. */
        RESTORATIVE("dis+res"),
        /** Stage 2, "dira": discrimination + restoration + adversarial. */
        ADVERSARIAL("dis+res+adv");

        private final String variant;

        Stage(String variant) {
            this.variant = variant;
        }

        /** @return the results-table name of the variant this stage completes */
        public String variant() {
            return variant;
        }
    }

    /**
     * DiRA settings.
     *
     * @param weights              λdis, λres, λadv (1, 10, 0.001); λadv is ignored in stage 1
     * @param stage                the stage of this run
     * @param discriminatorDivisor channel divisor of the discriminator (1 = reference widths)
     * @param discriminatorAdam    the discriminator's optimiser (Adam 2e-4, β 0.5 / 0.999)
     */
    public record Options(DiraLoss.Weights weights, Stage stage, int discriminatorDivisor, Adam discriminatorAdam) {
        public Options {
            Objects.requireNonNull(weights, "weights");
            Objects.requireNonNull(stage, "stage");
            Objects.requireNonNull(discriminatorAdam, "discriminatorAdam");
            if (discriminatorDivisor < 1) {
                throw new IllegalArgumentException("discriminator divisor must be >= 1");
            }
        }
    }

    private final SelfSupervisedMethod inner;
    private final Options opt;
    private final DiraLoss loss;
    private MultiLayerNetwork discriminator;
    private Gradient pendingGradient;
    private INDArray pendingFlat;
    private int discriminatorSteps;

    /**
     * @param inner the self-supervised method to decorate (must put its first pass on view 1)
     * @param opt   DiRA settings
     */
    public Dira(SelfSupervisedMethod inner, Options opt) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.opt = opt;
        this.loss = new DiraLoss(adversarial() ? opt.weights() : opt.weights().withoutAdversary());
    }

    private boolean adversarial() {
        return opt.stage() == Stage.ADVERSARIAL;
    }

    @Override
    public String id() {
        return "dira_" + inner.id();
    }

    /** @return the decorated method */
    public SelfSupervisedMethod inner() {
        return inner;
    }

    @Override
    public boolean needsDecoder() {
        return true;
    }

    @Override
    public List<String> addHeads(ResNetUNet2d.Graph graph) {
        if (!graph.outputs().contains(ResNetUNet2d.RESTORATION)) {
            throw new IllegalStateException("DiRA needs the U-Net decoder: build the backbone with decoder=true");
        }
        return inner.addHeads(graph);
    }

    @Override
    public List<INDArray> passes(PretrainBatch batch) {
        if (batch.target() == null) {
            throw new IllegalArgumentException("DiRA needs a restoration target in every batch: enable the loader's "
                    + "restoration distortion (views.distort=true)");
        }
        return inner.passes(batch);
    }

    @Override
    public void attach(ExternalLossGraph graph, ResNetUNet2d.Options options, long seed) {
        inner.attach(graph, options, seed);
        if (adversarial()) {
            discriminator = PatchDiscriminator2d.create(options.imageSize(), options.restorationChannels(),
                    opt.discriminatorDivisor(), opt.discriminatorAdam(), seed ^ 0x44495241L, options.dataType());
            discriminatorSteps = 0;
        }
    }

    @Override
    public StepLoss loss(List<Map<String, INDArray>> outputs, PretrainBatch batch, StepContext ctx) {
        StepLoss dis = inner.loss(outputs, batch, ctx);
        INDArray restored = outputs.get(0).get(ResNetUNet2d.RESTORATION);
        INDArray target = batch.target().castTo(restored.dataType());
        DiraLoss.GeneratorResult g;
        INDArray gradRestored;
        Map<String, Double> terms = new LinkedHashMap<>(dis.terms());
        terms.put("dis", dis.total());
        if (adversarial()) {
            INDArray dOfRestored = discriminate(restored);
            g = loss.generator(dis.total(), restored, target, dOfRestored);
            gradRestored = g.gradRestored(eps -> inputGradient(restored, eps));
            LeastSquaresGan.DiscriminatorResult d = discriminatorGradient(target, restored);
            terms.put("res", g.restoration());
            terms.put("adv", g.adversarial());
            terms.put("d", d.loss());
        } else {
            g = loss.generator(dis.total(), restored, target);
            gradRestored = g.gradRestored(eps -> {
                throw new IllegalStateException("no discriminator in stage 1");
            });
            terms.put("res", g.restoration());
        }
        List<Map<String, INDArray>> errors = new ArrayList<>();
        for (int p = 0; p < dis.errors().size(); p++) {
            Map<String, INDArray> e = new LinkedHashMap<>();
            dis.errors().get(p).forEach((name, grad) -> e.put(name, g.scaleDiscriminative(grad)));
            if (p == 0) {
                e.put(ResNetUNet2d.RESTORATION, gradRestored);
            }
            errors.add(e);
        }
        return new StepLoss(g.loss(), terms, errors);
    }

    @Override
    public void afterUpdate(PretrainBatch batch, StepContext ctx) {
        inner.afterUpdate(batch, ctx);
        if (adversarial() && pendingGradient != null) {
            // the discriminator steps after the generator, on the same batch (trainer.py:L170-L178)
            discriminator.getGradientsViewArray().assign(pendingFlat);
            discriminator.getUpdater().update(discriminator, pendingGradient, discriminatorSteps, ctx.epoch(), 1,
                    LayerWorkspaceMgr.noWorkspaces());
            INDArray params = discriminator.params();
            params.subi(discriminator.getGradientsViewArray().reshape(params.shape()));
            discriminatorSteps++;
            pendingGradient = null;
            pendingFlat = null;
        }
    }

    /** D(x) in training mode, [N, 1, S/8, S/8]. */
    private INDArray discriminate(INDArray x) {
        discriminator.setInput(x);
        List<INDArray> acts = discriminator.feedForward(true, false);
        return acts.get(acts.size() - 1);
    }

    /** ∂(eps · D(x))/∂x: D's input gradient for an error at its output; D's parameter gradients are discarded. */
    private INDArray inputGradient(INDArray x, INDArray eps) {
        discriminate(x);
        Pair<Gradient, INDArray> p = discriminator.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        return p.getSecond().dup();
    }

    /**
     * L_D and its gradient for D's parameters on [real; restored] in one pass (per-sample instance norm: the two
     * halves do not interact), kept for {@link #afterUpdate}.
     */
    private LeastSquaresGan.DiscriminatorResult discriminatorGradient(INDArray target, INDArray restored) {
        int n = (int) target.size(0);
        INDArray both = Nd4j.concat(0, target, restored);
        INDArray scores = discriminate(both);
        INDArray real = scores.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        INDArray fake = scores.get(NDArrayIndex.interval(n, 2 * n), NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.all());
        LeastSquaresGan.DiscriminatorResult d = LeastSquaresGan.discriminator(real.dup(), fake.dup());
        INDArray eps = Nd4j.concat(0, d.gradDOfReal(), d.gradDOfFake());
        Pair<Gradient, INDArray> p = discriminator.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
        pendingGradient = p.getFirst();
        pendingFlat = discriminator.getGradientsViewArray().dup();
        return d;
    }

    @Override
    public List<String> lossTerms() {
        return adversarial() ? List.of("dis", "res", "adv", "d") : List.of("dis", "res");
    }

    @Override
    public void save(Path dir) throws IOException {
        inner.save(dir);
        if (adversarial()) {
            Checkpoint.writeArray(dir.resolve("discriminator_params.bin"), discriminator.params());
            Checkpoint.writeArray(dir.resolve("discriminator_updater.bin"),
                    discriminator.getUpdater().getStateViewArray());
            Files.writeString(dir.resolve("discriminator_steps.txt"), Integer.toString(discriminatorSteps));
        }
    }

    /**
     * Loads the wrapped method's state, and the discriminator's when present: a stage-1 checkpoint has none, and
     * stage 2 starts with a fresh discriminator (REFERENCE.md §1.4).
     */
    @Override
    public void load(Path dir) throws IOException {
        inner.load(dir);
        Path d = dir.resolve("discriminator_params.bin");
        if (adversarial() && Files.exists(d)) {
            INDArray p = Checkpoint.readArray(d);
            if (p.length() != discriminator.params().length()) {
                throw new IOException(d + ": " + p.length() + " discriminator parameters, expected "
                        + discriminator.params().length());
            }
            discriminator.params().assign(p.reshape(discriminator.params().shape()));
            discriminator.getUpdater().getStateViewArray().assign(
                    Checkpoint.readArray(dir.resolve("discriminator_updater.bin"))
                            .reshape(discriminator.getUpdater().getStateViewArray().shape()));
            discriminatorSteps = Integer.parseInt(Files.readString(dir.resolve("discriminator_steps.txt")).trim());
        }
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("inner", inner.id());
        m.put("inner_settings", inner.settings());
        m.put("stage", opt.stage().name().toLowerCase(java.util.Locale.ROOT));
        m.put("variant", opt.stage().variant());
        m.put("lambda_dis", opt.weights().dis());
        m.put("lambda_res", opt.weights().res());
        m.put("lambda_adv", adversarial() ? opt.weights().adv() : 0.0);
        if (adversarial()) {
            m.put("discriminator_divisor", opt.discriminatorDivisor());
            m.put("discriminator_lr", opt.discriminatorAdam().getLearningRate());
            m.put("discriminator_beta1", opt.discriminatorAdam().getBeta1());
            m.put("discriminator_beta2", opt.discriminatorAdam().getBeta2());
        }
        return m;
    }

    /** @return the flat gradient of L_D for D's parameters from the last loss call, kept for the D step (tests) */
    INDArray pendingDiscriminatorGradient() {
        return pendingFlat;
    }

    /** @return the discriminator (stage 2), or null */
    public MultiLayerNetwork discriminator() {
        return discriminator;
    }
}
