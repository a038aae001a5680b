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
}
