package org.dirabench.harness.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dirabench.harness.jobs.DataIdentity;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.harness.spec.MethodId;
import org.dirabench.harness.spec.Settings;

/**
 * Expands a spec into jobs (ARCHITECTURE.md §1): one pretraining job per (method, pretraining seed) — two for
 * DiRA's full recipe, stage 1 then stage 2, the stage-1 job shared with the dis+res ablation by its identical
 * configuration — and one fine-tuning job per (pretrained model or random init, task, label fraction, seed). Jobs are
 * returned in an order where every job follows the jobs it depends on.
 */
public final class Planner {
    /** Settings sections every job carries (the scale's sizes and protocol). */
    private static final List<String> COMMON = List.of("scale", "image_size", "width_divisor", "in_channels", "split",
            "views", "data_options");

    private Planner() {
    }

    /**
     * @param spec the benchmark
     * @return the jobs, dependencies first
     * @throws IllegalArgumentException when a dataset folder is missing or a job's settings are invalid (naming the
     *                                  job and the setting): nothing runs then
     */
    public static List<Job> plan(BenchmarkSpec spec) {
        Map<String, Job> jobs = new LinkedHashMap<>();
        Settings s = spec.settings();
        // pretrained model id -> (method id, job producing it)
        List<Map.Entry<MethodId, Job>> models = new ArrayList<>();
        for (String m : spec.methods()) {
            MethodId method = MethodId.parse(m);
            if ("random_init".equals(method.baseline())) {
                continue;
            }
            for (int seed : spec.pretrainSeeds()) {
                Job last = pretrainJobs(spec, method, seed, jobs);
                models.add(Map.entry(method, last));
            }
        }
        for (String task : spec.tasks()) {
            for (double fraction : spec.labelFractions()) {
                for (int seed : spec.seeds()) {
                    add(jobs, finetune(spec, task, fraction, seed, new MethodId("random_init", "none"), null));
                    for (Map.Entry<MethodId, Job> model : models) {
                        add(jobs, finetune(spec, task, fraction, seed, model.getKey(), model.getValue()));
                    }
                }
            }
        }
        for (Job j : jobs.values()) {
            try {
                if ("pretrain".equals(j.kind())) {
                    org.dirabench.harness.jobs.PretrainJob.validate(j.config());
                } else {
                    org.dirabench.harness.jobs.FinetuneJob.options(j.config());
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("job " + j.id() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(jobs.values());
    }

    private static Job pretrainJobs(BenchmarkSpec spec, MethodId method, int seed, Map<String, Job> jobs) {
        Settings s = spec.settings();
        String dataset = pretrainDataset(spec);
        Settings base = common(spec).with("kind", "pretrain").with("method", method.baseline())
                .with("seed", seed).with("dataset", dataset)
                .with("data_id", DataIdentity.of(spec.dataRoot(dataset)))
                .merge(section(s, "pretrain")).merge(section(s, method.settingsSection()));
        if (!method.isDira()) {
            Job j = Job.of("pretrain-" + method.baseline() + "-s" + seed, "pretrain", base.with("dira_variant", "none"),
                    List.of());
            return add(jobs, j);
        }
        Settings dira = section(s, "dira");
        Settings stage1 = base.merge(dira).with("dira_variant", "dis+res").with("stage", 1)
                .with("pretrain.epochs", s.integer("dira.stage1.epochs"))
                .with("pretrain.batch_size", s.integer("dira.stage1.batch_size"));
        Job j1 = add(jobs, Job.of("pretrain-dira_" + method.baseline() + "-stage1-s" + seed, "pretrain", stage1,
                List.of()));
        if ("dis+res".equals(method.dira())) {
            return j1;
        }
        Settings stage2 = base.merge(dira).with("dira_variant", "dis+res+adv").with("stage", 2)
                .with("init_from", j1.id())
                .with("pretrain.epochs", s.integer("dira.stage2.epochs"))
                .with("pretrain.batch_size", s.integer("dira.stage2.batch_size"));
        return add(jobs, Job.of("pretrain-dira_" + method.baseline() + "-stage2-s" + seed, "pretrain", stage2,
                List.of(j1.id())));
    }

    private static Job finetune(BenchmarkSpec spec, String task, double fraction, int seed, MethodId method,
            Job pretrained) {
        Settings c = common(spec).with("kind", "finetune").with("task", task).with("label_fraction", fraction)
                .with("seed", seed).with("method", method.baseline()).with("dira_variant", method.dira())
                .with("pretrain_job", pretrained == null ? "-" : pretrained.id())
                .with("dataset", taskDataset(task))
                .with("data_id", DataIdentity.of(spec.dataRoot(taskDataset(task))))
                .merge(section(spec.settings(), "finetune"));
        String prefix = String.format(Locale.ROOT, "finetune-%s-%s-f%s-s%d", task, method.label(),
                trim(fraction), seed);
        return Job.of(prefix, "finetune", c, pretrained == null ? List.of() : List.of(pretrained.id()));
    }

    private static Settings common(BenchmarkSpec spec) {
        Settings c = Settings.empty("job");
        for (String k : COMMON) {
            if (spec.settings().has(k)) {
                c = c.merge(section(spec.settings(), k));
            }
        }
        return c;
    }

    /** @return {key: subtree} as a tree, so merging keeps the section name */
    private static Settings section(Settings s, String key) {
        Settings out = Settings.empty(s.origin());
        if (!s.has(key)) {
            return out;
        }
        Settings sub = s.sub(key);
        if (sub.keys().isEmpty()) {
            return out.with(key, s.toMap().get(key));
        }
        return out.with(key, sub.toMap());
    }

    /** The pretraining data of every method here: ChestX-ray14 (DiRA pretrains on it, REFERENCE.md §1.5). */
    private static String pretrainDataset(BenchmarkSpec spec) {
        return "chestxray14";
    }

    /** @return the dataset a task reads */
    static String taskDataset(String task) {
        return task.startsWith("chestxray14") ? "chestxray14" : task;
    }

    private static String trim(double f) {
        return f == Math.rint(f) ? String.valueOf((int) f) : String.valueOf(f);
    }

    private static Job add(Map<String, Job> jobs, Job j) {
        jobs.putIfAbsent(j.id(), j);
        return jobs.get(j.id());
    }
}
