package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.batch.CubeBatch;
import org.dirabench.datasets.batch.CubeLoader;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.split.PatientDisjointness;
import org.dirabench.datasets.split.Split;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** PE-CAD in the layout this project defines, on generated NIfTI volumes; its CTA stand-in on real data. */
public class PeCadTest {
    private static final int PATIENTS = 24;
    private Path root;
    private Path dir;

    /**
     * RAS NIfTI 8 x 8 x 6, spacing (1, 1, 2), origin (10, 20, 30): voxel (3, 4, 2) is RAS (13, 24, 34) mm, LPS
     * (-13, -24, 34) mm.
     */
    private static void volume(Path file) throws IOException {
        short[] v = new short[8 * 8 * 6];
        Arrays.fill(v, (short) -800);
        v[(2 * 8 + 4) * 8 + 3] = 400;
        Fixtures.nifti(file, 8, 8, 6, new double[] {1, 1, 2}, new double[] {10, 20, 30}, v);
    }

    private static String row(String id, String patient, String volume, double[] lps, String label) {
        return String.format(Locale.ROOT, "%s,%s,%s,%.3f,%.3f,%.3f,%s", id, patient, volume, lps[0], lps[1], lps[2],
                label);
    }

    @BeforeClass
    public void setUp() throws IOException {
        root = Files.createTempDirectory("pecad");
        dir = root.resolve("PE-CAD");
        List<String> rows = new ArrayList<>(List.of(String.join(",", PeCad.COLUMNS)));
        for (int p = 1; p <= PATIENTS; p++) {
            String vol = String.format("volumes/Patient%05d.nii", p);
            volume(dir.resolve(vol));
            String patient = String.format("Patient%05d", p);
            rows.add(row(patient + "-a", patient, vol, new double[] {-13, -24, 34}, "1"));
            rows.add(row(patient + "-b", patient, vol, new double[] {-11, -21, 31}, "0"));
        }
        rows.add(row("ghost", "Patient09999", "volumes/Patient09999.nii", new double[] {0, 0, 0}, "0"));
        Fixtures.lines(dir.resolve("candidates.csv"), rows);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(root);
    }

    @Test
    public void lpsMillimetresBecomeVoxelsOfTheRasVolume() throws IOException {
        PeCad pe = PeCad.open(dir);
        ClassificationTask3d t = pe.task();
        assertEquals(t.id(), "pe_cad");
        assertEquals(t.metric(), Metric.AUC);
        assertEquals(t.paperCube(), CubeShape.PE_CAD);
        Candidate a = t.split().train().stream().filter(c -> c.candidateId().endsWith("-a")).findFirst()
                .orElseThrow();
        assertEquals(a.voxel()[0], 3.0, 1e-4);
        assertEquals(a.voxel()[1], 4.0, 1e-4);
        assertEquals(a.voxel()[2], 2.0, 1e-4);
        try (CubeLoader l = CubeLoader.candidates(t, List.of(a), new CubeShape(2, 2, 2), 1, CubeLoader.Mode.EVAL)
                .workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            assertEquals(b.cubes().getFloat(0, 0, 1, 1, 1), 0.7f, 1e-6, "400 HU in the [-1000, 1000] window");
        }
        assertEquals(pe.leftOut().count(PeCad.MISSING_VOLUME), 1);
    }

    @Test
    public void generatedFoldsArePatientDisjointAndRotate() throws IOException {
        List<Split<Candidate>> splits = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            Split<Candidate> s = PeCad.open(dir, PeCad.Options.defaults().withFold(k)).split();
            assertTrue(PatientDisjointness.overlaps(s).isEmpty());
            assertEquals(s.test().size(), 2 * PATIENTS / 3, "a third of the patients, 2 candidates each");
            assertEquals(s.val().size(), 2 * ((2 * PATIENTS / 3) / 8), "len // 8 of the other folds' patients");
            assertEquals(s.size(), 2 * PATIENTS);
            splits.add(s);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                List<Candidate> both = new ArrayList<>(splits.get(i).test());
                both.retainAll(splits.get(j).test());
                assertTrue(both.isEmpty(), "test folds " + (i + 1) + " and " + (j + 1) + " are disjoint");
            }
        }
    }

    @Test
    public void cvListsAreUsedWhenPresent() throws IOException {
        Path withLists = Files.createTempDirectory(root, "lists");
        Files.copy(dir.resolve("candidates.csv"), withLists.resolve("candidates.csv"));
        Files.createSymbolicLink(withLists.resolve("volumes"), dir.resolve("volumes"));
        Fixtures.lines(withLists.resolve("train_cv-2.csv"), List.of("FileName", "Patient00001", "Patient00002"));
        Fixtures.lines(withLists.resolve("val_cv-2.csv"), List.of("FileName", "Patient00003"));
        Fixtures.lines(withLists.resolve("test_cv-2.csv"), List.of("FileName", "Patient00004", "Patient00005"));
        PeCad pe = PeCad.open(withLists, PeCad.Options.defaults().withFold(2));
        assertEquals(pe.split().train().size(), 4);
        assertEquals(pe.split().val().size(), 2);
        assertEquals(pe.split().test().size(), 4);
        assertEquals(pe.leftOut().count(PeCad.IN_NO_LIST), PATIENTS - 5);
        Files.delete(withLists.resolve("val_cv-2.csv"));
        NoSuchFileException e = expectThrows(NoSuchFileException.class, () -> PeCad.open(withLists,
                PeCad.Options.defaults().withFold(2)));
        assertTrue(e.getMessage().contains("val_cv-2.csv"), e.getMessage());
    }

    @Test
    public void badRowsAndAnEmptyFolderAreNamed() throws IOException {
        Path bad = Files.createTempDirectory(root, "bad");
        Files.createSymbolicLink(bad.resolve("volumes"), dir.resolve("volumes"));
        Fixtures.lines(bad.resolve("candidates.csv"), List.of(String.join(",", PeCad.COLUMNS),
                row("x", "Patient00001", "volumes/Patient00001.nii", new double[] {-13, -24, 34}, "yes")));
        IOException e = expectThrows(IOException.class, () -> PeCad.open(bad));
        assertTrue(e.getMessage().contains(bad.resolve("candidates.csv") + ":2: column 'label' is 'yes'"),
                e.getMessage());
        Fixtures.lines(bad.resolve("candidates.csv"), List.of("candidate_id,patient_id,volume,coord_x,coord_y,label",
                "x,P,volumes/Patient00001.nii,1,2,0"));
        e = expectThrows(IOException.class, () -> PeCad.open(bad));
        assertTrue(e.getMessage().contains(":1: missing column 'coord_z'"), e.getMessage());
        Fixtures.lines(bad.resolve("candidates.csv"), List.of(String.join(",", PeCad.COLUMNS),
                row("g", "P9", "volumes/none.nii", new double[] {0, 0, 0}, "0")));
        e = expectThrows(IOException.class, () -> PeCad.open(bad, PeCad.Options.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("candidates.csv:2: " + bad.resolve("volumes/none.nii")), e.getMessage());
        Path empty = Files.createTempDirectory(root, "empty");
        NoSuchFileException none = expectThrows(NoSuchFileException.class, () -> PeCad.open(empty));
        assertTrue(none.getMessage().contains(empty.resolve("candidates.csv").toString()), none.getMessage());
    }

    @Test
    public void theCtaStandInPutsPositivesInTheContrastFilledArtery() throws IOException {
        PeCad s = PeCad.fromTotalSegmentatorCta(DataRoot.dataset("totalseg_chest_cta_crops"),
                PeCad.StandInOptions.defaults());
        ClassificationTask3d t = s.task();
        assertEquals(t.data(), "stand-in:totalseg-cta-pulmonary");
        assertTrue(t.splitNote().contains("NOT patient-disjoint"), t.splitNote());
        assertEquals(t.split().size(), 24 + 48);
        for (List<Candidate> part : List.of(t.split().train(), t.split().val(), t.split().test())) {
            assertTrue(part.stream().anyMatch(c -> c.label() == 1f) && part.stream().anyMatch(c -> c.label() == 0f),
                    "each fold holds both labels");
        }
        List<Candidate> all = new ArrayList<>(t.split().train());
        all.addAll(t.split().val());
        all.addAll(t.split().test());
        try (CubeLoader l = CubeLoader.candidates(t, all, new CubeShape(2, 2, 2), all.size(), CubeLoader.Mode.EVAL)
                .workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            List<Float> pos = new ArrayList<>();
            List<Float> neg = new ArrayList<>();
            for (int k = 0; k < b.size(); k++) {
                (b.labels().getFloat(k, 0) == 1f ? pos : neg).add(b.cubes().getFloat(k, 0, 1, 1, 1));
            }
            pos.sort(null);
            neg.sort(null);
            float posMedian = pos.get(pos.size() / 2);
            float negMedian = neg.get(neg.size() / 2);
            assertTrue(posMedian > 0.6f, "contrast-filled artery above 200 HU: " + posMedian);
            assertTrue(negMedian < posMedian, negMedian + " < " + posMedian);
        }
    }
}
