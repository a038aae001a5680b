package org.dirabench.baselines.engine;

import org.dirabench.datasets.batch.PretrainBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.dirabench.baselines.method.SelfSupervisedMethod;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.datasets.backend.NativeBackend;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-supervised training engine (ARCHITECTURE.md §3).
 *
 * <p>Each step: forward the method's passes through the trainable graph in training mode; compute the method's loss
 * and its gradient with respect to each graph output on the detached outputs; push those errors back through the
 * graph; add coupled weight decay; apply the graph's own updater (SGD with momentum or Adam, with the schedule);
 * then let the method update its momentum encoder, queue or auxiliary networks. The engine logs every step to
 * {@code curves.csv}, shows a progress bar (loss, images/s, ETA), stops with a {@link TrainingDivergedException} on a
 * non-finite loss, checkpoints at every epoch end (and every {@code checkpointEverySteps}), and resumes from the
 * checkpoint in its folder when there is one.
 *
 * <p>Run folder written: {@code checkpoint/} (resumable), {@code curves.csv}, {@code model.zip} (the final trainable
 * graph as a DL4J model), {@code best/params.bin} (the weights with the lowest validation loss, when validation data
 * is given).
 */
public final class Pretrainer {
    private static final Logger LOG = LoggerFactory.getLogger(Pretrainer.class);

    /**
     * The outcome of a run.
     *
     * @param graph      the trained graph
     * @param state      final counters
     * @param helpers    the fast-path self-check
     * @param lastLoss   loss of the last step
     * @param lastTerms  its terms
     * @param stepsRun   steps run in this session (0 when the run was already complete)
     */
    public record Result(ExternalLossGraph graph, TrainingState state, HelperCheck.Result helpers, double lastLoss,
            Map<String, Double> lastTerms, long stepsRun) {
    }

    private final PretrainConfig cfg;
    private final SelfSupervisedMethod method;
    private final PretrainData data;
    private final PretrainData validation;
    private final Path dir;
    private Path initFrom;
    private ExternalLossGraph graph;
    private java.util.concurrent.ExecutorService lossThread;
    private ResNetUNet2d.Options options;

    /**
     * @param cfg        engine settings
     * @param method     the self-supervised method (possibly DiRA-decorated)
     * @param data       training batches
     * @param validation validation batches for model selection, or {@code null}
     * @param dir        the run folder
     */
    public Pretrainer(PretrainConfig cfg, SelfSupervisedMethod method, PretrainData data, PretrainData validation,
            Path dir) {
        this.cfg = cfg;
        this.method = method;
        this.data = data;
        this.validation = validation;
        this.dir = dir;
    }

    /**
     * Starts from the weights (and method state) of another run's checkpoint instead of random initialisation, with
     * a fresh optimiser and schedule (DiRA's stage 2 from stage 1, REFERENCE.md §1.4). Ignored when this run has its
     * own checkpoint to resume from.
     *
     * @param checkpointDir the other run's {@code checkpoint/} folder
     * @return this
     */
    public Pretrainer initialisedFrom(Path checkpointDir) {
        this.initFrom = checkpointDir;
        return this;
    }

    /** @return the trainable graph configuration for these settings (also used to rebuild it for fine-tuning) */
    public static ComputationGraphConfiguration configuration(PretrainConfig cfg, SelfSupervisedMethod method) {
        ResNetUNet2d.Options o = options(cfg, method);
        ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
        return g.build(method.addHeads(g));
    }

    private static ResNetUNet2d.Options options(PretrainConfig cfg, SelfSupervisedMethod method) {
        return new ResNetUNet2d.Options(cfg.inChannels(), cfg.imageSize(), cfg.widthDivisor(), method.needsDecoder(),
                1, cfg.seed(), cfg.dataType(), cfg.optimizer().updater(cfg.epochs()));
    }

    /**
     * Runs (or resumes) the whole run.
     *
     * @return the outcome
     * @throws IOException                when the run folder cannot be written or a checkpoint is unreadable
     * @throws TrainingDivergedException  on a non-finite loss
     */
    public Result run() throws IOException {
        startLossThread();
        try {
            return runOnce();
        } finally {
            stopLossThread();
        }
    }

    /**
     * Opens the engine for single optimisation steps outside {@link #run()}: the step-time benchmark uses it to time
     * exactly the code path of a run. Builds and initialises the graph, runs the fast-path self-check and attaches the
     * method; nothing is written to the run folder.
     *
     * @return the open session; close it to free the loss thread and its workspaces
     */
    public Steps openSteps() {
        build();
        startLossThread();
        return new Steps();
    }

    /** Builds and initialises the graph, checks its fast path and attaches the method. */
    private HelperCheck.Result build() {
        NativeBackend.configure();
        NativeBackend.boundOffHeapMemory();
        options = options(cfg, method);
        graph = new ExternalLossGraph(configuration(cfg, method));
        graph.init();
        HelperCheck.Result helpers = HelperCheck.check(graph);
        method.attach(graph, options, cfg.seed());
        return helpers;
    }

    /** Single optimisation steps on an engine opened with {@link #openSteps()}. */
    public final class Steps implements AutoCloseable {
        private final WeightDecay decay = cfg.optimizer().decay();

        private Steps() {
        }

        /**
         * One optimisation step as {@link #run()} takes it: forward, external loss, backward, weight decay, the
         * graph's updater, then the method's update (momentum encoder, queue, discriminator). The batch's arrays
         * are left open.
         *
         * @param batch the two views (and restoration target), [N, C, H, W] each
         * @param step  the global step (learning-rate schedule and random streams)
         * @return the step's loss and its terms
         * @throws TrainingDivergedException on a non-finite loss
         */
        public StepLoss train(PretrainBatch batch, long step) {
            StepContext ctx = new StepContext(step, 0, (int) step, true, cfg.seed());
            StepLoss loss = step(batch, ctx, decay);
            method.afterUpdate(batch, ctx);
            return loss;
        }

        /** @return the trainable graph */
        public ExternalLossGraph graph() {
            return graph;
        }

        @Override
        public void close() {
            stopLossThread();
        }
    }

    private void startLossThread() {
        lossThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "loss-" + method.id());
            t.setDaemon(true);
            return t;
        });
    }

    private void stopLossThread() {
        // ND4J workspaces are per thread and outlive it unless destroyed on it: free the loss thread's (momentum
        // encoder, discriminator) before the thread goes, or every run would leak them
        try {
            lossThread.submit(() -> Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("could not free the loss thread's workspaces: {}", e.getCause().toString());
        }
        lossThread.shutdownNow();
    }

    private Result runOnce() throws IOException {
        Files.createDirectories(dir);
        HelperCheck.Result helpers = build();

        Path ckpt = dir.resolve("checkpoint");
        TrainingState state = Checkpoint.load(ckpt, graph, method).orElse(null);
        if (state != null) {
            LOG.info("resuming {} at step {} (epoch {}, batch {})", dir, state.step(), state.epoch(), state.batch());
        } else {
            if (initFrom != null) {
                Checkpoint.loadWeights(initFrom, graph);
                method.load(initFrom.resolve("method"));
                LOG.info("initialised from {}", initFrom);
            }
            state = new TrainingState(0, 0, 0, cfg.seed(), 0, Double.NaN, -1);
        }
        int perEpoch = data.batchesPerEpoch();
        if (perEpoch < 1) {
            throw new IllegalStateException("no full batch of " + data.batchSize() + " images in " + data.describe());
        }
        long total = (long) cfg.epochs() * perEpoch;
        WeightDecay decay = cfg.optimizer().decay();
        double lastLoss = Double.NaN;
        Map<String, Double> lastTerms = Map.of();
        long startStep = state.step();
        org.nd4j.linalg.learning.config.IUpdater schedule = cfg.optimizer().updater(cfg.epochs());
        try (CurvesLog curves = new CurvesLog(dir.resolve("curves.csv"), method.lossTerms(), state.step());
                ProgressBar bar = progress(total, state)) {
            long sessionStart = System.nanoTime();
            double elapsedBefore = state.elapsedSeconds();
            long step = state.step();
            for (int epoch = state.epoch(); epoch < cfg.epochs(); epoch++) {
                int first = epoch == state.epoch() ? state.batch() : 0;
                Iterator<PretrainBatch> it = data.epoch(epoch, first);
                try {
                    for (int b = first; b < perEpoch; b++) {
                        if (!it.hasNext()) {
                            throw new IllegalStateException(data.describe() + " gave " + b + " batches in epoch "
                                    + epoch + ", expected " + perEpoch);
                        }
                        PretrainBatch batch = it.next();
                        long t0 = System.nanoTime();
                        StepContext ctx = new StepContext(step, epoch, b, true, cfg.seed());
                        StepLoss loss = step(batch, ctx, decay);
                        method.afterUpdate(batch, ctx);
                        release(batch);
                        double seconds = (System.nanoTime() - t0) / 1e9;
                        double elapsed = elapsedBefore + (System.nanoTime() - sessionStart) / 1e9;
                        double lr = schedule.getLearningRate((int) step, epoch);
                        curves.append(step, epoch, cfg.stage(), lr, loss.total(), loss.terms(),
                                batch.size() / seconds, elapsed);
                        lastLoss = loss.total();
                        lastTerms = loss.terms();
                        step++;
                        bar.stepTo(step);
                        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.4f | %.1f img/s",
                                lastLoss, batch.size() / seconds));
                        boolean epochEnd = b == perEpoch - 1;
                        state = new TrainingState(step, epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : b + 1,
                                cfg.seed(), elapsed, state.bestValLoss(), state.bestEpoch());
                        if (epochEnd && validation != null) {
                            state = validate(epoch, state);
                        }
                        if (epochEnd || (cfg.checkpointEverySteps() > 0 && step % cfg.checkpointEverySteps() == 0)) {
                            Checkpoint.save(ckpt, graph, method, state);
                        }
                    }
                } finally {
                    closeQuietly(it);
                }
            }
        }
        Checkpoint.saveModel(dir.resolve("model.zip"), graph);
        return new Result(graph, state, helpers, lastLoss, lastTerms, state.step() - startStep);
    }

    /** One optimisation step of the trainable graph. */
    private StepLoss step(PretrainBatch batch, StepContext ctx, WeightDecay decay) {
        List<INDArray> inputs = method.passes(batch);
        List<String> names = graph.getConfiguration().getNetworkOutputs();
        StepLoss[] loss = new StepLoss[1];
        Gradient gradient;
        try {
            if (inputs.size() == 1) {
                gradient = graph.gradientFromExternalLoss(new INDArray[] {inputs.get(0)}, outs -> {
                    loss[0] = checked(onLossThread(() -> method.loss(List.of(byName(names, outs)), batch, ctx)), ctx);
                    return errors(names, outs, loss[0].errors().get(0));
                });
            } else {
                gradient = multiPass(inputs, names, batch, ctx, loss);
            }
            decay.apply(graph, gradient);
            graph.applyGradient(gradient, (int) ctx.step(), ctx.epoch());
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException("out of memory at step " + ctx.step() + " (epoch " + ctx.epoch()
                    + ", batch of " + batch.size() + " images " + java.util.Arrays.toString(batch.view1().shape())
                    + "): lower the batch size, image size or width, or raise -Xmx / "
                    + "-Dorg.bytedeco.javacpp.maxphysicalbytes", e);
        }
        return loss[0];
    }

    /**
     * Several gradient passes through the same graph (e.g. both views of Barlow Twins or SimSiam, each with its own
     * batch statistics as on one GPU in the references): the loss needs all outputs first, so each pass is forwarded
     * once without gradient, then again with backpropagation of its errors. Trainable-parameter gradients are summed.
     * The batch-norm running statistics take only the last pass's update, where PyTorch would update them once per
     * forward; they do not affect training, only evaluation-mode outputs (a documented, minor difference).
     */
    private Gradient multiPass(List<INDArray> inputs, List<String> names, PretrainBatch batch, StepContext ctx,
            StepLoss[] loss) {
        List<Map<String, INDArray>> outputs = new ArrayList<>();
        for (INDArray in : inputs) {
            outputs.add(byName(names, graph.output(true, in)));
        }
        loss[0] = checked(onLossThread(() -> method.loss(outputs, batch, ctx)), ctx);
        Map<String, INDArray> sum = new HashMap<>();
        Gradient g = null;
        for (int p = 0; p < inputs.size(); p++) {
            int pass = p;
            g = graph.gradientFromExternalLoss(new INDArray[] {inputs.get(p)},
                    outs -> errors(names, outs, loss[0].errors().get(pass)));
            for (Map.Entry<String, INDArray> e : g.gradientForVariable().entrySet()) {
                if (ParameterKinds.isRunningStatistic(e.getKey())) {
                    continue;
                }
                if (p < inputs.size() - 1) {
                    sum.merge(e.getKey(), e.getValue().dup(), INDArray::addi);
                } else if (sum.containsKey(e.getKey())) {
                    e.getValue().addi(sum.get(e.getKey()));
                }
            }
        }
        return g;
    }

    /**
     * Runs a loss computation on the engine's loss thread. The loss is called while the trainable graph's forward
     * pass holds its DL4J workspaces open on the training thread, and DL4J refuses to run another network (the
     * momentum encoder, DiRA's discriminator) on a thread with open workspaces; workspaces are per thread, so the
     * loss runs on a thread of its own and the training thread waits for it.
     */
    private StepLoss onLossThread(java.util.concurrent.Callable<StepLoss> body) {
        try {
            return lossThread.submit(body).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while computing the loss", e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }

    /** Frees a batch's off-heap arrays now rather than at the next garbage collection. */
    private static void release(PretrainBatch batch) {
        for (INDArray a : new INDArray[] {batch.view1(), batch.view2(), batch.target()}) {
            if (a != null && !a.isView() && a.closeable()) {
                a.close();
            }
        }
    }

    private static void closeQuietly(Object it) {
        if (it instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing the batch iterator: {}", e.toString());
            }
        }
    }

    private StepLoss checked(StepLoss l, StepContext ctx) {
        boolean finite = Double.isFinite(l.total());
        for (double v : l.terms().values()) {
            finite &= Double.isFinite(v);
        }
        if (!finite) {
            throw new TrainingDivergedException("non-finite loss at step " + ctx.step() + " (epoch " + ctx.epoch()
                    + ", batch " + ctx.batch() + "): total " + l.total() + ", terms " + l.terms()
                    + "; try a lower learning rate (" + cfg.optimizer().lr() + ")");
        }
        return l;
    }

    private static Map<String, INDArray> byName(List<String> names, INDArray[] outs) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (int i = 0; i < outs.length; i++) {
            m.put(names.get(i), outs[i]);
        }
        return m;
    }

    private static INDArray[] errors(List<String> names, INDArray[] outs, Map<String, INDArray> given) {
        INDArray[] e = new INDArray[outs.length];
        for (int i = 0; i < outs.length; i++) {
            INDArray g = given.get(names.get(i));
            e[i] = g != null ? g : Nd4j.zeros(outs[i].dataType(), outs[i].shape());
        }
        for (String k : given.keySet()) {
            if (!names.contains(k)) {
                throw new IllegalStateException("loss gave an error for '" + k + "', which is not an output " + names);
            }
        }
        return e;
    }

    /** Mean loss over the validation batches, in inference mode (BN running statistics), without method updates. */
    private TrainingState validate(int epoch, TrainingState s) throws IOException {
        List<String> names = graph.getConfiguration().getNetworkOutputs();
        double sum = 0;
        int n = 0;
        // the same views every epoch (the loader's epoch-0 stream): a less noisy model selection than the released
        // code's fresh random views (REFERENCE.md §1.8.3)
        Iterator<PretrainBatch> it = validation.epoch(0, 0);
        try {
            while (it.hasNext()) {
                PretrainBatch batch = it.next();
                StepContext ctx = new StepContext(n, epoch, n, false, cfg.seed());
                List<Map<String, INDArray>> outs = new ArrayList<>();
                for (INDArray in : method.passes(batch)) {
                    outs.add(byName(names, graph.output(false, in)));
                }
                sum += onLossThread(() -> method.loss(outs, batch, ctx)).total();
                release(batch);
                n++;
            }
        } finally {
            closeQuietly(it);
        }
        if (n == 0) {
            throw new IllegalStateException("validation data " + validation.describe() + " has no full batch");
        }
        double mean = sum / n;
        LOG.info("epoch {}: validation loss {}", epoch, mean);
        if (Double.isNaN(s.bestValLoss()) || mean < s.bestValLoss()) {
            Path best = dir.resolve("best");
            AtomicFiles.replaceFolder(best, tmp -> {
                Checkpoint.writeArray(tmp.resolve("params.bin"), graph.params());
                Files.writeString(tmp.resolve("epoch.txt"), epoch + " " + mean + "\n");
            });
            return new TrainingState(s.step(), s.epoch(), s.batch(), s.seed(), s.elapsedSeconds(), mean, epoch);
        }
        return s;
    }

    private ProgressBar progress(long total, TrainingState s) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName("pretrain " + method.id()).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" steps", 1)
                .startsFrom(s.step(), Duration.ofMillis((long) (s.elapsedSeconds() * 1000)));
        if (System.console() == null) {
            // not a terminal (CI, Maven): one log line every 30 s instead of carriage-return redraws
            b.setConsumer(new DelegatingProgressBarConsumer(LOG::info)).setUpdateIntervalMillis(30_000);
        }
        return b.build();
    }

    /** @return the trainable graph (after {@link #run()}) */
    public ExternalLossGraph graph() {
        return graph;
    }
}
