package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.dirabench.datasets.batch.ClassificationLoader;
import org.dirabench.datasets.batch.LabelledBatch;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.RasterImages;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.split.PatientDisjointness;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** CheXpert on a generated phantom folder (no real CheXpert file is in shared/data). */
public class CheXpertTest {
    private static final String HEADER = String.join(",", CheXpert.HEADER);
    private Path root;
    private Path folder;

    /**
     * 12 train patients (2 images each, one lateral), 3 valid patients. Patient p's first image has Atelectasis
     * uncertain (-1.0), Cardiomegaly 1.0, Edema blank; the second has Atelectasis 0.0.
     */
    @BeforeClass
    public void setUp() throws IOException {
        root = Files.createTempDirectory("chexpert");
        folder = root.resolve("CheXpert-v1.0-small");
        List<String> train = new ArrayList<>(List.of(HEADER));
        for (int p = 1; p <= 12; p++) {
            train.add(row("train", p, 1, "frontal", "-1.0", "1.0", ""));
            train.add(row("train", p, 2, "lateral", "0.0", "0.0", "1.0"));
        }
        Fixtures.lines(folder.resolve("train.csv"), train);
        List<String> valid = new ArrayList<>(List.of(HEADER));
        for (int p = 64541; p <= 64543; p++) {
            valid.add(row("valid", p, 1, "frontal", p % 2 == 0 ? "1.0" : "0.0", "0.0", "0.0"));
        }
        Fixtures.lines(folder.resolve("valid.csv"), valid);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(root);
    }

    /** A row with the three given observations (Atelectasis, Cardiomegaly, Edema); its JPEG is written. */
    private String row(String part, int patient, int view, String side, String atel, String cardio, String edema)
            throws IOException {
        String path = String.format("CheXpert-v1.0-small/%s/patient%05d/study1/view%d_%s.jpg", part, patient, view,
                side);
        Fixtures.jpeg(root.resolve(path), 12, 10, patient * 3 + view);
        String[] obs = new String[14];
        java.util.Arrays.fill(obs, "");
        obs[CheXpert.OBSERVATIONS.indexOf("Atelectasis")] = atel;
        obs[CheXpert.OBSERVATIONS.indexOf("Cardiomegaly")] = cardio;
        obs[CheXpert.OBSERVATIONS.indexOf("Edema")] = edema;
        obs[CheXpert.OBSERVATIONS.indexOf("Support Devices")] = "1.0";
        return path + ",Female,68," + (side.equals("frontal") ? "Frontal,AP" : "Lateral,") + ","
                + String.join(",", obs);
    }

    private static ImageRecord find(List<ImageRecord> rs, String fragment) {
        return rs.stream().filter(r -> r.imageId().contains(fragment)).findFirst().orElseThrow();
    }

    private static List<ImageRecord> all(CheXpert c) {
        List<ImageRecord> rs = new ArrayList<>(c.split().train());
        rs.addAll(c.split().val());
        rs.addAll(c.split().test());
        return rs;
    }

    @Test
    public void evaluatesExactlyTheFiveCompetitionObservationsInBtlOrder() throws IOException {
        ClassificationTask t = CheXpert.open(folder).task();
        assertEquals(t.id(), "chexpert");
        assertEquals(t.metric(), Metric.AUC);
        assertEquals(t.labelCount(), 14);
        assertEquals(t.labelNames().get(0), "No Finding");
        assertEquals(t.labelNames().get(13), "Support Devices");
        assertEquals(t.evaluatedIndices(), new int[] {8, 2, 6, 5, 10});
        assertEquals(t.evaluatedLabels(), List.of("Atelectasis", "Cardiomegaly", "Consolidation", "Edema",
                "Pleural Effusion"));
    }

    @Test
    public void uZerosAndUOnesFixTheUncertainLabel() throws IOException {
        int atel = CheXpert.OBSERVATIONS.indexOf("Atelectasis");
        int edema = CheXpert.OBSERVATIONS.indexOf("Edema");
        for (CheXpert.UncertaintyPolicy p : List.of(CheXpert.UncertaintyPolicy.U_ZEROS,
                CheXpert.UncertaintyPolicy.U_ONES)) {
            CheXpert c = CheXpert.open(folder, CheXpert.Options.defaults().withUncertainty(p));
            ImageRecord first = find(all(c), "patient00003/study1/view1");
            assertEquals(first.label(atel), p == CheXpert.UncertaintyPolicy.U_ONES ? 1f : 0f, p.name());
            assertEquals(first.label(edema), 0f, "blank = unknown = 0 (BTL unknown_label)");
            assertEquals(c.task().sampleLabels(), org.dirabench.datasets.tasks.SampleLabels.FIXED);
            assertEquals(c.uncertainLabels(first.imageId())[atel], true);
            assertEquals(find(all(c), "patient00003/study1/view2").label(atel), 0f);
        }
    }

    @Test
    public void lsrOnesDrawsInRangeAtEveryLoadDeterministically() throws IOException {
        int atel = CheXpert.OBSERVATIONS.indexOf("Atelectasis");
        int cardio = CheXpert.OBSERVATIONS.indexOf("Cardiomegaly");
        CheXpert c = CheXpert.open(folder);
        assertEquals(c.options().uncertainty(), CheXpert.UncertaintyPolicy.LSR_ONES, "BTL's default");
        ClassificationTask t = c.task();
        ImageRecord uncertain = find(all(c), "patient00005/study1/view1");
        assertEquals(uncertain.label(atel), 1f, "stored hard value of LSR-Ones is 1 (binary for evaluation)");
        SampleLabels draw = t.sampleLabels();
        double min = 1;
        double max = 0;
        for (int i = 0; i < 2000; i++) {
            float[] l = draw.draw(uncertain, new SplittableRandom(i));
            assertTrue(l[atel] >= 0.55f && l[atel] < 0.85f, "LSR-Ones U(0.55, 0.85): " + l[atel]);
            assertEquals(l[cardio], 1f, "certain labels are kept");
            min = Math.min(min, l[atel]);
            max = Math.max(max, l[atel]);
        }
        assertTrue(min < 0.56 && max > 0.84, "the draws cover the range: " + min + ".." + max);
        assertEquals(draw.draw(uncertain, new SplittableRandom(7)), draw.draw(uncertain, new SplittableRandom(7)));
        ImageRecord certain = find(all(c), "patient00005/study1/view2");
        assertEquals(draw.draw(certain, new SplittableRandom(1)), certain.labels());

        // Through the loader: re-drawn per epoch, identical for the same seed, fixed for evaluation views.
        List<ImageRecord> train = c.split().train();
        float[] e0 = labelsOf(t, train, 0, 3);
        assertEquals(labelsOf(t, train, 0, 3), e0, "same seed and epoch, same draws");
        assertNotEquals(labelsOf(t, train, 1, 3), e0, "a new epoch draws again");
        int uncertainRows = 0;
        for (int r = 0; r < train.size(); r++) {
            float v = e0[r * 14 + atel];
            if (v != 0f) {
                assertTrue(v >= 0.55f && v < 0.85f, "batch label " + v);
                uncertainRows++;
            }
        }
        assertEquals(uncertainRows, train.stream().filter(r -> c.uncertainLabels(r.imageId())[atel]).count());
        try (ClassificationLoader eval = ClassificationLoader.builder(t, train, 8, 64,
                ClassificationLoader.Views.EVAL).workers(0).build()) {
            LabelledBatch b = eval.batch(0, 0);
            for (int r = 0; r < b.size(); r++) {
                float v = b.labels().getFloat(r, atel);
                assertTrue(v == 0f || v == 1f, "evaluation labels are binary: " + v);
            }
        }
    }

    /** The label rows of a training epoch in record order (first batch holds all records). */
    private static float[] labelsOf(ClassificationTask t, List<ImageRecord> train, int epoch, long seed) {
        try (ClassificationLoader l = ClassificationLoader.builder(t, train, 8, 64, ClassificationLoader.Views.TRAIN)
                .seed(seed).workers(0).build()) {
            LabelledBatch b = l.batch(epoch, 0);
            float[] out = new float[train.size() * 14];
            for (int k = 0; k < b.size(); k++) {
                for (int j = 0; j < 14; j++) {
                    out[b.indices()[k] * 14 + j] = b.labels().getFloat(k, j);
                }
            }
            return out;
        }
    }

    @Test
    public void testIsTheShippedValidSetAndTheSplitIsPatientDisjoint() throws IOException {
        CheXpert c = CheXpert.open(folder, CheXpert.Options.defaults().withValidation(0.25, 3));
        assertEquals(c.split().test().size(), 3);
        assertTrue(c.split().test().stream().allMatch(r -> r.imageId().contains("/valid/")));
        assertEquals(c.split().train().size() + c.split().val().size(), 24);
        assertEquals(c.split().val().size(), 6, "3 of 12 patients, 2 images each");
        assertTrue(PatientDisjointness.overlaps(c.split()).isEmpty());
        assertEquals(c.task().patients().size(), 15);
        assertTrue(c.task().splitNote().contains("valid.csv"), c.task().splitNote());
        CheXpert frontal = CheXpert.open(folder, CheXpert.Options.defaults().withFrontalOnly(true));
        assertEquals(frontal.leftOut().count(CheXpert.LATERAL), 12);
        assertEquals(frontal.split().train().size() + frontal.split().val().size(), 12);
        // The JPEG decodes to the image written.
        Image2d img = RasterImages.read(c.split().test().get(0).path(), 1);
        assertEquals(img.width(), 12);
        assertEquals(img.height(), 10);
    }

    // ---- bad input -----------------------------------------------------------------------------------------

    private Path copyWith(String trainHeader, List<String> extraTrainRows) throws IOException {
        Path other = Files.createTempDirectory(root, "bad").resolve("CheXpert-v1.0-small");
        List<String> train = new ArrayList<>(Files.readAllLines(folder.resolve("train.csv")));
        train.set(0, trainHeader);
        train.addAll(extraTrainRows);
        Fixtures.lines(other.resolve("train.csv"), train);
        Files.copy(folder.resolve("valid.csv"), other.resolve("valid.csv"));
        // images stay where they are: symlink the train/valid folders
        Files.createSymbolicLink(other.resolve("train"), folder.resolve("train"));
        Files.createSymbolicLink(other.resolve("valid"), folder.resolve("valid"));
        return other;
    }

    @Test
    public void aWrongOrMissingColumnNamesFileAndColumn() throws IOException {
        Path wrong = copyWith(HEADER.replace("Pleural Effusion", "Pleural_Effusion"), List.of());
        IOException e = expectThrows(IOException.class, () -> CheXpert.open(wrong));
        assertTrue(e.getMessage().contains(wrong.resolve("train.csv") + ":1: column 16 is 'Pleural_Effusion',"
                + " expected 'Pleural Effusion'"), e.getMessage());
        Path missing = copyWith(HEADER.replace(",Support Devices", ""), List.of());
        e = expectThrows(IOException.class, () -> CheXpert.open(missing));
        assertTrue(e.getMessage().contains(":1: missing column 'Support Devices'"), e.getMessage());
    }

    @Test
    public void aLabelOutsideTheKnownSetNamesLineAndColumn() throws IOException {
        String bad = "CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg,Female,68,Frontal,AP,"
                + ",,,,,2.0,,,,,,,,";
        Path dir = copyWith(HEADER, List.of(bad));
        IOException e = expectThrows(IOException.class, () -> CheXpert.open(dir));
        assertTrue(e.getMessage().contains(dir.resolve("train.csv") + ":26: column 'Edema' is '2.0'"),
                e.getMessage());
    }

    @Test
    public void aMissingImageIsCountedOrInStrictModeAnErrorNamingTheLine() throws IOException {
        String ghost = "CheXpert-v1.0-small/train/patient00099/study1/view1_frontal.jpg,Male,40,Frontal,PA,"
                + "1.0,,,,,,,,,,,,,";
        Path dir = copyWith(HEADER, List.of(ghost));
        CheXpert c = CheXpert.open(dir);
        assertEquals(c.leftOut().count(CheXpert.MISSING_IMAGE), 1);
        assertTrue(c.leftOut().items(CheXpert.MISSING_IMAGE).get(0).contains("train.csv:26"));
        IOException e = expectThrows(IOException.class, () -> CheXpert.open(dir,
                CheXpert.Options.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("train.csv:26: " + ghost.substring(0, ghost.indexOf(','))),
                e.getMessage());
    }

    @Test
    public void anEmptyFolderNamesTheMissingLabelFile() throws IOException {
        Path empty = Files.createTempDirectory(root, "empty");
        NoSuchFileException e = expectThrows(NoSuchFileException.class, () -> CheXpert.open(empty));
        assertTrue(e.getMessage().contains(empty.resolve("train.csv").toString()), e.getMessage());
    }
}
