package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.plan.Planner;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dira-bench list --spec mini [--out DIR]}: the planned jobs and their state. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a spec's jobs and whether each is done.")
final class ListCommand implements Callable<Integer> {
    @Mixin
    SpecOptions options;

    @Override
    public Integer call() throws Exception {
        BenchmarkSpec s = options.load();
        RunFolder run = new RunFolder(options.runDir(s));
        for (Job j : Planner.plan(s)) {
            String state = run.state(j);
            System.out.printf("%-8s %s%s%n", state, j.id(), j.dependsOn().isEmpty() ? "" : "  <- " + j.dependsOn());
        }
        return 0;
    }
}
