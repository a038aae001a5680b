package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.batch.CubeBatch;
import org.dirabench.datasets.batch.CubeLoader;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.split.PatientDisjointness;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** BraTS on generated phantom cases in both namings; the real (unlabelled) BraTS 2023 example case. */
public class BratsTest {
    private static final double[] ONE = {1, 1, 1};
    private Path root;
    private Path dir;

    /**
     * A 6 x 5 x 4 case: sequences of value 1000; segmentation with 4 voxels of 1, 6 of 2 and 2 of the enhancing
     * label, or {@code badLabel} at voxel 0.
     */
    static void brainCase(Path folder, String id, boolean v2023, int segDepth, int badLabel) throws IOException {
        String[] seqs = v2023 ? new String[] {"-t2f", "-t1n", "-t1c", "-t2w"}
                : new String[] {"_flair", "_t1", "_t1ce", "_t2"};
        short[] mri = new short[120];
        java.util.Arrays.fill(mri, (short) 1000);
        for (String s : seqs) {
            Fixtures.nifti(folder.resolve(id).resolve(id + s + ".nii"), 6, 5, 4, ONE, new double[3], mri);
        }
        short[] seg = new short[6 * 5 * segDepth];
        for (int i = 0; i < 4; i++) {
            seg[10 + i] = 1;
        }
        for (int i = 0; i < 6; i++) {
            seg[20 + i] = 2;
        }
        seg[30] = (short) (v2023 ? 3 : 4);
        seg[31] = (short) (v2023 ? 3 : 4);
        if (badLabel != 0) {
            seg[0] = (short) badLabel;
        }
        Fixtures.nifti(folder.resolve(id).resolve(id + (v2023 ? "-seg" : "_seg") + ".nii"), 6, 5, segDepth, ONE,
                new double[3], seg);
    }

    private static String id(int i) {
        return "Brats18_TCIA_" + (100 + i) + "_1";
    }

    @BeforeClass
    public void setUp() throws IOException {
        root = Files.createTempDirectory("brats");
        dir = root.resolve("BraTS2018");
        List<String> f1 = new ArrayList<>();
        List<String> f2 = new ArrayList<>();
        List<String> f3 = new ArrayList<>();
        for (int i = 0; i < 19; i++) {
            brainCase(dir, id(i), false, 4, 0);
            (i < 8 ? f1 : i < 16 ? f2 : f3).add(id(i));
        }
        f3.add("Brats18_MISSING_1");
        Fixtures.lines(dir.resolve("fold_1.csv"), f1);
        Fixtures.lines(dir.resolve("fold_2.csv"), f2);
        Fixtures.lines(dir.resolve("fold_3.csv"), f3);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(root);
    }

    @Test
    public void modelsGenesisFoldsShuffleFoldsOneAndTwoWithRandom4AndTestOnFoldThree() throws IOException {
        Brats b = Brats.open(dir);
        SegmentationTask3d t = b.task();
        assertEquals(t.id(), "brats");
        assertEquals(t.data(), "real");
        assertEquals(t.window(), IntensityWindow.MRI);
        // CPython: random.Random(4).shuffle(list(range(16))) -> [10, 5, 12, 9, 14, 3, 0, 8, 13, 2, 15, 6, 11, 1, 4, 7]
        assertEquals(t.split().val().stream().map(MaskedVolume::volumeId).toList(), List.of(id(10), id(5)));
        assertEquals(t.split().train().stream().map(MaskedVolume::volumeId).toList(), List.of(id(12), id(9), id(14),
                id(3), id(0), id(8), id(13), id(2), id(15), id(6), id(11), id(1), id(4), id(7)));
        assertEquals(t.split().test().stream().map(MaskedVolume::volumeId).toList(), List.of(id(16), id(17),
                id(18)));
        assertEquals(b.leftOut().count(Brats.LISTED_WITHOUT_FILES), 1);
        assertTrue(PatientDisjointness.overlaps(t.split()).isEmpty());
    }

    @Test
    public void theRegionsAreWholeCoreAndEnhancingInBothNamings() throws IOException {
        int[] expected = {4 + 6 + 2, 4 + 2, 2};
        Brats.TumourRegion[] regions = Brats.TumourRegion.values();
        Path v2023 = Files.createTempDirectory(root, "gli");
        brainCase(v2023, "BraTS-GLI-00002-000", true, 4, 0);
        for (int r = 0; r < 3; r++) {
            MaskedVolume old = Brats.open(dir, Brats.Options.defaults().withRegion(regions[r])).split().train()
                    .get(0);
            VoxelGrid g = old.image().grid();
            assertEquals(old.mask().read(g, "x").cardinality(), expected[r], regions[r] + " (2018)");
            Brats b23 = Brats.open(v2023, Brats.Options.defaults().withRegion(regions[r]));
            MaskedVolume c = b23.split().train().get(0);
            assertEquals(c.patientId(), "BraTS-GLI-00002", "the timepoint suffix is not the patient");
            assertEquals(c.mask().read(g, "x").cardinality(), expected[r], regions[r] + " (2023)");
        }
        assertEquals(Brats.TumourRegion.ENHANCING.labels(4), Set.of(4));
        assertEquals(Brats.TumourRegion.CORE.labels(3), Set.of(1, 3));
    }

    @Test
    public void anUnknownLabelOrASizeMismatchNamesTheFiles() throws IOException {
        Path bad = Files.createTempDirectory(root, "bad");
        brainCase(bad, "Brats18_X_1", false, 4, 3);
        MaskedVolume v = Brats.open(bad).split().train().get(0);
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> v.mask().read(v.image().grid(), "x"));
        assertTrue(e.getMessage().contains("Brats18_X_1_seg.nii: voxel (0, 0, 0) has value 3.0; expected one of"
                + " [0, 1, 2, 4]"), e.getMessage());
        Path size = Files.createTempDirectory(root, "size");
        brainCase(size, "Brats18_Y_1", false, 3, 0);
        e = expectThrows(ImageFormatException.class, () -> Brats.open(size));
        assertTrue(e.getMessage().contains("volume/mask size mismatch: " + size.resolve("Brats18_Y_1/Brats18_Y_1_seg"
                + ".nii") + " is 6 x 5 x 3"), e.getMessage());
        Path empty = Files.createTempDirectory(root, "empty");
        IOException none = expectThrows(IOException.class, () -> Brats.open(empty));
        assertTrue(none.getMessage().contains(empty + " holds no BraTS case"), none.getMessage());
    }

    @Test
    public void theRealBrats2023CaseLoadsButHasNoLabels() throws IOException {
        Brats b = Brats.open(DataRoot.dataset("brats2023_gli_example"));
        assertEquals(b.cases().size(), 1);
        Brats.Case c = b.cases().get(0);
        assertEquals(c.id(), "BraTS-GLI-00001-000");
        assertEquals(c.patientId(), "BraTS-GLI-00001");
        assertEquals(c.sequences().keySet(), Set.of(Brats.Sequence.values()));
        assertNull(c.segmentation(), "the example ships without its -seg file");
        SegmentationTask3d t = b.task();
        assertEquals(t.data(), "stand-in:brats2023-gli-example");
        assertTrue(t.splitNote().contains("UNLABELLED"), t.splitNote());
        MaskedVolume v = t.split().train().get(0);
        assertEquals(v.labelled(), false);
        VoxelGrid g = v.image().grid();
        assertEquals(List.of(g.nx(), g.ny(), g.nz()), List.of(240, 240, 155));
        try (CubeLoader l = CubeLoader.segmentation(t, t.split().train(), CubeShape.MODELS_GENESIS.scaled(2), 2,
                CubeLoader.Mode.TRAIN).cropsPerVolume(2).seed(1).workers(0).build()) {
            CubeBatch cb = l.batch(0, 0);
            assertEquals(cb.cubes().shape(), new long[] {2, 1, 16, 32, 32});
            assertNull(cb.masks());
            assertEquals(cb.weights().minNumber().doubleValue(), 1.0, "random crops lie inside the volume");
            double max = cb.cubes().maxNumber().doubleValue();
            assertTrue(max <= 3119 / 4000.0 + 1e-6, "FLAIR max 3119 over the [0, 4000] window: " + max);
        }
    }
}
