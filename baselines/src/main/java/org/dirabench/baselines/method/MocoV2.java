package org.dirabench.baselines.method;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.Checkpoint;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.baselines.engine.ParameterKinds;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.baselines.engine.StepContext;
import org.dirabench.baselines.engine.StepLoss;
import org.dirabench.baselines.loss.InfoNce;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.datasets.batch.Seeds;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * MoCo v2 (He et al. 2020; Chen et al. 2020) as DiRA's released code uses it (REFERENCE.md §1.1, §5.1;
 * {@code moco/builder.py}, DiRA {@code DiRA_models.py:L162-L316}).
 *
 * <ul>
 *   <li>Query encoder = the trainable graph; projection head on f5: global average pooling → Dense(2048w, ReLU) →
 *       Dense(128) ({@code --mlp}), output {@value #PROJECTION}, [N, dim].</li>
 *   <li>Key encoder: a momentum copy θ_k ← m·θ_k + (1−m)·θ_q (m = 0.999) of the query encoder's trainable
 *       parameters, updated before the keys are computed, as {@code builder.py:L44-L50, L124-L126}. Batch-norm
 *       running statistics are not averaged (PyTorch buffers). The key network holds encoder and projection head
 *       only: DiRA's key U-Net also carries a momentum-updated decoder whose output is discarded
 *       (REFERENCE.md §1.8.5), so leaving it out changes no result and saves its forward pass.</li>
 *   <li>Queue of K negatives ([dim, K], initialised N(0, 1) then L2-normalised per column; K divisible by the batch,
 *       the ragged last batch being dropped by the loader, pitfall P3), filled with the normalised keys after the
 *       loss (first in, first out).</li>
 *   <li>InfoNCE with temperature T (0.2 in DiRA; MoCo's own default 0.07), {@link InfoNce}.</li>
 *   <li>Shuffle-BN: with G &gt; 1 {@code shuffleBnGroups} the key batch is randomly permuted and split into G groups
 *       whose forward passes each use their own batch statistics, emulating G GPUs (pitfall P2; on one device a plain
 *       shuffle would change nothing). The query uses the whole batch's statistics. G = 1 turns it off.</li>
 * </ul>
 */
public final class MocoV2 implements SelfSupervisedMethod {
    /** Name of the projection head output, [N, dim]. */
    public static final String PROJECTION = "projection";

    /**
     * MoCo settings.
     *
     * @param dim             embedding dimension (128)
     * @param hidden          projection MLP hidden width, 0 = the f5 channel count (2048 at width 1, as
     *                        {@code --mlp})
     * @param queueSize       K (65536 at paper scale)
     * @param momentum        m of the key encoder (0.999)
     * @param temperature     T (0.2 in DiRA)
     * @param shuffleBnGroups G virtual devices for shuffle-BN, 1 = off
     */
    public record Options(int dim, int hidden, int queueSize, double momentum, double temperature,
            int shuffleBnGroups) {
        public Options {
            if (dim < 1 || queueSize < 1 || shuffleBnGroups < 1 || hidden < 0) {
                throw new IllegalArgumentException("dim, queueSize, shuffleBnGroups must be >= 1, hidden >= 0");
            }
            if (!(momentum >= 0 && momentum < 1) || !(temperature > 0)) {
                throw new IllegalArgumentException("momentum in [0, 1) and temperature > 0 required");
            }
        }

        /** @return DiRA's MoCo v2 at paper scale: 128, hidden = f5, 65536, 0.999, 0.2, 4 groups (4 GPUs) */
        public static Options paper() {
            return new Options(128, 0, 65536, 0.999, 0.2, 4);
        }
    }

    private final Options opt;
    private final int batchSize;
    private final InfoNce infoNce;
    private ComputationGraph key;
    private final List<INDArray[]> emaPairs = new ArrayList<>();
    private INDArray queue;
    private int queuePtr;
    private INDArray lastKeys;

    /**
     * @param opt       settings
     * @param batchSize N of the training batches, to check K % N == 0 and N % G == 0 up front
     * @throws IllegalArgumentException when K is not divisible by N or N by G
     */
    public MocoV2(Options opt, int batchSize) {
        if (opt.queueSize() % batchSize != 0) {
            throw new IllegalArgumentException("MoCo queue size K=" + opt.queueSize() + " must be divisible by the "
                    + "batch size " + batchSize + " (moco builder.py asserts K % batch == 0)");
        }
        if (batchSize % opt.shuffleBnGroups() != 0) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be divisible by shuffle-BN groups "
                    + opt.shuffleBnGroups());
        }
        this.opt = opt;
        this.batchSize = batchSize;
        this.infoNce = new InfoNce(opt.temperature());
    }

    @Override
    public String id() {
        return "moco_v2";
    }

    @Override
    public List<String> addHeads(ResNetUNet2d.Graph g) {
        String pooled = g.pooled();
        int hidden = opt.hidden() == 0 ? g.f5Channels() : opt.hidden();
        g.dense("mlp.fc1", pooled, g.f5Channels(), hidden, Activation.RELU);
        g.dense(PROJECTION, "mlp.fc1", hidden, opt.dim(), Activation.IDENTITY);
        return List.of(PROJECTION);
    }

    @Override
    public List<INDArray> passes(PretrainBatch batch) {
        return List.of(batch.view1());
    }

    @Override
    public void attach(ExternalLossGraph query, ResNetUNet2d.Options options, long seed) {
        ResNetUNet2d.Graph kg = ResNetUNet2d.backbone(options.withDecoder(false));
        key = new ComputationGraph(kg.build(addHeads(kg)));
        key.init();
        Map<String, INDArray> q = query.paramTable();
        emaPairs.clear();
        for (Map.Entry<String, INDArray> e : key.paramTable().entrySet()) {
            INDArray qp = q.get(e.getKey());
            if (qp == null) {
                throw new IllegalStateException("key parameter " + e.getKey() + " has no query counterpart");
            }
            e.getValue().assign(qp); // θ_k ← θ_q at start (builder.py:L34-L36)
            if (!ParameterKinds.isRunningStatistic(e.getKey())) {
                emaPairs.add(new INDArray[] {e.getValue(), qp});
            }
        }
        SplittableRandom r = new SplittableRandom(seed ^ 0x6D6F636FL);
        double[] init = new double[opt.dim() * opt.queueSize()];
        for (int i = 0; i < init.length; i++) {
            init[i] = r.nextGaussian();
        }
        queue = Nd4j.create(init, new long[] {opt.dim(), opt.queueSize()}).castTo(options.dataType());
        queue.diviRowVector(queue.norm2(0)); // L2-normalise each column (builder.py:L38-L42)
        queuePtr = 0;
    }

    @Override
    public StepLoss loss(List<Map<String, INDArray>> outputs, PretrainBatch batch, StepContext ctx) {
        INDArray qRaw = outputs.get(0).get(PROJECTION);
        if (ctx.training()) {
            momentumUpdate();
        }
        INDArray kRaw = keys(batch.view2(), ctx);
        InfoNce.Result r = infoNce.compute(qRaw, kRaw, queue);
        lastKeys = r.key();
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("dis", r.loss());
        return new StepLoss(r.loss(), terms, List.of(Map.of(PROJECTION, r.gradQueryRaw())));
    }

    @Override
    public void afterUpdate(PretrainBatch batch, StepContext ctx) {
        int n = (int) lastKeys.size(0);
        // enqueue the normalised keys as columns, first in first out (builder.py:L52-L66)
        queue.get(NDArrayIndex.all(), NDArrayIndex.interval(queuePtr, queuePtr + n)).assign(lastKeys.transpose());
        queuePtr = (queuePtr + n) % opt.queueSize();
    }

    /** θ_k ← m·θ_k + (1 − m)·θ_q over the trainable parameters. */
    private void momentumUpdate() {
        double m = opt.momentum();
        for (INDArray[] p : emaPairs) {
            p[0].muli(m);
            Nd4j.getBlasWrapper().level1().axpy(p[0].length(), 1 - m, p[1], p[0]);
        }
    }

    /** Key projections [N, dim] of view 2 in training mode (batch statistics), with shuffle-BN groups. */
    private INDArray keys(INDArray view2, StepContext ctx) {
        int n = (int) view2.size(0);
        int groups = opt.shuffleBnGroups();
        if (groups == 1) {
            return key.output(true, view2)[0];
        }
        if (n % groups != 0) {
            throw new IllegalStateException("batch of " + n + " is not divisible by " + groups + " shuffle-BN groups");
        }
        int[] perm = Seeds.permutation(n, ctx.random(1));
        INDArray out = null;
        int size = n / groups;
        for (int g = 0; g < groups; g++) {
            int[] idx = java.util.Arrays.copyOfRange(perm, g * size, (g + 1) * size);
            INDArray group = view2.get(new SpecifiedIndex(java.util.Arrays.stream(idx).asLongStream().toArray()),
                    NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray k = key.output(true, group)[0];
            if (out == null) {
                out = Nd4j.create(k.dataType(), n, k.size(1));
            }
            for (int i = 0; i < size; i++) {
                out.putRow(idx[i], k.getRow(i)); // unshuffle
            }
        }
        return out;
    }

    @Override
    public List<String> lossTerms() {
        return List.of("dis");
    }

    @Override
    public void save(Path dir) throws IOException {
        Checkpoint.writeArray(dir.resolve("key_params.bin"), key.params());
        Checkpoint.writeArray(dir.resolve("queue.bin"), queue);
        Files.writeString(dir.resolve("queue_ptr.txt"), Integer.toString(queuePtr));
    }

    @Override
    public void load(Path dir) throws IOException {
        INDArray k = Checkpoint.readArray(dir.resolve("key_params.bin"));
        if (k.length() != key.params().length()) {
            throw new IOException(dir.resolve("key_params.bin") + ": " + k.length() + " key parameters, expected "
                    + key.params().length());
        }
        key.params().assign(k.reshape(key.params().shape()));
        INDArray q = Checkpoint.readArray(dir.resolve("queue.bin"));
        if (!java.util.Arrays.equals(q.shape(), queue.shape())) {
            throw new IOException(dir.resolve("queue.bin") + ": queue shape " + java.util.Arrays.toString(q.shape())
                    + ", expected " + java.util.Arrays.toString(queue.shape()));
        }
        queue.assign(q);
        queuePtr = Integer.parseInt(Files.readString(dir.resolve("queue_ptr.txt")).trim());
    }

    @Override
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dim", opt.dim());
        m.put("hidden", opt.hidden() == 0 ? "f5 channels" : opt.hidden());
        m.put("queue_size", opt.queueSize());
        m.put("momentum", opt.momentum());
        m.put("temperature", opt.temperature());
        m.put("shuffle_bn_groups", opt.shuffleBnGroups());
        m.put("batch_size", batchSize);
        return m;
    }

    /** @return the key encoder (for tests) */
    public ComputationGraph keyEncoder() {
        return key;
    }

    /** @return the queue [dim, K] (for tests) */
    public INDArray queue() {
        return queue;
    }
}
