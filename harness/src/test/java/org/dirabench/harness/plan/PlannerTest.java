package org.dirabench.harness.plan;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import org.dirabench.harness.spec.BenchmarkSpec;
import org.dirabench.harness.spec.MethodId;
import org.testng.annotations.Test;

public class PlannerTest {

    @Test
    public void miniPlansPretrainingStagesThenFineTuningWithRandomInit() throws Exception {
        List<Job> jobs = Planner.plan(BenchmarkSpec.load("mini", List.of()));
        List<Job> pre = jobs.stream().filter(j -> "pretrain".equals(j.kind())).toList();
        assertEquals(pre.size(), 3, "moco_v2, DiRA stage 1, DiRA stage 2");
        Job stage2 = pre.stream().filter(j -> j.id().contains("stage2")).findFirst().orElseThrow();
        Job stage1 = pre.stream().filter(j -> j.id().contains("stage1")).findFirst().orElseThrow();
        assertEquals(stage2.dependsOn(), List.of(stage1.id()));
        assertEquals(stage2.config().string("init_from"), stage1.id());
        assertEquals(stage1.config().integer("pretrain.epochs"), stage1.config().integer("dira.stage1.epochs"));
        // 2 tasks x 1 fraction x 3 seeds x (random init + 2 models)
        assertEquals(jobs.size() - pre.size(), 18);
        for (int i = 0; i < jobs.size(); i++) {
            for (String dep : jobs.get(i).dependsOn()) {
                int at = jobs.stream().map(Job::id).toList().indexOf(dep);
                assertTrue(at >= 0 && at < i, jobs.get(i).id() + " after " + dep);
            }
        }
    }

    @Test
    public void ablationSharesStageOneAndIdsFollowTheConfiguration() throws Exception {
        List<Job> a = Planner.plan(BenchmarkSpec.load("mini", List.of("methods=[dira_moco_v2, dira_moco_v2:dis+res]")));
        assertEquals(a.stream().filter(j -> j.id().contains("stage1")).count(), 1, "stage 1 planned once");
        List<Job> b = Planner.plan(BenchmarkSpec.load("mini", List.of("methods=[dira_moco_v2, dira_moco_v2:dis+res]",
                "dira.lambda_res=5.0")));
        assertNotEquals(a.get(0).id(), b.get(0).id(), "a changed setting changes the id");
        // the fine-tuning jobs below a changed pretraining job change too
        assertNotEquals(a.get(a.size() - 1).id(), b.get(b.size() - 1).id());
    }

    @Test
    public void paperSpecPlansTheReleasedRecipe() throws Exception {
        // planning reads the data folder's listing: point the paper spec at the small real set
        List<Job> jobs = Planner.plan(BenchmarkSpec.load("paper", List.of("data.chestxray14="
                + org.dirabench.datasets.DataRoot.dataset("chestxray14_nih1000"))));
        Job stage1 = jobs.stream().filter(j -> j.id().contains("stage1")).findFirst().orElseThrow();
        Job stage2 = jobs.stream().filter(j -> j.id().contains("stage2")).findFirst().orElseThrow();
        assertEquals(stage1.config().integer("pretrain.epochs"), 1200);
        assertEquals(stage1.config().integer("pretrain.batch_size"), 256);
        assertEquals(stage2.config().integer("pretrain.epochs"), 400);
        assertEquals(stage2.config().integer("pretrain.batch_size"), 16);
        assertEquals(stage1.config().integer("image_size"), 224);
        assertEquals(stage1.config().integer("moco.queue_size"), 65536);
        assertEquals(jobs.stream().filter(j -> "finetune".equals(j.kind())).count(), 30, "10 seeds x 3 models");
    }

    @Test
    public void methodNamesAreValidated() {
        assertEquals(MethodId.parse("dira_moco_v2"), new MethodId("moco_v2", "dis+res+adv"));
        assertEquals(MethodId.parse("dira_moco_v2:dis+res"), new MethodId("moco_v2", "dis+res"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> MethodId.parse("byol"));
        assertTrue(e.getMessage().contains("moco_v2"), e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> MethodId.parse("dira_moco_v2:adv"));
        expectThrows(IllegalArgumentException.class, () -> MethodId.parse("moco_v2:dis+res"));
    }

    @Test
    public void unknownSettingsAreRefusedWithASuggestion() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> BenchmarkSpec.load("smoke", List.of("pretrain.epoch=2")));
        assertTrue(e.getMessage().contains("unknown setting 'pretrain.epoch'")
                && e.getMessage().contains("did you mean 'pretrain.epochs'"), e.getMessage());
        expectThrows(IllegalArgumentException.class, () -> BenchmarkSpec.load("smoke", List.of("moco.temprature=0.5")));
        expectThrows(IllegalArgumentException.class, () -> BenchmarkSpec.load("smoke", List.of("data.imagenet=/x")));
    }

    @Test
    public void badValuesFailAtPlanningNamingJobAndSetting() throws Exception {
        for (String bad : List.of("pretrain.epochs=abc", "pretrain.epochs=-1", "pretrain.epochs=2.5",
                "finetune.optimizer.lr=0", "moco.temperature=-0.2", "views.pixel_constants=sideways",
                "finetune.normalization=zscore", "pretrain.select=first", "dira.lambda_res=-1", "image_size=50")) {
            BenchmarkSpec spec = BenchmarkSpec.load("smoke", List.of(bad));
            IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Planner.plan(spec));
            assertTrue(e.getMessage().startsWith("job "), bad + ": " + e.getMessage());
        }
    }

    @Test
    public void aMissingDataFolderFailsAtPlanning() throws Exception {
        BenchmarkSpec spec = BenchmarkSpec.load("smoke", List.of("data.chestxray14=/nonexistent/cxr"));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> Planner.plan(spec));
        assertTrue(e.getMessage().contains("/nonexistent/cxr"), e.getMessage());
    }

    @Test
    public void jobIdsDependOnTheDataListing() throws Exception {
        java.nio.file.Path a = java.nio.file.Files.createTempDirectory("cxr-a");
        java.nio.file.Files.writeString(a.resolve("x.png"), "1");
        java.nio.file.Path b = java.nio.file.Files.createTempDirectory("cxr-b");
        java.nio.file.Files.writeString(b.resolve("x.png"), "12");
        String idA = Planner.plan(BenchmarkSpec.load("smoke", List.of("data.chestxray14=" + a))).get(0).id();
        String idB = Planner.plan(BenchmarkSpec.load("smoke", List.of("data.chestxray14=" + b))).get(0).id();
        assertNotEquals(idA, idB, "a file of another size: another job");
    }

    @Test
    public void unknownSpecAndBadFractionAreRefused() {
        expectThrows(IllegalArgumentException.class, () -> BenchmarkSpec.load("nonexistent", List.of()));
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> BenchmarkSpec.load("mini", List.of("label_fractions=[0, 1]")));
        assertTrue(e.getMessage().contains("label fraction 0.0"), e.getMessage());
    }
}
