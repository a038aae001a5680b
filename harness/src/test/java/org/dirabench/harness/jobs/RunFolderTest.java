package org.dirabench.harness.jobs;

import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dirabench.harness.plan.Job;
import org.dirabench.harness.spec.Settings;
import org.testng.annotations.Test;

public class RunFolderTest {

    @Test
    public void theCheckpointHashIgnoresZipTimestamps() throws Exception {
        Path dir = Files.createTempDirectory("zips");
        Path a = zip(dir.resolve("a.zip"), 1_000_000_000_000L);
        Path b = zip(dir.resolve("b.zip"), 1_700_000_000_000L);
        org.testng.Assert.assertNotEquals(TaskData.sha256(a), TaskData.sha256(b), "the files differ in timestamps");
        org.testng.Assert.assertEquals(TaskData.zipContentSha256(a), TaskData.zipContentSha256(b));
        Files.writeString(dir.resolve("bad.zip"), "not a zip");
        java.io.IOException e = expectThrows(java.io.IOException.class,
                () -> TaskData.zipContentSha256(dir.resolve("bad.zip")));
        assertTrue(e.getMessage().contains("bad.zip"), e.getMessage());
    }

    private static Path zip(Path f, long time) throws Exception {
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(Files.newOutputStream(f))) {
            for (String name : List.of("configuration.json", "coefficients.bin")) {
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(name);
                e.setTime(time);
                z.putNextEntry(e);
                z.write(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return f;
    }

    @Test
    public void aSpecWithABadSettingLeavesNoRunFolder() throws Exception {
        Path out = Files.createTempDirectory("bad-spec").resolve("run");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> org.dirabench.harness.exec.BenchmarkRun.run(org.dirabench.harness.spec.BenchmarkSpec.load(
                        "smoke", List.of("finetune.max_epochs=abc")), out, null));
        assertTrue(e.getMessage().contains("max_epochs"), e.getMessage());
        assertFalse(Files.exists(out), "nothing written before the plan is checked");
    }

    @Test
    public void aFolderWithAnotherConfigurationIsRefusedAndDoneIsWrittenLast() throws Exception {
        RunFolder run = new RunFolder(Files.createTempDirectory("run"));
        Job a = new Job("pretrain-x", "pretrain", Settings.empty("t").with("epochs", 1), List.of());
        Job b = new Job("pretrain-x", "pretrain", Settings.empty("t").with("epochs", 2), List.of());
        Path d = run.prepare(a);
        assertTrue(Files.exists(d.resolve("job.json")));
        assertFalse(run.isDone(a));
        run.markDone(a);
        assertTrue(run.isDone(a));
        assertFalse(run.isDone(b), "a different configuration is not done");
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> run.prepare(b));
        assertTrue(e.getMessage().contains("refusing"), e.getMessage());
    }

    @Test
    public void anEditedConfigurationIsNotDoneAndAnEmptyStartIsTakenOver() throws Exception {
        RunFolder run = new RunFolder(Files.createTempDirectory("run"));
        Job a = new Job("finetune-x", "finetune", Settings.empty("t").with("max_epochs", 2), List.of());
        Path d = run.prepare(a);
        run.markDone(a);
        Files.writeString(d.resolve("job.json"), Files.readString(d.resolve("job.json"))
                .replace("\"max_epochs\" : 2", "\"max_epochs\" : 3"));
        assertFalse(run.isDone(a), "hash recomputed from the edited content");
        assertTrue(run.state(a).equals("mismatch"), run.state(a));

        Job b = new Job("pretrain-y", "pretrain", Settings.empty("t").with("epochs", 1), List.of());
        Job b2 = new Job("pretrain-y", "pretrain", Settings.empty("t").with("epochs", 2), List.of());
        run.prepare(b);
        run.markFailed(b, new IllegalStateException("bad data"));
        run.prepare(b2); // nothing was produced: the corrected job takes the folder over
        assertFalse(Files.exists(run.jobDir("pretrain-y").resolve("FAILED")));
        assertTrue(run.state(b2).equals("started"));
    }
}
