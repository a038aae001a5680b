package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dirabench.harness.exec.BenchmarkRun;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dira-bench run --spec mini [--out DIR] [--set key=value ...]}: runs (or resumes) a whole benchmark. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Plan and run a benchmark spec (pretraining, fine-tuning, results.csv, report); finished jobs"
                + " are skipped, an interrupted one resumes.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "bundled spec (smoke, mini, paper) or a YAML file")
    String spec;

    @Option(names = "--out", description = "run folder (default: runs/<spec> at the repository root)")
    Path out;

    @Option(names = "--set", description = "override a setting, e.g. --set pretrain.epochs=2 (repeatable)")
    List<String> set;

    @Override
    public Integer call() throws Exception {
        BenchmarkSpec s = BenchmarkSpec.load(spec, DiraBench.overrides(set));
        Path dir = out != null ? out : DiraBench.defaultRunDir(s.name());
        BenchmarkRun.Outcome o = BenchmarkRun.run(s, dir, new InProcessExecutor());
        System.out.printf("%d jobs: %d run now, %d already done, %d failed%n", o.jobs().size(), o.done().size(),
                o.skipped().size(), o.failed().size());
        o.failed().forEach((id, why) -> System.out.println("  FAILED " + id + ": " + why));
        if (o.report() != null) {
            System.out.println("report: " + o.report().resolve("index.html"));
        }
        return o.complete() ? 0 : 1;
    }
}
