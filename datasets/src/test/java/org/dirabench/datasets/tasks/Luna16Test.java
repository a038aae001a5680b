package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dirabench.datasets.batch.CubeBatch;
import org.dirabench.datasets.batch.CubeLoader;
import org.dirabench.datasets.io.MetaImage;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.split.PatientDisjointness;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** LUNA16 on a generated phantom layout (MetaImage scans, CSVs); its stand-in on the real LIDC-IDRI-0001. */
public class Luna16Test {
    private static final int NX = 12;
    private static final int NY = 10;
    private static final int NZ = 8;
    private static final double[] SPACING = {0.7, 0.8, 2.5};
    private static final double[] ORIGIN = {-100, 50, -300};
    /** Column 0 (voxel x) → world +y, column 1 (voxel y) → world −x, column 2 → +z. */
    private static final double[] ROTATED = {0, 1, 0, -1, 0, 0, 0, 0, 1};
    private Path dir;

    /** HU(x, y, z) = x + 20 y + 100 z − 1000. */
    private static short[] phantom() {
        short[] v = new short[NX * NY * NZ];
        for (int z = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    v[(z * NY + y) * NX + x] = (short) (x + 20 * y + 100 * z - 1000);
                }
            }
        }
        return v;
    }

    /** The world mm of voxel (x, y, z) of the rotated scan, computed by hand: origin + D · diag(spacing) · v. */
    private static double[] rotatedWorld(double x, double y, double z) {
        return new double[] {ORIGIN[0] - SPACING[1] * y, ORIGIN[1] + SPACING[0] * x, ORIGIN[2] + SPACING[2] * z};
    }

    private static String row(String uid, double[] w, String cls) {
        return String.format(Locale.ROOT, "%s,%.6f,%.6f,%.6f,%s", uid, w[0], w[1], w[2], cls);
    }

    @BeforeClass
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("luna16");
        Fixtures.metaImage(dir.resolve("subset0/1.1.mhd"), NX, NY, NZ, SPACING, ORIGIN, ROTATED, phantom());
        Fixtures.metaImage(dir.resolve("subset5/1.2.mhd"), NX, NY, NZ, SPACING, ORIGIN, null, phantom());
        Fixtures.metaImage(dir.resolve("subset8/1.3.mhd"), NX, NY, NZ, SPACING, ORIGIN, null, phantom());
        List<String> rows = new ArrayList<>(List.of("seriesuid,coordX,coordY,coordZ,class"));
        rows.add(row("1.1", rotatedWorld(10, 5, 3), "1")); // line 2
        rows.add(row("1.1", rotatedWorld(2, 2, 2), "0"));
        for (int i = 0; i < 10; i++) {
            rows.add(row("1.2", new double[] {ORIGIN[0] + 0.7 * i, ORIGIN[1] + 0.8 * i, ORIGIN[2]}, "0"));
        }
        rows.add(row("1.3", new double[] {ORIGIN[0] + 7, ORIGIN[1] + 4, ORIGIN[2] + 5}, "1.0"));
        rows.add(row("1.9", new double[] {0, 0, 0}, "0")); // scan in no subset
        rows.add(row("1.3", new double[] {ORIGIN[0] - 50, ORIGIN[1], ORIGIN[2]}, "0")); // outside
        Fixtures.lines(dir.resolve("CSVFILES/candidates_V2.csv"), rows);
        Fixtures.lines(dir.resolve("CSVFILES/annotations.csv"), List.of("seriesuid,coordX,coordY,coordZ,diameter_mm",
                row("1.1", rotatedWorld(10, 5, 3), "5.5")));
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(dir);
    }

    @Test
    public void worldCoordinatesBecomeVoxelsThroughANonIdentityDirection() throws IOException {
        VoxelGrid g = MetaImage.readHeader(dir.resolve("subset0/1.1.mhd")).grid();
        assertEquals(g.direction()[1][0], 1.0, "voxel x points along world +y");
        Luna16 luna = Luna16.open(dir);
        Candidate c = luna.split().train().get(0);
        assertEquals(c.patientId(), "1.1");
        assertEquals(c.label(), 1f);
        double[] v = c.voxel();
        assertEquals(v[0], 10.0, 1e-6);
        assertEquals(v[1], 5.0, 1e-6);
        assertEquals(v[2], 3.0, 1e-6);
        assertEquals(luna.annotations().size(), 1);
        assertEquals(luna.annotations().get(0).diameterMm(), 5.5);
        // The cube's centre voxel is that voxel: HU 10 + 100 + 300 - 1000 = -590 → (−590 + 1000) / 2000.
        ClassificationTask3d t = luna.task();
        try (CubeLoader l = CubeLoader.candidates(t, List.of(c), new CubeShape(2, 2, 2), 1, CubeLoader.Mode.EVAL)
                .workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            assertEquals(b.cubes().getFloat(0, 0, 1, 1, 1), (-590 + 1000) / 2000f, 1e-6);
            assertEquals(b.cubes().getFloat(0, 0, 0, 0, 0), (9 + 80 + 200 - 1000 + 1000) / 2000f, 1e-6);
            assertEquals(b.labels().getFloat(0, 0), 1f);
        }
    }

    @Test
    public void subsetsZeroToFourTrainFiveSixValidateSevenToNineTest() throws IOException {
        Luna16 luna = Luna16.open(dir);
        ClassificationTask3d t = luna.task();
        assertEquals(t.id(), "luna16");
        assertEquals(t.metric(), Metric.AUC);
        assertEquals(t.window(), IntensityWindow.CT);
        assertEquals(t.paperCube(), CubeShape.MODELS_GENESIS);
        assertTrue(t.split().train().stream().allMatch(c -> c.patientId().equals("1.1")));
        assertEquals(t.split().train().size(), 2);
        assertTrue(t.split().val().stream().allMatch(c -> c.patientId().equals("1.2")));
        assertEquals(t.split().val().size(), 10);
        assertEquals(t.split().test().size(), 1);
        assertEquals(t.split().test().get(0).patientId(), "1.3");
        assertTrue(PatientDisjointness.overlaps(t.split()).isEmpty());
        assertEquals(luna.leftOut().count(Luna16.SERIES_MISSING), 1);
        assertEquals(luna.leftOut().count(Luna16.OUTSIDE), 1);
        assertEquals(Luna16.TRAIN_SUBSETS, List.of(0, 1, 2, 3, 4));
        assertEquals(Luna16.VAL_SUBSETS, List.of(5, 6));
        assertEquals(Luna16.TEST_SUBSETS, List.of(7, 8, 9));
        // A fraction of the negatives, the same ones every time.
        Luna16 half = Luna16.open(dir, Luna16.Options.defaults().withNegativeFraction(0.5, 7));
        int kept = half.split().size();
        assertEquals(kept + half.leftOut().count(Luna16.SUBSAMPLED), 14);
        assertTrue(half.leftOut().count(Luna16.SUBSAMPLED) > 0);
        assertEquals(Luna16.open(dir, Luna16.Options.defaults().withNegativeFraction(0.5, 7)).split(), half.split());
    }

    @Test
    public void badRowsAndMissingFilesAreNamed() throws IOException {
        Path bad = Files.createTempDirectory(dir, "bad");
        Files.createDirectories(bad.resolve("subset0"));
        Files.copy(dir.resolve("subset0/1.1.mhd"), bad.resolve("subset0/1.1.mhd"));
        Files.copy(dir.resolve("subset0/1.1.raw"), bad.resolve("subset0/1.1.raw"));
        Fixtures.lines(bad.resolve("candidates_V2.csv"), List.of("seriesuid,coordX,coordY,coordZ,class",
                row("1.1", rotatedWorld(1, 1, 1), "2")));
        IOException e = expectThrows(IOException.class, () -> Luna16.open(bad));
        assertTrue(e.getMessage().contains(bad.resolve("candidates_V2.csv") + ":2: column 'class' is '2', expected 0"
                + " or 1"), e.getMessage());
        Fixtures.lines(bad.resolve("candidates_V2.csv"), List.of("seriesuid,coordX,coordY,coordZ",
                row("1.1", rotatedWorld(1, 1, 1), "").replaceAll(",$", "")));
        e = expectThrows(IOException.class, () -> Luna16.open(bad));
        assertTrue(e.getMessage().contains(":1: missing column 'class'"), e.getMessage());
        Fixtures.lines(bad.resolve("candidates_V2.csv"), List.of("seriesuid,coordX,coordY,coordZ,class",
                row("1.1", rotatedWorld(1, 1, 1), "0"), row("7.7", rotatedWorld(1, 1, 1), "1")));
        e = expectThrows(IOException.class, () -> Luna16.open(bad, Luna16.Options.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("candidates_V2.csv:3: 7.7"), e.getMessage());
        assertEquals(Luna16.open(bad).leftOut().count(Luna16.SERIES_MISSING), 1);
        Files.createDirectories(bad.resolve("subset9"));
        Files.copy(dir.resolve("subset0/1.1.mhd"), bad.resolve("subset9/1.1.mhd"));
        e = expectThrows(IOException.class, () -> Luna16.open(bad));
        assertTrue(e.getMessage().contains("scan 1.1 is in two subsets"), e.getMessage());
        Path empty = Files.createTempDirectory(dir, "empty");
        NoSuchFileException none = expectThrows(NoSuchFileException.class, () -> Luna16.open(empty));
        assertTrue(none.getMessage().contains(empty.resolve("candidates_V2.csv").toString()), none.getMessage());
    }

    @Test
    public void theLidcStandInMakesCandidatesFromTheRealNoduleAndNonNoduleLocations() throws IOException {
        LidcIdri.Case lidc = RealLidc.get();
        Luna16 s = Luna16.fromLidc(lidc, Luna16.StandInOptions.defaults());
        ClassificationTask3d t = s.task();
        assertEquals(t.data(), "stand-in:lidc-idri-0001");
        assertTrue(t.splitNote().contains("NOT patient-disjoint"), t.splitNote());
        List<Candidate> all = new ArrayList<>(t.split().train());
        all.addAll(t.split().val());
        all.addAll(t.split().test());
        long positives = all.stream().filter(c -> c.label() == 1f).count();
        assertEquals(positives, 8, "8 candidates of the one nodule marked by all four readers");
        // 3 marks under 3 mm + 13 nonNodule marks (4 + 1 + 8 + 0) + 64 random locations.
        assertEquals(all.size() - positives, 3 + 13 + 64);
        for (List<Candidate> part : List.of(t.split().train(), t.split().val(), t.split().test())) {
            assertTrue(part.stream().anyMatch(c -> c.label() == 1f), "every part holds positives");
            assertTrue(part.stream().anyMatch(c -> c.label() == 0f));
        }
        Candidate centroid = all.stream().filter(c -> c.candidateId().endsWith("#nodule-0")).findFirst()
                .orElseThrow();
        assertEquals(centroid.worldMm()[0], 56.5, 1.0);
        assertEquals(centroid.worldMm()[2], -115.8, 1.0);
        VoxelGrid g = lidc.layout().grid();
        double[] back = g.voxelToWorld(centroid.voxel()[0], centroid.voxel()[1], centroid.voxel()[2]);
        for (int a = 0; a < 3; a++) {
            assertEquals(back[a], centroid.worldMm()[a], 1e-6);
        }
        assertFalse(all.stream().anyMatch(c -> c.voxel()[2] < -0.5 || c.voxel()[2] > g.nz() - 0.5));
    }
}
