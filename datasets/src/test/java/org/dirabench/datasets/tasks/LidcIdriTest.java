package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.batch.CubeBatch;
import org.dirabench.datasets.batch.CubeLoader;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.io.lidc.NoduleMask;
import org.dirabench.datasets.io.lidc.PhysicalNodule;
import org.testng.annotations.Test;

/** LIDC-IDRI on the real LIDC-IDRI-0001 case, and Models Genesis' cube layout on generated arrays. */
public class LidcIdriTest {
    private static LidcIdri[] byK;

    /** The real case opened at consensus k = 1..4 (the XML and slice headers only). */
    private static synchronized LidcIdri atK(int k) throws IOException {
        if (byK == null) {
            byK = new LidcIdri[5];
            byK[2] = LidcIdri.fromCases(java.util.List.of(RealLidc.get()), LidcIdri.Options.defaults());
        }
        if (byK[k] == null) {
            byK[k] = LidcIdri.fromCases(byK[2].cases(), LidcIdri.Options.defaults().withConsensus(k));
        }
        return byK[k];
    }

    private static double diameterMm(int voxels, VoxelGrid g) {
        double[] s = g.spacing();
        return Math.cbrt(6 * voxels * s[0] * s[1] * s[2] / Math.PI);
    }

    @Test
    public void theNoduleAllFourReadersMarkedHasNestedConsensusMasksAtK1To4() throws IOException {
        LidcIdri lidc = atK(2);
        assertEquals(lidc.cases().size(), 1);
        LidcIdri.Case c = lidc.cases().get(0);
        assertEquals(c.patientId(), "LIDC-IDRI-0001");
        assertEquals(c.readerCount(), 4);
        assertEquals(c.nodules().size(), 4, "README: one large nodule and three marks under 3 mm");
        PhysicalNodule big = c.nodules().get(0);
        assertEquals(big.readerCount(), 4);
        assertTrue(!big.isSmall());
        VoxelGrid g = c.layout().grid();
        double minReader = Double.MAX_VALUE;
        double maxReader = 0;
        for (NoduleMask m : big.reads()) {
            minReader = Math.min(minReader, m.equivalentDiameterMm());
            maxReader = Math.max(maxReader, m.equivalentDiameterMm());
            assertEquals(m.read().malignancy().orElse(0) >= 4, true, "malignancy 5, 5, 5, 4");
        }
        assertEquals(minReader, 23.3, 0.1, "nodules_from_xml.csv: 23.3 ... 25.3 mm");
        assertEquals(maxReader, 25.3, 0.1);
        double[] centre = big.centroidMm();
        assertEquals(centre[0], 56.5, 1.0);
        assertEquals(centre[1], 86.4, 1.0);
        assertEquals(centre[2], -115.8, 1.0);

        int[] voxels = new int[5];
        BitSet previous = null;
        for (int k = 1; k <= 4; k++) {
            BitSet ck = big.consensus(k);
            voxels[k] = ck.cardinality();
            if (previous != null) {
                BitSet outside = (BitSet) ck.clone();
                outside.andNot(previous);
                assertTrue(outside.isEmpty(), "consensus k = " + k + " lies inside k = " + (k - 1));
            }
            previous = ck;
            // The task at k: one sample (the big nodule), its mask that consensus.
            LidcIdri atK = atK(k);
            assertEquals(atK.samples().size(), 1, "k = " + k);
            MaskedVolume s = atK.samples().get(0);
            assertEquals(s.mask().read(g, "series").cardinality(), voxels[k]);
            double[] cv = s.centres().get(0);
            double[] cmm = g.voxelToWorld(cv[0], cv[1], cv[2]);
            assertEquals(cmm[2], -115.8, 2.5, "centre z of the consensus at k = " + k);
        }
        assertTrue(voxels[1] > voxels[2] && voxels[2] > voxels[3] && voxels[3] > voxels[4] && voxels[4] > 0,
                java.util.Arrays.toString(voxels));
        assertTrue(diameterMm(voxels[1], g) >= maxReader - 1e-9, "union at least the largest reader");
        assertTrue(diameterMm(voxels[4], g) <= minReader + 1e-9, "intersection at most the smallest reader");
        assertEquals(diameterMm(voxels[4], g), 21.0, 3.0);
        assertEquals(diameterMm(voxels[1], g), 27.0, 3.0);
    }

    @Test
    public void smallNodulesAreLeftOutAndCountedUnlessAsked() throws IOException {
        LidcIdri lidc = atK(2);
        assertEquals(lidc.leftOut().count(LidcIdri.SMALL), 3);
        SegmentationTask3d t = lidc.task();
        assertEquals(t.id(), "lidc_idri");
        assertEquals(t.metric(), Metric.IOU);
        assertEquals(t.window(), IntensityWindow.CT);
        assertEquals(t.paperCube(), CubeShape.MODELS_GENESIS);
        assertEquals(t.patients(), java.util.Set.of("LIDC-IDRI-0001"));
        assertEquals(t.split().train().size(), 1, "one patient: everything in one part");
        LidcIdri withSmall = LidcIdri.fromCases(lidc.cases(),
                LidcIdri.Options.defaults().withConsensus(3).withSmall(true));
        assertEquals(withSmall.samples().size(), 4, "each small nodule was marked by 3 readers");
        LidcIdri four = LidcIdri.fromCases(lidc.cases(),
                LidcIdri.Options.defaults().withConsensus(4).withSmall(true));
        assertEquals(four.samples().size(), 1);
        assertEquals(four.leftOut().count(LidcIdri.TOO_FEW_READERS), 3);
    }

    @Test
    public void theNoduleCubeOfTheRealSeriesHoldsTheNoduleAtItsCentre() throws IOException {
        SegmentationTask3d t = atK(2).task();
        CubeShape mini = CubeShape.MODELS_GENESIS.scaled(2);
        try (CubeLoader l = CubeLoader.segmentation(t, t.split().train(), mini, 1, CubeLoader.Mode.EVAL).workers(0)
                .build()) {
            CubeBatch b = l.batch(0, 0);
            assertEquals(b.cubes().shape(), new long[] {1, 1, 16, 32, 32});
            double fraction = b.masks().sumNumber().doubleValue() / mini.voxels();
            assertTrue(fraction > 0.05, "nodule fraction of the cube " + fraction);
            assertEquals(b.masks().getFloat(0, 0, 8, 16, 16), 1f, "centre voxel is nodule");
            assertTrue(b.cubes().getFloat(0, 0, 8, 16, 16) > 0.35f, "soft tissue (> -300 HU) at the centre: "
                    + b.cubes().getFloat(0, 0, 8, 16, 16));
            assertEquals(b.weights().sumNumber().doubleValue(), mini.voxels(), 0.0, "the cube lies inside the volume");
        }
    }

    @Test
    public void opensTheRealFolderInTciasLayout() throws IOException {
        LidcIdri lidc = LidcIdri.open(DataRoot.dataset("lidc_idri_0001"));
        assertEquals(lidc.cases().size(), 1);
        assertEquals(lidc.cases().get(0).folder(), RealLidc.get().folder());
        assertEquals(lidc.samples().size(), 1);
        assertEquals(lidc.leftOut().count(LidcIdri.XRAY_READS), 0);
    }

    @Test
    public void anEmptyFolderHasNoAnnotationFile() throws IOException {
        Path empty = Files.createTempDirectory("lidc-empty");
        try {
            IOException e = expectThrows(IOException.class, () -> LidcIdri.open(empty));
            assertTrue(e.getMessage().contains(empty + " holds no LIDC CT annotation file"), e.getMessage());
            expectThrows(NoSuchFileException.class, () -> LidcIdri.open(empty.resolve("nope")));
        } finally {
            TempFiles.deleteTree(empty);
        }
    }

    // ---- Models Genesis cube layout (generated arrays) ----

    /** [n, 4, 3, 2] float32 cubes whose value at (x, y, z) is i + x/10 + y/100 + z/1000. */
    private static byte[] cubes(int n) {
        float[] v = new float[n * 24];
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < 4; x++) {
                for (int y = 0; y < 3; y++) {
                    for (int z = 0; z < 2; z++) {
                        v[((i * 4 + x) * 3 + y) * 2 + z] = (i + x / 10f + y / 100f + z / 1000f) / 10f;
                    }
                }
            }
        }
        return Fixtures.npy("<f4", new int[] {n, 4, 3, 2}, Fixtures.f4(v));
    }

    private static byte[] masks(int n, float value) {
        float[] v = new float[n * 24];
        v[5] = value; // cube 0, x 0, y 2, z 1
        return Fixtures.npy("<f4", new int[] {n, 4, 3, 2, 1}, Fixtures.f4(v));
    }

    @Test
    public void modelsGenesisCubesAreReadAsShippedWithTheirMasks() throws IOException {
        Path dir = Files.createTempDirectory("ncs");
        try {
            Map<String, Integer> n = new LinkedHashMap<>(Map.of("train", 2, "valid", 1, "test", 1));
            for (var e : n.entrySet()) {
                Files.write(dir.resolve("x_" + e.getKey() + "_64x64x32.npy"), cubes(e.getValue()));
                Files.write(dir.resolve("m_" + e.getKey() + "_64x64x32.npy"), masks(e.getValue(), 1f));
            }
            SegmentationTask3d t = LidcIdri.openModelsGenesisCubes(dir);
            assertEquals(List.of(t.split().train().size(), t.split().val().size(), t.split().test().size()),
                    List.of(2, 1, 1));
            assertEquals(t.window(), IntensityWindow.UNIT);
            MaskedVolume second = t.split().train().get(1);
            var vol = second.image().read();
            assertEquals(List.of(vol.nx(), vol.ny(), vol.nz()), List.of(4, 3, 2));
            assertEquals(vol.get(3, 2, 1), (1 + 0.3f + 0.02f + 0.001f) / 10f, 1e-6);
            MaskedVolume first = t.split().train().get(0);
            BitSet m = first.mask().read(vol.grid(), "x");
            assertEquals(m.cardinality(), 1);
            assertTrue(m.get(vol.grid().index(0, 2, 1)));
            // The whole cube, centred, comes out unchanged.
            try (CubeLoader l = CubeLoader.segmentation(t, t.split().train(), new CubeShape(2, 3, 4), 2,
                    CubeLoader.Mode.EVAL).workers(0).build()) {
                CubeBatch b = l.batch(0, 0);
                assertEquals(b.origins()[0], new int[] {0, 0, 0});
                assertEquals(b.cubes().getFloat(1, 0, 1, 2, 3), (1 + 0.3f + 0.02f + 0.001f) / 10f, 1e-6);
                assertEquals(b.masks().getFloat(0, 0, 1, 2, 0), 1f);
            }
            // A mask array of another shape, a mask value other than 0/1, a missing file.
            Files.write(dir.resolve("m_valid_64x64x32.npy"), masks(2, 1f));
            ImageFormatException e = expectThrows(ImageFormatException.class,
                    () -> LidcIdri.openModelsGenesisCubes(dir));
            assertTrue(e.getMessage().contains("m_valid_64x64x32.npy: volume/mask size mismatch"), e.getMessage());
            Files.write(dir.resolve("m_valid_64x64x32.npy"), masks(1, 2f));
            e = expectThrows(ImageFormatException.class, () -> LidcIdri.openModelsGenesisCubes(dir));
            assertTrue(e.getMessage().contains("mask value 2.0 at [0, 0, 2, 1]"), e.getMessage());
            Files.write(dir.resolve("m_valid_64x64x32.npy"), masks(1, 1f));
            Files.delete(dir.resolve("x_test_64x64x32.npy"));
            NoSuchFileException missing = expectThrows(NoSuchFileException.class,
                    () -> LidcIdri.openModelsGenesisCubes(dir));
            assertTrue(missing.getMessage().contains("x_test_64x64x32.npy"), missing.getMessage());
        } finally {
            TempFiles.deleteTree(dir);
        }
    }
}
