package org.dirabench.harness.downstream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.baselines.engine.ExternalLossGraph;
import org.dirabench.baselines.engine.OptimizerConfig;
import org.dirabench.baselines.loss.BinaryCrossEntropy;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.datasets.backend.NativeBackend;
import org.dirabench.datasets.batch.ClassificationLoader;
import org.dirabench.datasets.batch.LabelledBatch;
import org.dirabench.datasets.batch.PrefetchIterator;
import org.dirabench.datasets.tasks.ClassificationTask;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.views.Normalization;
import org.dirabench.harness.downstream.metrics.RocAuc;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full fine-tuning for multi-label classification (REFERENCE.md §1.6, §3.1; BenchmarkTransferLearning
 * {@code main_classification.py}, {@code engine.py}): the ResNet-50 encoder (from a pretraining checkpoint, or
 * randomly initialised for the "random init" row), a new linear head on global-average-pooled f5 (weights
 * N(0, 0.01)), binary cross-entropy, Adam (2e-4), reduce-on-plateau (×0.5) and early stopping on the validation
 * loss; the model with the best validation loss is evaluated on the test split: ROC AUC per class and the mean over
 * the evaluated classes that have both positives and negatives (the others are listed, not averaged).
 *
 * <p>Train views: RandomResizedCrop + horizontal flip + rotation ±7°; validation: resize + centre crop; test: the
 * same, or ten-crop with averaged predictions (BTL {@code dataloader.py:L25-L66}, {@code trainer.py:L100-L105}).
 * Validation and test run in inference mode (batch-norm running statistics).
 */
public final class ClassificationFinetuner {
    private static final Logger LOG = LoggerFactory.getLogger(ClassificationFinetuner.class);
    /** Name of the classification head. */
    public static final String HEAD = "logits";

    /**
     * Fine-tuning settings.
     *
     * @param imageSize             input size S
     * @param widthDivisor          encoder width divisor (must match the pretrained encoder)
     * @param inChannels            input channels (3)
     * @param batchSize             images per step
     * @param maxEpochs             epoch limit
     * @param optimizer             Adam settings (lr 2e-4)
     * @param plateauFactor         learning-rate factor at a plateau (0.5)
     * @param plateauPatience       plateau patience in epochs
     * @param earlyStoppingPatience early-stopping patience in epochs
     * @param normalization         input normalisation
     * @param tenCrop               ten-crop test-time averaging
     * @param seed                  seed of the head initialisation, data order and augmentation
     * @param workers               loader threads
     */
    public record Options(int imageSize, int widthDivisor, int inChannels, int batchSize, int maxEpochs,
            OptimizerConfig optimizer, double plateauFactor, int plateauPatience, int earlyStoppingPatience,
            Normalization normalization, boolean tenCrop, long seed, int workers) {
    }

    /**
     * The outcome.
     *
     * @param test        per-class AUC over the evaluated labels (in {@code evaluatedLabels} order) and their mean
     * @param evaluated   the evaluated label names
     * @param epochsRun   epochs trained
     * @param bestEpoch   epoch of the best validation loss (the evaluated model)
     * @param bestValLoss that loss
     * @param nTest       test images
     * @param nTrain      training images (after the label fraction)
     */
    public record Result(RocAuc.Result test, List<String> evaluated, int epochsRun, int bestEpoch, double bestValLoss,
            int nTest, int nTrain) {
    }

    private final Options opt;

    /** @param opt settings */
    public ClassificationFinetuner(Options opt) {
        this.opt = opt;
    }

    /**
     * @return the downstream network: the encoder of the given width, global average pooling and a linear head of
     *     {@code labels} logits
     */
    public ExternalLossGraph network(int labels) {
        ResNetUNet2d.Options o = new ResNetUNet2d.Options(opt.inChannels(), opt.imageSize(), opt.widthDivisor(), false,
                1, opt.seed(), DataType.FLOAT, opt.optimizer().updater(opt.maxEpochs()));
        ResNetUNet2d.Graph g = ResNetUNet2d.backbone(o);
        g.linearHead(HEAD, labels, 0.01);
        ExternalLossGraph net = new ExternalLossGraph(g.build(List.of(HEAD)));
        net.init();
        return net;
    }

    /**
     * Fine-tunes and tests.
     *
     * @param task       the task (its train split already reduced to the label fraction)
     * @param pretrained the pretrained network to take the encoder from, or {@code null} for random initialisation
     * @param curvesCsv  where to write the per-epoch curves ({@code epoch, lr, train_loss, val_loss, val_metric,
     *                   elapsed_s})
     * @return test metrics and training facts
     * @throws IOException when the curves cannot be written or an image cannot be read
     */
    public Result run(ClassificationTask task, ComputationGraph pretrained, Path curvesCsv) throws IOException {
        NativeBackend.configure();
        NativeBackend.boundOffHeapMemory();
        ExternalLossGraph net = network(task.labelCount());
        if (pretrained != null) {
            List<String> copied = EncoderTransfer.copy(pretrained, net, Set.of(HEAD));
            LOG.info("{}: encoder initialised from the pretrained network ({} parameter arrays)", task.id(),
                    copied.size());
        }
        List<ImageRecord> train = task.split().train();
        if (train.size() < 2 || task.split().val().isEmpty() || task.split().test().isEmpty()) {
            throw new IllegalArgumentException("task " + task.id() + " needs training, validation and test images: "
                    + train.size() + " / " + task.split().val().size() + " / " + task.split().test().size());
        }
        PlateauScheduler plateau = new PlateauScheduler(opt.optimizer().lr(), opt.plateauFactor(),
                opt.plateauPatience(), opt.earlyStoppingPatience());
        List<String[]> curves = new ArrayList<>();
        INDArray best = net.params().dup();
        int bestEpoch = -1;
        int epoch = 0;
        long start = System.nanoTime();
        int[] evaluated = task.evaluatedIndices();
        try (ClassificationLoader trainLoader = loader(task, train, ClassificationLoader.Views.TRAIN);
                ClassificationLoader valLoader = loader(task, task.split().val(), ClassificationLoader.Views.EVAL)) {
            long step = 0;
            for (; epoch < opt.maxEpochs(); epoch++) {
                double lr = plateau.learningRate();
                if (epoch > 0) {
                    net.setLearningRate(lr);
                }
                double trainLoss = 0;
                int batches = 0;
                try (PrefetchIterator<LabelledBatch> it = trainLoader.epoch(epoch)) {
                    for (LabelledBatch b : it) {
                        double[] loss = new double[1];
                        INDArray labels = b.labels();
                        org.deeplearning4j.nn.gradient.Gradient g = net.gradientFromExternalLoss(
                                new INDArray[] {b.images()}, outs -> {
                                    BinaryCrossEntropy.Result r = BinaryCrossEntropy.compute(outs[0], labels);
                                    loss[0] = r.loss();
                                    return new INDArray[] {r.gradLogits()};
                                });
                        if (!Double.isFinite(loss[0])) {
                            throw new IllegalStateException("fine-tuning " + task.id() + ": non-finite loss at epoch "
                                    + epoch + ", batch " + b.batch());
                        }
                        net.applyGradient(g, (int) step++, epoch);
                        trainLoss += loss[0];
                        batches++;
                        close(b);
                    }
                }
                Evaluation val = evaluate(net, valLoader, 0, evaluated);
                boolean improved = plateau.step(val.loss());
                if (improved) {
                    best.assign(net.params());
                    bestEpoch = epoch;
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                curves.add(new String[] {Integer.toString(epoch), num(lr), num(trainLoss / Math.max(1, batches)),
                        num(val.loss()), num(val.auc().meanDefined()), String.format(Locale.ROOT, "%.3f", elapsed)});
                LOG.info("{} epoch {}: train loss {}, val loss {}, val AUC {}", task.id(), epoch,
                        num(trainLoss / Math.max(1, batches)), num(val.loss()), num(val.auc().meanDefined()));
                writeCurves(curvesCsv, curves);
                if (plateau.shouldStop()) {
                    epoch++;
                    break;
                }
            }
        }
        net.params().assign(best);
        Evaluation test;
        try (ClassificationLoader testLoader = loader(task, task.split().test(),
                opt.tenCrop() ? ClassificationLoader.Views.TEN_CROP : ClassificationLoader.Views.EVAL)) {
            test = evaluate(net, testLoader, 0, evaluated);
        }
        List<String> names = new ArrayList<>();
        for (int i : evaluated) {
            names.add(task.labelNames().get(i));
        }
        return new Result(test.auc(), names, epoch, bestEpoch, plateau.best(), task.split().test().size(),
                train.size());
    }

    private record Evaluation(double loss, RocAuc.Result auc) {
    }

    /** Loss and AUC in inference mode; ten-crop predictions are averaged per image (probabilities). */
    private static Evaluation evaluate(ComputationGraph net, ClassificationLoader loader, int epoch, int[] evaluated) {
        List<INDArray> scores = new ArrayList<>();
        List<INDArray> labels = new ArrayList<>();
        double lossSum = 0;
        long n = 0;
        try (PrefetchIterator<LabelledBatch> it = loader.epoch(epoch)) {
            for (LabelledBatch b : it) {
                INDArray logits = net.output(false, b.images())[0];
                int crops = b.cropsPerImage();
                INDArray probs = Transforms.sigmoid(logits, true);
                if (crops > 1) {
                    // ten-crop: average the crops' probabilities per image; no loss (only the test split uses it)
                    probs = probs.reshape(b.size(), crops, probs.size(1)).mean(1);
                    lossSum = Double.NaN;
                } else {
                    lossSum += BinaryCrossEntropy.compute(logits, b.labels()).loss() * b.size();
                }
                n += b.size();
                scores.add(probs.castTo(DataType.DOUBLE));
                labels.add(b.labels().castTo(DataType.DOUBLE));
                close(b);
            }
        }
        INDArray s = Nd4j.concat(0, scores.toArray(new INDArray[0]));
        INDArray y = Nd4j.concat(0, labels.toArray(new INDArray[0]));
        INDArray se = s.getColumns(evaluated);
        INDArray ye = y.getColumns(evaluated);
        return new Evaluation(lossSum / n, RocAuc.multiLabel(ye, se));
    }

    /** A loader wired with the task's hooks (per-sample label draws such as CheXpert's LSR-Ones, image reader). */
    private ClassificationLoader loader(ClassificationTask task, List<ImageRecord> records,
            ClassificationLoader.Views views) {
        return ClassificationLoader.builder(task, records, opt.imageSize(), opt.batchSize(), views).seed(opt.seed())
                .normalization(opt.normalization()).channels(opt.inChannels()).cacheImages(true)
                .workers(opt.workers()).build();
    }

    private static void close(LabelledBatch b) {
        for (INDArray a : new INDArray[] {b.images(), b.labels()}) {
            if (a != null && !a.isView() && a.closeable()) {
                a.close();
            }
        }
    }

    private static void writeCurves(Path file, List<String[]> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            try (CSVPrinter p = new CSVPrinter(new java.io.OutputStreamWriter(out,
                    java.nio.charset.StandardCharsets.UTF_8), CSVFormat.DEFAULT.builder().setRecordSeparator("\n")
                    .build())) {
                p.printRecord("epoch", "lr", "train_loss", "val_loss", "val_metric", "elapsed_s");
                for (String[] r : rows) {
                    p.printRecord((Object[]) r);
                }
            }
        });
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6f", v);
    }
}
