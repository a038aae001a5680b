package org.dirabench.harness.it;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.dirabench.harness.exec.BenchmarkRun;
import org.dirabench.harness.exec.InProcessExecutor;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;
import org.testng.annotations.Test;

/**
 * The main job end to end at smoke scale on the real NIH1000 images: MoCo v2 and DiRA_MoCo-v2 pretrained, both and
 * random init fine-tuned on both ChestX-ray14 tasks, results.csv, figures and the report; a second run skips every
 * finished job.
 */
public class EndToEndSmokeIT {

    @Test
    public void smokeSpecRunsEndToEndAndASecondRunRedoesNothing() throws Exception {
        Path dir = Files.createTempDirectory("smoke-run");
        BenchmarkSpec spec = BenchmarkSpec.load("smoke", List.of());
        BenchmarkRun.Outcome o = BenchmarkRun.run(spec, dir, new InProcessExecutor());
        assertTrue(o.complete(), "failed: " + o.failed());
        assertEquals(o.jobs().size(), 9, "3 pretraining jobs (MoCo, DiRA stage 1 and 2) + 2 tasks x 3 models");

        List<ResultRow> rows = ResultsCsv.read(dir.resolve("results.csv"));
        Set<String> models = rows.stream().filter(ResultRow::isHeadline).map(r -> r.method() + "/" + r.dira())
                .collect(Collectors.toSet());
        assertEquals(models, Set.of("random_init/none", "moco_v2/none", "moco_v2/dis+res+adv"));
        for (ResultRow r : rows) {
            if (r.isHeadline()) {
                assertTrue(Double.isFinite(r.value()) && r.value() >= 0 && r.value() <= 1, r.toString());
                assertEquals(r.data().toString(), "stand-in:nih1000", "NIH1000 is labelled as a stand-in");
            }
        }
        Path report = dir.resolve("report");
        String html = Files.readString(report.resolve("index.html"));
        for (String s : List.of("Random init", "MoCo v2", "DiRA_MoCo-v2", "stand-in", "smoke")) {
            assertTrue(html.contains(s), "index.html shows " + s);
        }
        try (var s = Files.list(report.resolve("figures"))) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().startsWith("bars_")
                    && p.toString().endsWith(".png")), "bar chart PNG");
        }
        Path restoration = dir.resolve("jobs").resolve(o.jobs().stream().filter(j -> j.id().contains("stage2"))
                .findFirst().orElseThrow().id()).resolve("restoration");
        assertTrue(Files.exists(restoration.resolve("example_0_restored.png")), "restoration examples saved");

        long before = Files.getLastModifiedTime(dir.resolve("jobs").resolve(o.jobs().get(0).id())
                .resolve("manifest.json")).toMillis();
        BenchmarkRun.Outcome again = BenchmarkRun.run(spec, dir, new InProcessExecutor());
        assertEquals(again.done().size(), 0, "nothing is redone");
        assertEquals(again.skipped().size(), 9);
        assertEquals(Files.getLastModifiedTime(dir.resolve("jobs").resolve(o.jobs().get(0).id())
                .resolve("manifest.json")).toMillis(), before, "finished job untouched");
        assertEquals(ResultsCsv.read(dir.resolve("results.csv")), rows, "same results");
    }
}
