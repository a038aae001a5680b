package org.dirabench.harness.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.Checkpoint;
import org.dirabench.baselines.engine.OptimizerConfig;
import org.dirabench.baselines.engine.PretrainConfig;
import org.dirabench.baselines.engine.PretrainData;
import org.dirabench.baselines.engine.Pretrainer;
import org.dirabench.baselines.method.MocoV2;
import org.dirabench.baselines.method.SelfSupervisedMethod;
import org.dirabench.datasets.batch.ImageSource;
import org.dirabench.datasets.batch.PretrainBatch;
import org.dirabench.datasets.batch.PretrainLoader;
import org.dirabench.datasets.distort.RestorationDistortion2d;
import org.dirabench.datasets.image.PixelScale;
import org.dirabench.datasets.split.Split;
import org.dirabench.datasets.tasks.ChestXray14;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.dira.Dira;
import org.dirabench.dira.RestorationExamples;
import org.dirabench.dira.loss.DiraLoss;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a pretraining job: MoCo v2, or one stage of DiRA on MoCo v2, on the ChestX-ray14 images of the split's train
 * part (validation loss on its val part for model selection; the test part is never seen in pretraining).
 *
 * <p>Writes, besides the engine's {@code checkpoint/}, {@code curves.csv} and {@code model.zip}:
 * {@code pretrained.zip} (the model fine-tuning starts from: the lowest-validation-loss weights with
 * {@code pretrain.select = best_val}, as DiRA's README selects, or the last ones with {@code last}),
 * {@code restoration/} (DiRA: example triples) and {@code manifest.json}.
 */
public final class PretrainJob {
    private static final Logger LOG = LoggerFactory.getLogger(PretrainJob.class);
    /** The file a fine-tuning job reads. */
    public static final String PRETRAINED = "pretrained.zip";

    private PretrainJob() {
    }

    /**
     * @param job      the job (configuration as the planner made it)
     * @param dir      its folder
     * @param dataRoot the ChestX-ray14 folder
     * @param run      the run folder (to find the stage-1 job of a stage-2 job)
     * @throws IOException on unreadable data or unwritable outputs
     */
    public static void run(Job job, Path dir, Path dataRoot, RunFolder run) throws IOException {
        Instant started = Instant.now();
        Settings c = job.config();
        validate(c);
        String dira = c.string("dira_variant");
        boolean isDira = !"none".equals(dira);
        int stage = c.has("stage") ? c.integer("stage") : 1;
        int size = c.integer("image_size");
        int batch = c.integer("pretrain.batch_size");
        long seed = c.integer("seed");

        ChestXray14 d = TaskData.chestXray14(dataRoot, c);
        Split<ImageRecord> images = TaskData.pretrainingImages(d, c);
        LOG.info("{}: pretraining on {} images ({}), validating on {}", job.id(), images.train().size(), d.data(),
                images.val().size());
        if (c.bool("data_options.preload")) {
            TaskData.checkImages(concat(images), org.dirabench.datasets.tasks.RecordImages.FILES);
        }
        SelfSupervisedMethod method = method(c, batch, isDira, stage);
        PretrainConfig pc = new PretrainConfig(c.integer("pretrain.epochs"), size, c.integer("width_divisor"),
                c.integer("in_channels"), optimizer(c.sub("pretrain.optimizer")), seed,
                c.integer("pretrain.checkpoint_every_steps"), DataType.FLOAT, stage);
        Pretrainer.Result r;
        PretrainBatch example;
        try (PretrainData train = PretrainData.of(loader(c, images.train(), size, batch, seed, isDira),
                "ChestX-ray14 train part, " + images.train().size() + " images (" + d.data() + ")");
                PretrainData val = images.val().size() >= batch ? PretrainData.of(loader(c, images.val(), size, batch,
                        seed + 1, isDira), "ChestX-ray14 val part, " + images.val().size() + " images") : null) {
            if (val == null) {
                LOG.warn("{}: validation part has {} images, fewer than a batch of {}: no validation loss, the last"
                        + " weights are kept", job.id(), images.val().size(), batch);
            }
            Pretrainer p = new Pretrainer(pc, method, train, val, dir);
            if (c.has("init_from")) {
                p.initialisedFrom(run.jobDir(c.string("init_from")).resolve("checkpoint"));
            }
            r = p.run();
            example = isDira ? (val != null ? val : train).epoch(0, 0).next() : null;
        }
        ComputationGraph graph = r.graph();
        String select = c.string("pretrain.select");
        Path best = dir.resolve("best/params.bin");
        String selected = "last";
        if ("best_val".equals(select) && Files.exists(best)) {
            Checkpoint.loadWeights(dir.resolve("best"), graph);
            selected = "best_val (epoch " + r.state().bestEpoch() + ")";
        } else if (!"best_val".equals(select) && !"last".equals(select)) {
            throw new IllegalArgumentException("pretrain.select must be best_val or last, got " + select);
        }
        Checkpoint.saveModel(dir.resolve(PRETRAINED), graph);
        if (example != null) {
            RestorationExamples.save(graph, example, dir.resolve("restoration"), 6);
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("method", c.string("method"));
        identity.put("dira", dira);
        identity.put("task", "chestxray14");
        identity.put("scale", c.string("scale"));
        identity.put("seed", seed);
        identity.put("stage", stage);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("method_settings", method.settings());
        extra.put("engine_settings", pc.settings());
        extra.put("steps", r.state().step());
        extra.put("last_loss", r.lastLoss());
        extra.put("selected_weights", selected);
        extra.put("best_val_loss", r.state().bestValLoss());
        extra.put("fast_path", r.helpers().fastPath());
        extra.put("layers_without_helper", r.helpers().withoutHelper());
        extra.put("data_inventory", Map.of("rows_without_image", d.inventory().rowsWithoutImage().size(),
                "images_without_row", d.inventory().imagesWithoutRow().size(),
                "folder_label_conflicts", d.inventory().folderLabelConflicts()));
        Manifests.write(dir, job, identity, TaskData.fingerprint(dataRoot,
                TaskData.files(d, concat(images)), d.data()), extra, started, Instant.now(),
                TaskData.zipContentSha256(dir.resolve(PRETRAINED)));
    }

    /**
     * Checks every setting a pretraining job reads, without touching data: types, ranges and choices, so that a bad
     * spec or {@code --set} fails before any job runs.
     *
     * @param c a pretraining job's configuration
     * @throws IllegalArgumentException naming the setting
     */
    public static void validate(Settings c) {
        String dira = c.string("dira_variant");
        boolean isDira = !"none".equals(dira);
        int stage = c.has("stage") ? c.integer("stage") : 1;
        int batch = positive(c, "pretrain.batch_size");
        method(c, batch, isDira, stage);
        new PretrainConfig(positive(c, "pretrain.epochs"), c.integer("image_size"), positive(c, "width_divisor"),
                positive(c, "in_channels"), optimizer(c.sub("pretrain.optimizer")), c.integer("seed"),
                c.integer("pretrain.checkpoint_every_steps"), DataType.FLOAT, stage);
        new org.dirabench.baselines.nn.ResNetUNet2d.Options(c.integer("in_channels"), c.integer("image_size"),
                c.integer("width_divisor"), isDira, 1, 0, DataType.FLOAT, new org.nd4j.linalg.learning.config.NoOp());
        views(c);
        positive(c, "views.workers");
        String select = c.string("pretrain.select");
        if (!"best_val".equals(select) && !"last".equals(select)) {
            throw new IllegalArgumentException("pretrain.select must be best_val or last, got " + select);
        }
    }

    /** @return a required integer setting that must be at least 1 */
    static int positive(Settings c, String key) {
        int v = c.integer(key);
        if (v < 1) {
            throw new IllegalArgumentException("setting '" + key + "' must be at least 1, got " + v);
        }
        return v;
    }

    /** Parses the view settings (pixel constants, patch overlap); errors name the setting and its choices. */
    static void views(Settings c) {
        enumSetting(c, "views.pixel_constants", PixelScale.class);
        String overlap = c.string("views.patch_swap_overlap");
        if (!"released".equals(overlap) && !"disjoint".equals(overlap)) {
            throw new IllegalArgumentException("views.patch_swap_overlap must be released or disjoint, got "
                    + overlap);
        }
        c.bool("views.flip_target");
    }

    /** @return an enum setting, lower case in the settings; the error lists the choices */
    static <E extends Enum<E>> E enumSetting(Settings c, String key, Class<E> type) {
        String v = c.string(key);
        try {
            return Enum.valueOf(type, v.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(x -> x.name().toLowerCase(
                            java.util.Locale.ROOT)).toList() + ", got '" + v + "'");
        }
    }

    private static java.util.List<ImageRecord> concat(Split<ImageRecord> s) {
        java.util.List<ImageRecord> all = new java.util.ArrayList<>(s.train());
        all.addAll(s.val());
        return all;
    }

    private static PretrainLoader loader(Settings c, java.util.List<ImageRecord> records, int size, int batch,
            long seed, boolean distort) {
        return PretrainLoader.builder(ImageSource.ofRecords(records, 1, true), size, batch).seed(seed)
                .distort(distort).flipTarget(c.bool("views.flip_target"))
                .pixelScale(enumSetting(c, "views.pixel_constants", PixelScale.class))
                .patchOverlap("released".equals(c.string("views.patch_swap_overlap"))
                        ? RestorationDistortion2d.PatchOverlap.RELEASED : RestorationDistortion2d.PatchOverlap.DISJOINT)
                .workers(c.integer("views.workers")).build();
    }

    /** @return the method of a job: MoCo v2, wrapped by DiRA at the job's stage */
    static SelfSupervisedMethod method(Settings c, int batch, boolean isDira, int stage) {
        if (!"moco_v2".equals(c.string("method"))) {
            throw new IllegalArgumentException("pretraining method " + c.string("method") + " is not implemented in"
                    + " this version (moco_v2 is)");
        }
        SelfSupervisedMethod m = new MocoV2(new MocoV2.Options(c.integer("moco.dim"), c.integer("moco.hidden"),
                c.integer("moco.queue_size"), c.number("moco.momentum"), c.number("moco.temperature"),
                c.integer("moco.shuffle_bn_groups")), batch);
        if (!isDira) {
            return m;
        }
        DiraLoss.Weights w = new DiraLoss.Weights(c.number("dira.lambda_dis"), c.number("dira.lambda_res"),
                c.number("dira.lambda_adv"));
        Adam adam = new Adam(c.number("dira.discriminator.lr"), c.number("dira.discriminator.beta1"),
                c.number("dira.discriminator.beta2"), 1e-8);
        return new Dira(m, new Dira.Options(w, stage == 2 ? Dira.Stage.ADVERSARIAL : Dira.Stage.RESTORATIVE,
                c.integer("dira.discriminator.width_divisor"), adam));
    }

    /** @return the optimiser of a settings section ({@code name}, {@code lr}, ...) */
    static OptimizerConfig optimizer(Settings o) {
        String name = o.string("name");
        return new OptimizerConfig(name, o.number("lr"), o.has("momentum") ? o.number("momentum") : 0.9,
                o.has("beta1") ? o.number("beta1") : 0.9, o.has("beta2") ? o.number("beta2") : 0.999,
                o.has("weight_decay") ? o.number("weight_decay") : 0.0,
                o.has("exclude_norm_and_bias") && o.bool("exclude_norm_and_bias"),
                o.string("schedule", "constant"),
                o.has("milestones") ? o.integers("milestones").stream().mapToInt(Integer::intValue).toArray()
                        : new int[] {120, 160}, o.has("gamma") ? o.number("gamma") : 0.1);
    }
}
