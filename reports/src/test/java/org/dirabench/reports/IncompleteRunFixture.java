package org.dirabench.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;

/**
 * Run folders as the harness leaves them when jobs fail or never start ({@code docs/FORMATS.md}): {@code plan.json},
 * {@code spec.yaml}, job folders with {@code job.json}, {@code DONE} or {@code FAILED} (an ISO instant, then the
 * stack trace), planned jobs without a folder, and job ids in the harness's naming.
 */
final class IncompleteRunFixture {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String PRE_MOCO = "pretrain-moco_v2-s0-11aa22bb";
    static final String PRE_DIRA1 = "pretrain-dira_moco_v2-stage1-s0-33cc44dd";
    static final String PRE_DIRA2 = "pretrain-dira_moco_v2-stage2-s0-55ee66ff";
    static final String MOCO_ERROR = "java.lang.IllegalStateException: pretraining loss is NaN at step 812 (lr 0.03)";
    static final String OOM_ERROR = "java.lang.OutOfMemoryError: Java heap space";

    private IncompleteRunFixture() {
    }

    /** @return a fine-tuning job id in the harness's naming */
    static String finetune(String task, String label, String fraction, int seed) {
        String key = task + label + fraction + seed;
        return "finetune-" + task + "-" + label + "-f" + fraction + "-s" + seed + "-"
                + String.format(Locale.ROOT, "%08x", key.hashCode());
    }

    /**
     * A mini run (stand-in data, seeds 0-2, 100 % labels, ChestX-ray14) where the MoCo v2 pretraining failed, so its
     * three fine-tuning jobs never started; DiRA's pretraining finished; DiRA fine-tuning seed 2 failed; random-init
     * seed 2 was interrupted (folder without DONE or FAILED).
     */
    static Path partial(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> plan = new ArrayList<>(List.of(PRE_MOCO, PRE_DIRA1, PRE_DIRA2));
        for (int seed = 0; seed < 3; seed++) {
            plan.add(finetune("chestxray14", "random_init", "1", seed));
            plan.add(finetune("chestxray14", "moco_v2", "1", seed));
            plan.add(finetune("chestxray14", "dira_moco_v2-dis_res_adv", "1", seed));
        }
        writePlan(dir, plan);
        writeSpec(dir, "partial", "mini", "[0, 1, 2]", "[chestxray14]");
        job(dir, PRE_MOCO, "pretrain", List.of(), "moco_v2", "none", "", 0, "mini");
        failed(dir, PRE_MOCO, "2026-11-30T12:10:00Z", MOCO_ERROR);
        job(dir, PRE_DIRA1, "pretrain", List.of(), "moco_v2", "dis+res", "", 0, "mini");
        done(dir, PRE_DIRA1, pretrainManifest(PRE_DIRA1, "dis+res", "stand-in:nih1000", "mini"));
        job(dir, PRE_DIRA2, "pretrain", List.of(PRE_DIRA1), "moco_v2", "dis+res+adv", "", 0, "mini");
        done(dir, PRE_DIRA2, pretrainManifest(PRE_DIRA2, "dis+res+adv", "stand-in:nih1000", "mini"));
        List<ResultRow> rows = new ArrayList<>();
        double[] randomInit = {0.6612, 0.6587};
        double[] dira = {0.7321, 0.7290};
        for (int seed = 0; seed < 2; seed++) {
            String r = finetune("chestxray14", "random_init", "1", seed);
            job(dir, r, "finetune", List.of(), "random_init", "none", "chestxray14", seed, "mini");
            done(dir, r, finetuneManifest(r, "random_init", "none", seed));
            rows.add(row(r, "random_init", "none", "mini", seed, randomInit[seed]));
            String d = finetune("chestxray14", "dira_moco_v2-dis_res_adv", "1", seed);
            job(dir, d, "finetune", List.of(PRE_DIRA2), "moco_v2", "dis+res+adv", "chestxray14", seed, "mini");
            done(dir, d, finetuneManifest(d, "moco_v2", "dis+res+adv", seed));
            rows.add(row(d, "moco_v2", "dis+res+adv", "mini", seed, dira[seed]));
        }
        String interrupted = finetune("chestxray14", "random_init", "1", 2);
        job(dir, interrupted, "finetune", List.of(), "random_init", "none", "chestxray14", 2, "mini");
        String oom = finetune("chestxray14", "dira_moco_v2-dis_res_adv", "1", 2);
        job(dir, oom, "finetune", List.of(PRE_DIRA2), "moco_v2", "dis+res+adv", "chestxray14", 2, "mini");
        failed(dir, oom, "2026-11-30T13:05:00Z", OOM_ERROR);
        ResultsCsv.write(dir.resolve("results.csv"), rows);
        return dir;
    }

    /**
     * A smoke run on the NIH1000 stand-in without any result: the plain MoCo v2 and DiRA stage-1 pretraining
     * finished (their manifests record the data), DiRA stage 2 failed, both ChestX-ray14 fine-tuning jobs that could
     * run failed, the DiRA ones never started (blocked) and the normal/abnormal task was never reached.
     */
    static Path smokeWithoutResults(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> plan = new ArrayList<>(List.of(PRE_MOCO, PRE_DIRA1, PRE_DIRA2));
        for (String task : List.of("chestxray14", "chestxray14_abnormal")) {
            plan.add(finetune(task, "random_init", "1", 0));
            plan.add(finetune(task, "moco_v2", "1", 0));
            plan.add(finetune(task, "dira_moco_v2-dis_res_adv", "1", 0));
        }
        writePlan(dir, plan);
        writeSpec(dir, "smoke", "smoke", "[0]", "[chestxray14, chestxray14_abnormal]");
        job(dir, PRE_MOCO, "pretrain", List.of(), "moco_v2", "none", "", 0, "smoke");
        done(dir, PRE_MOCO, pretrainManifest(PRE_MOCO, "none", "stand-in:nih1000", "smoke"));
        job(dir, PRE_DIRA1, "pretrain", List.of(), "moco_v2", "dis+res", "", 0, "smoke");
        done(dir, PRE_DIRA1, pretrainManifest(PRE_DIRA1, "dis+res", "stand-in:nih1000", "smoke"));
        job(dir, PRE_DIRA2, "pretrain", List.of(PRE_DIRA1), "moco_v2", "dis+res+adv", "", 0, "smoke");
        failed(dir, PRE_DIRA2, "2026-11-30T12:20:00Z", "java.lang.IllegalStateException: discriminator diverged");
        String r = finetune("chestxray14", "random_init", "1", 0);
        job(dir, r, "finetune", List.of(), "random_init", "none", "chestxray14", 0, "smoke");
        failed(dir, r, "2026-11-30T12:21:00Z", "java.lang.IllegalArgumentException: no test images with label"
                + " Hernia");
        String m = finetune("chestxray14", "moco_v2", "1", 0);
        job(dir, m, "finetune", List.of(PRE_MOCO), "moco_v2", "none", "chestxray14", 0, "smoke");
        failed(dir, m, "2026-11-30T12:22:00Z", "java.lang.IllegalArgumentException: no test images with label"
                + " Hernia");
        ResultsCsv.write(dir.resolve("results.csv"), List.of());
        return dir;
    }

    /**
     * An older run folder (no plan.json) without results.csv and without any manifest: one pretraining job failed
     * and nothing else started.
     */
    static Path olderRunNothingRecorded(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeSpec(dir, "smoke", "smoke", "[0]", "[chestxray14]");
        job(dir, PRE_MOCO, "pretrain", List.of(), "moco_v2", "none", "", 0, "smoke");
        failed(dir, PRE_MOCO, "2026-11-30T12:10:00Z", MOCO_ERROR);
        return dir;
    }

    private static void writePlan(Path dir, List<String> ids) throws IOException {
        Files.writeString(dir.resolve("plan.json"), JSON.writeValueAsString(ids) + "\n");
    }

    private static void writeSpec(Path dir, String name, String scale, String seeds, String tasks) throws IOException {
        Files.writeString(dir.resolve("spec.yaml"), "---\nscale: \"" + scale + "\"\nimage_size: 64\ndata:\n"
                + "  limit_images: 0\n  chestxray14: \"${DIRA_DATA_ROOT}/chestxray14_nih1000\"\nname: \"" + name
                + "\"\nmethods:\n- \"moco_v2\"\n- \"dira_moco_v2\"\ntasks: " + tasks + "\nlabel_fractions:\n- 1.0\n"
                + "pretrain_seeds:\n- 0\nseeds: " + seeds + "\n");
    }

    private static void job(Path dir, String id, String kind, List<String> deps, String method, String dira,
            String task, int seed, String scale) throws IOException {
        Path jd = dir.resolve("jobs").resolve(id);
        Files.createDirectories(jd);
        ObjectNode j = JSON.createObjectNode();
        j.put("job_id", id);
        j.put("kind", kind);
        ArrayNode d = j.putArray("depends_on");
        deps.forEach(d::add);
        j.put("config_sha256", sha(id));
        ObjectNode c = j.putObject("config");
        c.putObject("data").put("limit_images", 0);
        c.put("dataset", "chestxray14");
        c.put("dira_variant", dira);
        c.put("image_size", 64);
        c.put("kind", kind);
        c.put("method", method);
        c.put("scale", scale);
        c.put("seed", seed);
        if ("finetune".equals(kind)) {
            c.put("label_fraction", 1.0);
            c.put("task", task);
            c.put("pretrain_job", deps.isEmpty() ? "-" : deps.get(0));
        }
        Files.writeString(jd.resolve("job.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(j));
        Files.writeString(jd.resolve("curves.csv"), "epoch,lr,train_loss,val_loss,val_metric,elapsed_s\n");
    }

    private static void failed(Path dir, String id, String at, String error) throws IOException {
        Files.writeString(dir.resolve("jobs").resolve(id).resolve("FAILED"), at + "\n" + error + "\n"
                + "\tat org.dirabench.harness.exec.InProcessExecutor.run(InProcessExecutor.java:21)\n"
                + "\tat org.dirabench.harness.exec.BenchmarkRun.run(BenchmarkRun.java:90)\n");
    }

    private static void done(Path dir, String id, ObjectNode manifest) throws IOException {
        Path jd = dir.resolve("jobs").resolve(id);
        if (manifest != null) {
            Files.writeString(jd.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(manifest));
        }
        Files.writeString(jd.resolve("DONE"), "2026-11-30T12:30:00Z\n");
    }

    private static ObjectNode pretrainManifest(String id, String dira, String source, String scale) {
        ObjectNode m = JSON.createObjectNode();
        m.put("job_id", id);
        m.put("kind", "pretrain");
        m.put("method", "moco_v2");
        m.put("dira", dira);
        m.put("scale", scale);
        m.put("seed", 0);
        m.putObject("config").put("dataset", "chestxray14");
        m.put("config_sha256", sha(id));
        ObjectNode d = m.putObject("data");
        d.put("root", "/data/chestxray14_nih1000");
        d.put("files", 1002);
        d.put("sha256", "ab".repeat(32));
        d.put("source", source);
        m.put("code_version", "0.1.0-SNAPSHOT+abc1234");
        m.put("started_at", "2026-11-30T12:00:00Z");
        m.put("finished_at", "2026-11-30T12:05:00Z");
        m.put("wall_seconds", 300.0);
        return m;
    }

    private static ObjectNode finetuneManifest(String id, String method, String dira, int seed) {
        ObjectNode m = pretrainManifest(id, dira, "stand-in:nih1000", "mini");
        m.put("kind", "finetune");
        m.put("method", method);
        m.put("task", "chestxray14");
        m.put("seed", seed);
        m.put("label_fraction", 1.0);
        return m;
    }

    private static ResultRow row(String jobId, String method, String dira, String scale, int seed, double value) {
        return new ResultRow("partial", jobId, method, dira, "chestxray14", DataSource.parse("stand-in:nih1000"),
                scale, 1.0, seed, "auc", value, 200, 12, 30.0, "cpu:onednn-avx2", sha(jobId),
                "random_init".equals(method) ? "-" : "cd".repeat(32), "0.1.0-SNAPSHOT+abc1234",
                Instant.parse("2026-11-30T13:00:00Z").plusSeconds(60L * seed));
    }

    private static String sha(String id) {
        String h = String.format(Locale.ROOT, "%08x", id.hashCode());
        return h.repeat(8);
    }
}
