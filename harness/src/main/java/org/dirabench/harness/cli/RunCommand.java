package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dirabench.harness.exec.BenchmarkRun;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dira-bench run --spec mini [--out DIR] [--set key=value ...]}: runs (or resumes) a whole benchmark. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Plan and run a benchmark spec (pretraining, fine-tuning, results.csv, report); finished jobs"
                + " are skipped, an interrupted one resumes.")
final class RunCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Override
    public Integer call() throws Exception {
        BenchmarkSpec s = options.load();
        Path dir = options.runDir(s);
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
