package org.dirabench.harness.exec;

import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.BenchmarkSpec;

/**
 * Runs one job whose inputs are ready (ARCHITECTURE.md §1): in this JVM, in a container, or on a cluster. A job
 * writes only inside its own folder; completion ({@code DONE}) is marked by the caller after {@link #run} returns.
 */
public interface Executor {
    /**
     * @param job  the job
     * @param run  the run folder
     * @param spec the benchmark (data roots)
     * @throws Exception when the job fails; the message should name the job and the step
     */
    void run(Job job, RunFolder run, BenchmarkSpec spec) throws Exception;

    /** @return a short name for logs ({@code in-process}, {@code docker}, ...) */
    String name();
}
