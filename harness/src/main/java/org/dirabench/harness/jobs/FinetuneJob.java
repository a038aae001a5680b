package org.dirabench.harness.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.datasets.tasks.ChestXray14;
import org.dirabench.datasets.tasks.ClassificationTask;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.views.Normalization;
import org.dirabench.harness.downstream.ClassificationFinetuner;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.Settings;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;

/**
 * Runs a fine-tuning job: a classification task fine-tuned from a pretraining job's {@code pretrained.zip} (or from
 * random initialisation), then tested. Writes {@code curves.csv} (per epoch), {@code metrics.json},
 * {@code results.csv} (this job's rows of the run's results table, docs/FORMATS.md) and {@code manifest.json}.
 */
public final class FinetuneJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FinetuneJob() {
    }

    /**
     * @param job      the job
     * @param dir      its folder
     * @param dataRoot the dataset folder of its task
     * @param run      the run folder (to find the pretraining job)
     * @throws IOException on unreadable data or checkpoints, or unwritable outputs
     */
    public static void run(Job job, Path dir, Path dataRoot, RunFolder run) throws IOException {
        Instant started = Instant.now();
        Settings c = job.config();
        ClassificationFinetuner.Options o = options(c);
        String taskId = c.string("task");
        ChestXray14 d = TaskData.chestXray14(dataRoot, c);
        ClassificationTask task = TaskData.classification(d, taskId, c);
        if (c.bool("data_options.preload")) {
            List<ImageRecord> all = new ArrayList<>(task.split().train());
            all.addAll(task.split().val());
            all.addAll(task.split().test());
            TaskData.checkImages(all, task.images());
        }

        ComputationGraph pretrained = null;
        String checkpointSha = "-";
        String pretrainJob = c.string("pretrain_job");
        if (!"-".equals(pretrainJob)) {
            Path model = run.jobDir(pretrainJob).resolve(PretrainJob.PRETRAINED);
            if (!Files.exists(model)) {
                throw new IOException("fine-tuning job " + job.id() + " needs " + model + ", which its pretraining job"
                        + " has not written (did it finish?)");
            }
            pretrained = ModelSerializer.restoreComputationGraph(model.toFile(), false);
            checkpointSha = TaskData.zipContentSha256(model);
        }
        ClassificationFinetuner.Result r = new ClassificationFinetuner(o).run(task, pretrained,
                dir.resolve("curves.csv"));

        Instant finished = Instant.now();
        double wall = (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0;
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("task", taskId);
        metrics.put("metric", "auc");
        metrics.put("value", r.test().meanDefined());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (int i = 0; i < r.evaluated().size(); i++) {
            perClass.put(r.evaluated().get(i), r.test().perClass()[i]);
        }
        metrics.put("per_class", perClass);
        List<String> undefined = new ArrayList<>();
        r.test().undefinedClasses().forEach(i -> undefined.add(r.evaluated().get(i)));
        metrics.put("undefined_classes", undefined);
        metrics.put("n_test", r.nTest());
        metrics.put("n_train", r.nTrain());
        metrics.put("epochs", r.epochsRun());
        metrics.put("best_epoch", r.bestEpoch());
        metrics.put("best_val_loss", r.bestValLoss());
        AtomicFiles.writeString(dir.resolve("metrics.json"), JSON.writeValueAsString(metrics) + "\n");

        List<ResultRow> rows = new ArrayList<>();
        String backend = Provenance.backend();
        DataSource source = DataSource.parse(task.data());
        rows.add(row(run, job, c, taskId, source, "auc", r.test().meanDefined(), r, wall, backend, checkpointSha,
                finished));
        for (int i = 0; i < r.evaluated().size(); i++) {
            rows.add(row(run, job, c, taskId, source, "auc:" + r.evaluated().get(i), r.test().perClass()[i], r, wall,
                    backend, checkpointSha, finished));
        }
        ResultsCsv.write(dir.resolve("results.csv"), rows);

        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("method", c.string("method"));
        identity.put("dira", c.string("dira_variant"));
        identity.put("task", taskId);
        identity.put("scale", c.string("scale"));
        identity.put("seed", c.integer("seed"));
        identity.put("label_fraction", c.number("label_fraction"));
        identity.put("pretrain_job", pretrainJob);
        List<ImageRecord> used = new ArrayList<>(task.split().train());
        used.addAll(task.split().val());
        used.addAll(task.split().test());
        Manifests.write(dir, job, identity, TaskData.fingerprint(dataRoot, TaskData.files(d, used), task.data()),
                Map.of("metrics", metrics), started, finished, checkpointSha);
    }

    /**
     * Parses and checks the settings of a fine-tuning job without touching data (types, ranges, choices).
     *
     * @param c a fine-tuning job's configuration
     * @return the fine-tuning options
     * @throws IllegalArgumentException naming the setting
     */
    public static ClassificationFinetuner.Options options(Settings c) {
        String task = c.string("task");
        if (!java.util.List.of(ChestXray14.TASK_FINDINGS, ChestXray14.TASK_ABNORMAL).contains(task)) {
            throw new IllegalArgumentException("task '" + task + "' cannot be fine-tuned by this version: "
                    + ChestXray14.TASK_FINDINGS + " and " + ChestXray14.TASK_ABNORMAL + " can");
        }
        Settings f = c.sub("finetune");
        double factor = f.number("plateau.factor");
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("finetune.plateau.factor must be in (0, 1), got " + factor);
        }
        int patience = f.integer("plateau.patience");
        int stop = f.integer("early_stopping_patience");
        if (patience < 0 || stop < 1) {
            throw new IllegalArgumentException("finetune.plateau.patience must be >= 0 and"
                    + " finetune.early_stopping_patience >= 1, got " + patience + " and " + stop);
        }
        new org.dirabench.baselines.nn.ResNetUNet2d.Options(c.integer("in_channels"), c.integer("image_size"),
                PretrainJob.positive(c, "width_divisor"), false, 1, 0, org.nd4j.linalg.api.buffer.DataType.FLOAT,
                new org.nd4j.linalg.learning.config.NoOp());
        return new ClassificationFinetuner.Options(c.integer("image_size"), c.integer("width_divisor"),
                PretrainJob.positive(c, "in_channels"), PretrainJob.positive(f, "batch_size"),
                PretrainJob.positive(f, "max_epochs"), PretrainJob.optimizer(f.sub("optimizer")), factor, patience, stop,
                PretrainJob.enumSetting(f, "normalization", Normalization.class), f.bool("test_ten_crop"),
                c.integer("seed"), PretrainJob.positive(c, "views.workers"));
    }

    private static ResultRow row(RunFolder run, Job job, Settings c, String task, DataSource source, String metric,
            double value, ClassificationFinetuner.Result r, double wall, String backend, String checkpointSha,
            Instant finished) {
        return new ResultRow(run.dir().getFileName().toString(), job.id(), c.string("method"), c.string("dira_variant"), task,
                source, c.string("scale"), c.number("label_fraction"), c.integer("seed"), metric, value, r.nTest(),
                r.epochsRun(), wall, backend, job.configSha256(), checkpointSha,
                Provenance.codeVersion(), finished);
    }
}
