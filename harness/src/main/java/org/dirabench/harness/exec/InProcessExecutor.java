package org.dirabench.harness.exec;

import org.dirabench.harness.jobs.FinetuneJob;
import org.dirabench.harness.jobs.PretrainJob;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.BenchmarkSpec;

/** Runs jobs in this JVM, one after another (the default executor). */
public final class InProcessExecutor implements Executor {
    @Override
    public void run(Job job, RunFolder run, BenchmarkSpec spec) throws Exception {
        java.nio.file.Path dir = run.prepare(job);
        String dataset = job.config().string("dataset");
        switch (job.kind()) {
            case "pretrain" -> PretrainJob.run(job, dir, spec.dataRoot(dataset), run);
            case "finetune" -> FinetuneJob.run(job, dir, spec.dataRoot(dataset), run);
            default -> throw new IllegalArgumentException("job " + job.id() + " has unknown kind " + job.kind());
        }
    }

    @Override
    public String name() {
        return "in-process";
    }
}
