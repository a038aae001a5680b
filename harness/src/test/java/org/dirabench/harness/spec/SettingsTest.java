package org.dirabench.harness.spec;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.List;
import org.testng.annotations.Test;

public class SettingsTest {

    @Test
    public void overridesParseYamlValuesAndMergeKeepsSiblings() {
        Settings s = Settings.resource("scales/smoke.yaml").withOverrides(List.of("pretrain.epochs=3",
                "moco.temperature=0.07", "views.flip_target=true", "label_fractions=[0.25, 1.0]", "name=x y"));
        assertEquals(s.integer("pretrain.epochs"), 3);
        assertEquals(s.number("moco.temperature"), 0.07);
        assertTrue(s.bool("views.flip_target"));
        assertEquals(s.numbers("label_fractions"), List.of(0.25, 1.0));
        assertEquals(s.string("name"), "x y");
        assertEquals(s.integer("pretrain.batch_size"), 8, "sibling kept");
    }

    @Test
    public void hashIgnoresKeyOrderButNotValues() {
        Settings a = Settings.empty("a").with("x", 1).with("y", 2);
        Settings b = Settings.empty("b").with("y", 2).with("x", 1);
        assertEquals(a.sha256(), b.sha256());
        assertNotEquals(a.sha256(), a.with("x", 3).sha256());
    }

    @Test
    public void errorsNameTheKeyAndTheOrigin() {
        Settings s = Settings.resource("scales/mini.yaml");
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class, () -> s.integer("moco.nope"));
        assertTrue(e.getMessage().contains("moco.nope") && e.getMessage().contains("scales/mini.yaml"), e.getMessage());
        IllegalArgumentException t = expectThrows(IllegalArgumentException.class, () -> s.integer("moco.temperature"));
        assertTrue(t.getMessage().contains("must be an integer"), t.getMessage());
        expectThrows(IllegalArgumentException.class, () -> s.withOverrides(List.of("novalue")));
    }

    @Test
    public void scalesChangeSizesNotTheAlgorithm() {
        Settings smoke = Settings.resource("scales/smoke.yaml");
        Settings mini = Settings.resource("scales/mini.yaml");
        Settings paper = Settings.resource("scales/paper.yaml");
        for (String key : List.of("moco.temperature", "moco.momentum", "dira.lambda_dis", "dira.lambda_res",
                "dira.lambda_adv", "dira.discriminator.lr", "dira.discriminator.beta1", "pretrain.optimizer.lr",
                "pretrain.optimizer.momentum", "pretrain.optimizer.weight_decay", "finetune.optimizer.lr",
                "finetune.plateau.factor")) {
            assertEquals(smoke.number(key), paper.number(key), key);
            assertEquals(mini.number(key), paper.number(key), key);
        }
        for (String key : List.of("pretrain.optimizer.schedule", "views.pixel_constants", "views.flip_target",
                "views.patch_swap_overlap", "finetune.normalization", "pretrain.select")) {
            assertEquals(smoke.string(key), paper.string(key), key);
            assertEquals(mini.string(key), paper.string(key), key);
        }
    }
}
