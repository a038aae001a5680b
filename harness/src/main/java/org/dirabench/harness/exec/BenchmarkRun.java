package org.dirabench.harness.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.harness.jobs.RunFolder;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.plan.Planner;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.reports.ReportBuilder;
import org.dirabench.reports.ReportOptions;
import org.dirabench.reports.ReportOutput;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a whole spec: plans the jobs, runs each one whose inputs are ready and which is not done yet, marks it done,
 * rebuilds {@code results.csv} from the finished jobs, and builds the report. Running the same spec again skips the
 * finished jobs and resumes an interrupted one (pretraining from its checkpoint). A failed job is recorded
 * ({@code FAILED} in its folder) and the jobs that need it are not run; the others go on.
 */
public final class BenchmarkRun {
    private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRun.class);

    /**
     * @param jobs    every planned job, in order
     * @param done    ids of jobs completed in this session
     * @param skipped ids of jobs already complete before
     * @param failed  id → reason of jobs that failed or could not run
     * @param report  the report folder, or null when no report could be built
     */
    public record Outcome(List<Job> jobs, List<String> done, List<String> skipped, Map<String, String> failed,
            Path report) {
        /** @return whether every job is complete */
        public boolean complete() {
            return failed.isEmpty() && done.size() + skipped.size() == jobs.size();
        }
    }

    private BenchmarkRun() {
    }

    /**
     * @param spec     the benchmark
     * @param dir      the run folder
     * @param executor where jobs run
     * @return what happened
     * @throws IOException when the run folder cannot be written
     */
    public static Outcome run(BenchmarkSpec spec, Path dir, Executor executor) throws IOException {
        // plan (and so check every job's settings and data) before the run folder is touched
        List<Job> jobs = Planner.plan(spec);
        RunFolder run = new RunFolder(dir);
        Files.createDirectories(run.dir());
        AtomicFiles.writeString(run.dir().resolve("spec.yaml"), spec.settings().toYaml());
        AtomicFiles.writeString(run.dir().resolve("plan.json"), new com.fasterxml.jackson.databind.ObjectMapper()
                .writeValueAsString(jobs.stream().map(Job::id).toList()) + "\n");
        List<String> stray = strayJobFolders(run, jobs);
        if (!stray.isEmpty()) {
            LOG.warn("{} job folder(s) in {} are not in the current plan (an earlier configuration?); they are left"
                    + " alone and left out of results and report: {}", stray.size(), run.dir(), stray);
        }
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        LOG.info("spec {} ({} scale): {} jobs, executor {}, run folder {}", spec.name(), spec.scale(), jobs.size(),
                executor.name(), run.dir());
        int i = 0;
        for (Job job : jobs) {
            i++;
            if (run.isDone(job)) {
                skipped.add(job.id());
                continue;
            }
            List<String> blocked = job.dependsOn().stream().filter(failed::containsKey).toList();
            if (!blocked.isEmpty()) {
                failed.put(job.id(), "not run: needs failed job(s) " + blocked);
                continue;
            }
            LOG.info("[{}/{}] {}", i, jobs.size(), job.id());
            long t0 = System.nanoTime();
            try {
                executor.run(job, run, spec);
                run.markDone(job);
                done.add(job.id());
                LOG.info("[{}/{}] {} done in {} s", i, jobs.size(), job.id(),
                        String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
                if ("finetune".equals(job.kind())) {
                    collectResults(run, jobs);
                }
            } catch (Exception | OutOfMemoryError e) {
                LOG.error("job {} failed: {} (stack trace in {})", job.id(), e.toString(),
                        run.jobDir(job.id()).resolve("FAILED"));
                failed.put(job.id(), e.toString());
                run.markFailed(job, e);
            }
        }
        collectResults(run, jobs);
        Path report = null;
        try {
            ReportOutput out = ReportBuilder.build(run.dir(), ReportOptions.defaults());
            report = run.dir().resolve("report");
            LOG.info("report: {}", report.resolve("index.html"));
            out.warnings().forEach(w -> LOG.info("report note: {}", w));
        } catch (IOException | RuntimeException e) {
            LOG.error("report could not be built: {}", e.toString(), e);
            failed.put("report", e.toString());
        }
        return new Outcome(jobs, done, skipped, failed, report);
    }

    /**
     * Rebuilds {@code results.csv} from the {@code results.csv} of every finished fine-tuning job of the plan (atomic;
     * a job without {@code DONE} contributes nothing).
     *
     * @return the rows written
     */
    public static List<ResultRow> collectResults(RunFolder run, List<Job> jobs) throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        for (Job job : jobs) {
            Path f = run.jobDir(job.id()).resolve("results.csv");
            if ("finetune".equals(job.kind()) && run.isDone(job) && Files.exists(f)) {
                rows.addAll(ResultsCsv.read(f));
            }
        }
        ResultsCsv.write(run.dir().resolve("results.csv"), rows);
        return rows;
    }

    /** @return the ids of job folders in a run folder that the plan no longer has (left alone, reported) */
    public static List<String> strayJobFolders(RunFolder run, List<Job> jobs) throws IOException {
        Path d = run.dir().resolve("jobs");
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        List<String> planned = jobs.stream().map(Job::id).toList();
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !planned.contains(n)).sorted().toList();
        }
    }
}
