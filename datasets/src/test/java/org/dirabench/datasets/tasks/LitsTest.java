package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.batch.CubeBatch;
import org.dirabench.datasets.batch.CubeLoader;
import org.dirabench.datasets.batch.DataLoadingException;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.VoxelGrid;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** LiTS on generated phantom NIfTI files; its stand-in on the real TotalSegmentator abdomen CT. */
public class LitsTest {
    private static final double[] ONE = {1, 1, 1};
    private Path dir;

    /** A 6 x 5 x 4 volume (HU 40) and its segmentation: background, liver (1) in z 1..2, tumour (2) at one voxel. */
    static void pair(Path dir, String sub, int n, int segDepth, int badLabel) throws IOException {
        short[] ct = new short[6 * 5 * 4];
        java.util.Arrays.fill(ct, (short) 40);
        short[] seg = new short[6 * 5 * segDepth];
        for (int z = 1; z <= 2 && z < segDepth; z++) {
            for (int y = 1; y < 4; y++) {
                for (int x = 1; x < 5; x++) {
                    seg[(z * 5 + y) * 6 + x] = 1;
                }
            }
        }
        seg[(1 * 5 + 2) * 6 + 2] = 2;
        if (badLabel != 0) {
            seg[0] = (short) badLabel;
        }
        Fixtures.nifti(dir.resolve(sub).resolve("volume-" + n + ".nii"), 6, 5, 4, ONE, new double[3], ct);
        Fixtures.nifti(dir.resolve(sub).resolve("segmentation-" + n + ".nii"), 6, 5, segDepth, ONE, new double[3],
                seg);
    }

    @BeforeClass
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("lits").resolve("LiTS");
        for (int n : new int[] {0, 1, 100, 120, 130}) {
            pair(dir, n < 100 ? "Training Batch 1" : "Training Batch 2", n, 4, 0);
        }
        Fixtures.nifti(dir.resolve("Training Batch 1/volume-2.nii"), 2, 2, 2, ONE, new double[3], new short[8]);
        Fixtures.nifti(dir.resolve("Training Batch 1/segmentation-3.nii"), 2, 2, 2, ONE, new double[3],
                new short[8]);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(dir.getParent());
    }

    @Test
    public void volumesZeroTo99Train100To114Validate115To129TestAndTheLiverIsLabelsOneAndTwo() throws IOException {
        Lits lits = Lits.open(dir);
        SegmentationTask3d t = lits.task();
        assertEquals(t.id(), "lits");
        assertEquals(t.metric(), Metric.IOU);
        assertEquals(t.window(), IntensityWindow.CT);
        assertEquals(t.split().train().stream().map(MaskedVolume::volumeId).toList(), List.of("volume-0",
                "volume-1"));
        assertEquals(t.split().val().stream().map(MaskedVolume::volumeId).toList(), List.of("volume-100"));
        assertEquals(t.split().test().stream().map(MaskedVolume::volumeId).toList(), List.of("volume-120"));
        assertEquals(lits.leftOut().count(Lits.OUTSIDE_LISTS), 1);
        assertEquals(lits.leftOut().count(Lits.WITHOUT_SEGMENTATION), 1);
        assertEquals(lits.leftOut().count(Lits.WITHOUT_VOLUME), 1);
        MaskedVolume v = t.split().train().get(0);
        VoxelGrid g = v.image().grid();
        BitSet liver = v.mask().read(g, "v");
        assertEquals(liver.cardinality(), 2 * 3 * 4, "liver and tumour voxels both count");
        IOException strict = expectThrows(IOException.class, () -> Lits.open(dir, true));
        assertTrue(strict.getMessage().contains("volume-2.nii: no segmentation-2"), strict.getMessage());
    }

    @Test
    public void aSizeMismatchOrAnUnknownLabelNamesTheFiles() throws IOException {
        Path bad = Files.createTempDirectory(dir.getParent(), "bad");
        pair(bad, "a", 7, 3, 0);
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Lits.open(bad));
        assertTrue(e.getMessage().contains("volume/mask size mismatch: " + bad.resolve("a/segmentation-7.nii")
                + " is 6 x 5 x 3 voxels but " + bad.resolve("a/volume-7.nii") + " is 6 x 5 x 4"), e.getMessage());
        Path label = Files.createTempDirectory(dir.getParent(), "label");
        pair(label, "a", 8, 4, 3);
        SegmentationTask3d t = Lits.open(label).task();
        try (CubeLoader l = CubeLoader.segmentation(t, t.split().train(), new CubeShape(2, 2, 2), 1,
                CubeLoader.Mode.EVAL).workers(0).build()) {
            DataLoadingException d = expectThrows(DataLoadingException.class, () -> l.batch(0, 0));
            assertTrue(d.getMessage().contains("segmentation-8.nii: voxel (0, 0, 0) has value 3.0; expected one of"
                    + " [0, 1, 2]"), d.getMessage());
        }
        Path empty = Files.createTempDirectory(dir.getParent(), "empty");
        IOException none = expectThrows(IOException.class, () -> Lits.open(empty));
        assertTrue(none.getMessage().contains(empty + " holds no volume-N.nii"), none.getMessage());
        expectThrows(NoSuchFileException.class, () -> Lits.open(empty.resolve("x")));
    }

    @Test
    public void theTotalSegmentatorStandInSplitsOneRealScanIntoSliceBands() throws IOException {
        Lits s = Lits.fromTotalSegmentator(DataRoot.dataset("totalseg_abdomen_ct_3mm"));
        SegmentationTask3d t = s.task();
        assertEquals(t.data(), "stand-in:totalseg-abdomen-liver");
        assertTrue(t.splitNote().contains("NOT patient-disjoint"), t.splitNote());
        MaskedVolume train = t.split().train().get(0);
        MaskedVolume val = t.split().val().get(0);
        MaskedVolume test = t.split().test().get(0);
        VoxelGrid g = train.image().grid();
        assertEquals(List.of(g.nx(), g.ny(), g.nz()), List.of(122, 101, 112));
        BitSet liver = train.mask().read(g, "ct");
        assertEquals(liver.cardinality(), 41692, "README: the liver (id 5) has 41,692 voxels");
        assertEquals(train.region().z1(), val.region().z0());
        assertEquals(val.region().z1(), test.region().z0());
        assertEquals(test.region().z1(), 112);
        int[] inBand = new int[3];
        int plane = g.nx() * g.ny();
        for (int i = liver.nextSetBit(0); i >= 0; i = liver.nextSetBit(i + 1)) {
            int z = i / plane;
            inBand[z < val.region().z0() ? 0 : z < test.region().z0() ? 1 : 2]++;
        }
        assertTrue(inBand[0] > 0 && inBand[1] > 0 && inBand[2] > 0, java.util.Arrays.toString(inBand));
        // Evaluation tiles of the test band count each of its voxels once, and its liver voxels.
        CubeShape smoke = CubeShape.MODELS_GENESIS.scaled(4);
        try (CubeLoader l = CubeLoader.segmentation(t, t.split().test(), smoke, 64, CubeLoader.Mode.EVAL).build()) {
            double weights = 0;
            double liverVoxels = 0;
            for (int b = 0; b < l.batchesPerEpoch(); b++) {
                CubeBatch cb = l.batch(0, b);
                weights += cb.weights().sumNumber().doubleValue();
                liverVoxels += cb.masks().mul(cb.weights()).sumNumber().doubleValue();
                cb.close();
            }
            assertEquals(weights, (double) g.nx() * g.ny() * (112 - test.region().z0()));
            assertEquals(liverVoxels, inBand[2]);
        }
    }
}
