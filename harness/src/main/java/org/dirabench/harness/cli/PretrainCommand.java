package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.plan.Planner;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.harness.spec.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dira-bench pretrain --method moco_v2 --data chestxray14=DIR --scale smoke|mini|paper --out DIR [--seed N]
 * [--set key=value ...]}: one pretraining run outside a spec. It writes the checkpoint, {@code curves.csv},
 * {@code pretrained.zip} and {@code manifest.json} into {@code --out}; DiRA's two-stage recipe
 * ({@code dira_moco_v2}) writes {@code --out/stage1} and {@code --out/stage2}. Run again to resume.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = "Pretrain one method (moco_v2, dira_moco_v2, dira_moco_v2:dis+res) and save its checkpoint.")
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--method", required = true, description = "moco_v2, dira_moco_v2 or dira_moco_v2:dis+res")
    String method;

    @Option(names = "--data", required = true, description = "dataset folder, e.g. chestxray14=DIR")
    Map<String, Path> data = new HashMap<>();

    @Option(names = "--scale", defaultValue = "mini", description = "smoke, mini or paper (default: ${DEFAULT-VALUE})")
    String scale;

    @Option(names = "--out", required = true, description = "output folder")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "pretraining seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--set", description = "override a setting, e.g. --set pretrain.epochs=2 (repeatable)")
    List<String> set;

    @Override
    public Integer call() throws Exception {
        if ("random_init".equals(method)) {
            throw new IllegalArgumentException("random_init has nothing to pretrain; choose moco_v2, dira_moco_v2 or"
                    + " dira_moco_v2:dis+res");
        }
        if (!data.containsKey("chestxray14")) {
            throw new IllegalArgumentException("pretraining reads ChestX-ray14: give --data chestxray14=DIR (got "
                    + data.keySet() + ")");
        }
        for (String k : data.keySet()) {
            if (!BenchmarkSpec.DATASETS.contains(k)) {
                throw new IllegalArgumentException("--data " + k + "=...: unknown dataset; known: "
                        + new java.util.TreeSet<>(BenchmarkSpec.DATASETS));
            }
        }
        if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file; it must be a folder (new or existing)");
        }
        Map<String, Object> dataMap = new LinkedHashMap<>();
        data.forEach((k, v) -> dataMap.put(k, v.toAbsolutePath().toString()));
        Settings s = BenchmarkSpec.scaleDefaults(scale).with("name", "pretrain").with("methods", List.of(method))
                .with("tasks", List.of()).with("label_fractions", List.of(1.0)).with("pretrain_seeds", List.of(seed))
                .with("seeds", List.of(0));
        for (Map.Entry<String, Object> e : dataMap.entrySet()) {
            s = s.with("data." + e.getKey(), e.getValue());
        }
        List<String> overrides = set == null ? List.of() : set;
        BenchmarkSpec.checkOverrides(BenchmarkSpec.scaleDefaults(scale), overrides);
        BenchmarkSpec spec = BenchmarkSpec.from(s.withOverrides(overrides));
        List<Job> jobs = Planner.plan(spec);
        Map<String, Path> places = new LinkedHashMap<>();
        if (jobs.size() == 1) {
            places.put(jobs.get(0).id(), out);
        } else {
            for (Job j : jobs) {
                places.put(j.id(), out.resolve("stage" + j.config().integer("stage")));
            }
        }
        RunFolder run = new RunFolder(out, places);
        List<String> written = new ArrayList<>();
        for (Job j : jobs) {
            if (run.isDone(j)) {
                System.out.println(j.id() + " already done: " + run.jobDir(j.id()));
                continue;
            }
            System.out.printf("%s: %d epochs, batch %d%n", j.id(), j.config().integer("pretrain.epochs"),
                    j.config().integer("pretrain.batch_size"));
            new InProcessExecutor().run(j, run, spec);
            run.markDone(j);
            written.add(run.jobDir(j.id()).toString());
        }
        written.forEach(w -> System.out.println("pretrained: " + w));
        return 0;
    }
}
