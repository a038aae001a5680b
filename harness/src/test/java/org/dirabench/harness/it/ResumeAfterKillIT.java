package org.dirabench.harness.it;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dirabench.harness.cli.DiraBench;
import org.dirabench.reports.results.ResultsCsv;
import org.testng.annotations.Test;

/**
 * Kills a benchmark JVM (SIGKILL) in the middle of the smoke spec, then runs the spec again: it completes, the jobs
 * finished before the kill are not redone, and every results file parses.
 */
public class ResumeAfterKillIT {

    @Test
    public void aKilledRunCompletesWithoutRedoingFinishedJobsOrCorruptFiles() throws Exception {
        Path dir = Files.createTempDirectory("killed-run");
        Process p = start(dir);
        // wait until at least two jobs are done, then kill the JVM without any chance to clean up
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
        while (doneMarkers(dir).size() < 2 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(p.isAlive(), "the run should still be going when killed; output in " + dir.resolve("run.log"));
        p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Map<Path, FileTime> finished = new HashMap<>();
        for (Path done : doneMarkers(dir)) {
            finished.put(done, Files.getLastModifiedTime(done.resolveSibling("manifest.json")));
        }
        assertTrue(finished.size() >= 2 && finished.size() < 9, "killed midway: " + finished.size() + " jobs done");

        Process again = start(dir);
        assertTrue(again.waitFor(6, TimeUnit.MINUTES), "second run finishes");
        assertEquals(again.exitValue(), 0, "second run succeeds; see " + dir.resolve("run.log"));
        assertEquals(doneMarkers(dir).size(), 9, "every job done");
        for (Map.Entry<Path, FileTime> e : finished.entrySet()) {
            assertEquals(Files.getLastModifiedTime(e.getKey().resolveSibling("manifest.json")), e.getValue(),
                    e.getKey().getParent().getFileName() + " was not redone");
        }
        assertEquals(ResultsCsv.read(dir.resolve("results.csv")).stream().filter(r -> r.isHeadline()).count(), 6);
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> leftovers = s.filter(f -> f.getFileName().toString().endsWith(".tmp")).toList();
            assertTrue(leftovers.isEmpty(), "no temporary files left: " + leftovers);
        }
        assertTrue(Files.exists(dir.resolve("report/index.html")));
    }

    private static Process start(Path dir) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.add("-Dorg.eclipse.deeplearning4j.helpers.disable=false");
        cmd.add("-Ddira.data.root=" + System.getProperty("dira.data.root", ""));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DiraBench.class.getName());
        cmd.addAll(List.of("run", "--spec", "smoke", "--out", dir.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(dir.resolve("run.log").toString())));
        pb.environment().put("OMP_NUM_THREADS", "2");
        return pb.start();
    }

    private static List<Path> doneMarkers(Path dir) throws Exception {
        Path jobs = dir.resolve("jobs");
        if (!Files.isDirectory(jobs)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(jobs)) {
            return s.map(j -> j.resolve("DONE")).filter(Files::exists).toList();
        }
    }
}
