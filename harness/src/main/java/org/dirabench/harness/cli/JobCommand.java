package org.dirabench.harness.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dirabench.harness.exec.BenchmarkRun;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.plan.Planner;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code dira-bench job --spec mini --id JOB [--out DIR]}: runs one planned job (what a container or a cluster task
 * runs); its dependencies must be done.
 */
@Command(name = "job", mixinStandardHelpOptions = true, description = "Run one job of a spec by id.")
final class JobCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "job id (see dira-bench list)")
    String id;

    @Mixin
    SpecOptions options;

    @Override
    public Integer call() throws Exception {
        BenchmarkSpec s = options.load();
        RunFolder run = new RunFolder(options.runDir(s));
        List<Job> jobs = Planner.plan(s);
        Job job = jobs.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("spec " + s.name() + " has no job " + id + " (dira-bench list)"));
        for (String dep : job.dependsOn()) {
            Job d = jobs.stream().filter(j -> j.id().equals(dep)).findFirst().orElseThrow();
            if (!run.isDone(d)) {
                throw new IllegalArgumentException("job " + id + " needs " + dep + ", which is not done");
            }
        }
        if (run.isDone(job)) {
            System.out.println(id + " is already done");
            return 0;
        }
        new InProcessExecutor().run(job, run, s);
        run.markDone(job);
        BenchmarkRun.collectResults(run, jobs);
        System.out.println(id + " done: " + run.jobDir(id));
        return 0;
    }
}
