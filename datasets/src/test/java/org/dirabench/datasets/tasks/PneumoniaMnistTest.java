package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.batch.ClassificationLoader;
import org.dirabench.datasets.batch.LabelledBatch;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.split.Split;
import org.testng.annotations.Test;

public class PneumoniaMnistTest {

    private static int positives(List<ImageRecord> rs) {
        return (int) rs.stream().filter(r -> r.label(0) == 1f).count();
    }

    @Test
    public void opensTheRealOfficialCopyWithMedMnistsSplit() throws IOException {
        PneumoniaMnist p = PneumoniaMnist.open(DataRoot.dataset("pneumoniamnist"),
                PneumoniaMnist.Variant.OFFICIAL_VALTEST);
        ClassificationTask t = p.task();
        assertEquals(t.id(), "pneumoniamnist");
        assertEquals(t.data(), "stand-in:pneumoniamnist-official");
        Split<ImageRecord> s = t.split();
        // README: train 388 / 3494, val 135 / 389, test 234 / 390.
        assertEquals(List.of(s.train().size(), positives(s.train())), List.of(388 + 3494, 3494));
        assertEquals(List.of(s.val().size(), positives(s.val())), List.of(524, 389));
        assertEquals(List.of(s.test().size(), positives(s.test())), List.of(624, 390));
        // No patient ids in MedMNIST: each image is its own patient, so disjointness holds only trivially.
        assertTrue(org.dirabench.datasets.split.PatientDisjointness.overlaps(s).isEmpty());
        assertEquals(t.patients().size(), s.size());
        // The task's own image reader feeds the loader: [N, 3, S, S] in [0, 1], labels [N, 1].
        try (ClassificationLoader l = ClassificationLoader.builder(t, s.test().subList(0, 8), 28, 8,
                ClassificationLoader.Views.EVAL).workers(0).build()) {
            LabelledBatch b = l.batch(0, 0);
            assertEquals(b.images().shape(), new long[] {8, 3, 28, 28});
            assertEquals(b.labels().shape(), new long[] {8, 1});
            double max = b.images().maxNumber().doubleValue();
            assertTrue(max > 0.5 && max <= 1.0, "max " + max);
        }
    }

    @Test
    public void opensTheBalancedCopy() throws IOException {
        PneumoniaMnist p = PneumoniaMnist.open(DataRoot.dataset("pneumoniamnist"), PneumoniaMnist.Variant.BALANCED);
        Split<ImageRecord> s = p.split();
        assertEquals(List.of(s.train().size(), positives(s.train())), List.of(2428, 1214));
        assertEquals(List.of(s.test().size(), positives(s.test())), List.of(468, 234));
    }

    @Test
    public void aMissingArrayOrALabelOutsideZeroOneIsAnError() throws IOException {
        Path tmp = Files.createTempDirectory("pmnist");
        try {
            Map<String, byte[]> a = new LinkedHashMap<>();
            for (String part : List.of("train", "val", "test")) {
                a.put(part + "_images", Fixtures.npy("|u1", new int[] {2, 2, 2}, new byte[8]));
                a.put(part + "_labels", Fixtures.npy("|u1", new int[] {2, 1}, new byte[] {0, part.equals("val") ? 2
                        : (byte) 1}));
            }
            Path bad = Fixtures.npz(tmp.resolve("bad.npz"), a);
            ImageFormatException e = expectThrows(ImageFormatException.class, () -> PneumoniaMnist.open(bad, "x"));
            assertTrue(e.getMessage().contains("bad.npz: val_labels[1] is 2.0"), e.getMessage());
            a.put("val_labels", Fixtures.npy("|u1", new int[] {2, 1}, new byte[] {0, 1}));
            a.remove("test_labels");
            Path missing = Fixtures.npz(tmp.resolve("missing.npz"), a);
            e = expectThrows(ImageFormatException.class, () -> PneumoniaMnist.open(missing, "x"));
            assertTrue(e.getMessage().contains("missing.npz: no array test_labels"), e.getMessage());
        } finally {
            TempFiles.deleteTree(tmp);
        }
    }
}
