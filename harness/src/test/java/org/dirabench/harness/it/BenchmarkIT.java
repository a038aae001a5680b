package org.dirabench.harness.it;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.harness.exec.BenchmarkRun;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.harness.spec.MethodId;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

/**
 * The benchmark suite ({@code mvn verify -Pbenchmark}): runs the spec named by {@code -Dbenchmark.spec} (default
 * {@code mini}) into {@code -Dbenchmark.out} (default {@code runs/mini} at the repository root) once, resuming what
 * a previous run finished, then checks one test per (method, task) cell: every fine-tuning job of the cell finished
 * and gave a finite headline metric. It fails only then, never on the size of a metric. The report is left in the
 * run folder.
 */
public class BenchmarkIT {
    private BenchmarkSpec spec;
    private BenchmarkRun.Outcome outcome;
    private List<ResultRow> rows;

    @BeforeClass
    public void runTheSpec() throws Exception {
        spec = BenchmarkSpec.load(System.getProperty("benchmark.spec", "mini"), List.of());
        Path out = Path.of(System.getProperty("benchmark.out", "runs/" + spec.name()));
        outcome = BenchmarkRun.run(spec, out, new InProcessExecutor());
        rows = ResultsCsv.read(out.resolve("results.csv"));
        System.out.println("benchmark " + spec.name() + ": " + outcome.done().size() + " jobs run, "
                + outcome.skipped().size() + " already done, report " + outcome.report());
    }

    @DataProvider(name = "cells")
    public Object[][] cells() throws Exception {
        BenchmarkSpec s = BenchmarkSpec.load(System.getProperty("benchmark.spec", "mini"), List.of());
        List<Object[]> cells = new ArrayList<>();
        List<String> methods = new ArrayList<>(List.of("random_init"));
        methods.addAll(s.methods());
        for (String m : methods) {
            for (String t : s.tasks()) {
                cells.add(new Object[] {m, t});
            }
        }
        return cells.toArray(new Object[0][]);
    }

    @Test(dataProvider = "cells")
    public void cellFinishedWithAFiniteMetric(String method, String task) {
        MethodId id = MethodId.parse(method);
        List<Job> jobs = outcome.jobs().stream().filter(j -> "finetune".equals(j.kind())
                && task.equals(j.config().string("task")) && id.baseline().equals(j.config().string("method"))
                && id.dira().equals(j.config().string("dira_variant"))).toList();
        assertTrue(!jobs.isEmpty(), "planned jobs for " + method + " x " + task);
        for (Job j : jobs) {
            assertTrue(!outcome.failed().containsKey(j.id()), j.id() + " failed: " + outcome.failed().get(j.id()));
            List<ResultRow> headline = rows.stream().filter(r -> r.jobId().equals(j.id()) && r.isHeadline()).toList();
            assertEquals(headline.size(), 1, "one headline metric for " + j.id());
            assertTrue(Double.isFinite(headline.get(0).value()), j.id() + " gave " + headline.get(0).value());
        }
    }
}
