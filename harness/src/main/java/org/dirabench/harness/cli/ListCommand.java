package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.plan.Planner;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dira-bench list --spec mini [--out DIR]}: the planned jobs and their state. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List a spec's jobs and whether each is done.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--spec", required = true, description = "bundled spec (smoke, mini, paper) or a YAML file")
    String spec;

    @Option(names = "--out", description = "run folder (default: runs/<spec>)")
    Path out;

    @Option(names = "--set", description = "override a setting (repeatable)")
    List<String> set;

    @Override
    public Integer call() throws Exception {
        BenchmarkSpec s = BenchmarkSpec.load(spec, DiraBench.overrides(set));
        RunFolder run = new RunFolder(out != null ? out : DiraBench.defaultRunDir(s.name()));
        for (Job j : Planner.plan(s)) {
            String state = run.isDone(j) ? "done"
                    : java.nio.file.Files.exists(run.jobDir(j.id()).resolve("FAILED")) ? "failed"
                    : java.nio.file.Files.exists(run.jobDir(j.id())) ? "started" : "pending";
            System.out.printf("%-8s %s%s%n", state, j.id(), j.dependsOn().isEmpty() ? "" : "  <- " + j.dependsOn());
        }
        return 0;
    }
}
