package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.PngFixtures;
import org.dirabench.datasets.split.PatientDisjointness;
import org.dirabench.datasets.split.Split;
import org.testng.annotations.Test;

public class ChestXray14Test {

    private static ChestXray14 nih1000;

    private static synchronized ChestXray14 nih1000() throws IOException {
        if (nih1000 == null) {
            nih1000 = ChestXray14.open(DataRoot.dataset("chestxray14_nih1000"));
        }
        return nih1000;
    }

    @Test
    public void opensTheRealNih1000SubsetInItsNativeLayout() throws IOException {
        ChestXray14 cxr = nih1000();
        assertEquals(cxr.data(), ChestXray14.STAND_IN_NIH1000);
        assertEquals(cxr.records().size(), 1000);
        ChestXray14.Inventory inv = cxr.inventory();
        assertEquals(inv.csvFiles().size(), 2, "both Data_Entry_2017*.csv files are read");
        assertEquals(inv.csvRows(), 1221);
        assertEquals(inv.duplicateRows(), 221, "the 0001-0046 file repeats 221 rows identically");
        assertTrue(inv.rowsWithoutImage().isEmpty());
        assertTrue(inv.imagesWithoutRow().isEmpty(), "extra_128px is outside NIH1000/ and not searched");
        assertEquals(cxr.splitSource(), ChestXray14.SplitSource.PATIENT_SEEDED);
        // Label counts stated by the data README.
        Map<String, Integer> counts = new LinkedHashMap<>();
        int normal = 0;
        for (ImageRecord r : cxr.records()) {
            assertEquals(r.labelCount(), 14);
            boolean any = false;
            for (int i = 0; i < 14; i++) {
                if (r.label(i) == 1f) {
                    counts.merge(ChestXray14.FINDINGS.get(i), 1, Integer::sum);
                    any = true;
                }
            }
            normal += any ? 0 : 1;
            assertTrue(r.imageId().startsWith(String.format("%08d_", Integer.parseInt(r.patientId()))), r.imageId());
        }
        assertEquals(normal, 499);
        assertEquals(counts, Map.ofEntries(Map.entry("Effusion", 170), Map.entry("Infiltration", 162),
                Map.entry("Atelectasis", 95), Map.entry("Cardiomegaly", 83), Map.entry("Consolidation", 42),
                Map.entry("Pneumothorax", 40), Map.entry("Nodule", 39), Map.entry("Emphysema", 37),
                Map.entry("Mass", 35), Map.entry("Fibrosis", 32), Map.entry("Edema", 31),
                Map.entry("Pleural_Thickening", 29), Map.entry("Pneumonia", 11), Map.entry("Hernia", 9)));
    }

    @Test
    public void theNihRowWinsOverTheFaultyFolderLabel() throws IOException {
        ChestXray14 cxr = nih1000();
        assertEquals(cxr.inventory().folderLabelConflicts(), List.of("00000193_019.png"));
        ImageRecord faulty = cxr.records().stream().filter(r -> r.imageId().equals("00000193_019.png")).findFirst()
                .orElseThrow();
        assertTrue(faulty.path().toString().contains("valid/0_normal"), faulty.path().toString());
        assertEquals(faulty.label(ChestXray14.FINDINGS.indexOf("Pneumonia")), 1f);
        assertTrue(ChestXray14.isAbnormal(faulty));
        ClassificationTask abnormal = cxr.abnormal();
        assertEquals(abnormal.id(), "chestxray14_abnormal");
        assertEquals(abnormal.labelNames(), List.of("abnormal"));
        int positives = 0;
        for (List<ImageRecord> part : List.of(abnormal.split().train(), abnormal.split().val(),
                abnormal.split().test())) {
            for (ImageRecord r : part) {
                positives += (int) r.label(0);
                if (r.imageId().equals("00000193_019.png")) {
                    assertEquals(r.label(0), 1f);
                }
            }
        }
        assertEquals(positives, 501);
    }

    @Test
    public void theSplitOfTheRealDataIsPatientDisjointUnlikeTheFolders() throws IOException {
        ChestXray14 cxr = nih1000();
        Split<ImageRecord> s = cxr.split();
        assertEquals(s.size(), 1000);
        assertTrue(PatientDisjointness.overlaps(s).isEmpty());
        assertEquals(s.test().size(), 200.0, 3.0);
        assertEquals(s.val().size(), 80.0, 3.0);
        // The source's own folders leak: 30 patients span two or more of train/valid/test (data README).
        List<ImageRecord> tr = new ArrayList<>();
        List<ImageRecord> va = new ArrayList<>();
        List<ImageRecord> te = new ArrayList<>();
        for (ImageRecord r : cxr.records()) {
            String p = r.path().toString();
            (p.contains("/train/") ? tr : p.contains("/valid/") ? va : te).add(r);
        }
        assertEquals(PatientDisjointness.overlaps(new Split<>(tr, va, te)).size(), 30);
        // Same seed, same split; the findings task carries it with 14 labels.
        ChestXray14 again = ChestXray14.open(DataRoot.dataset("chestxray14_nih1000"));
        assertEquals(again.split(), s);
        assertEquals(cxr.findings().labelCount(), 14);
        assertEquals(cxr.findings().id(), "chestxray14");
    }

    // ----- generated fixtures -----

    private static final String HEADER = "Image Index,Finding Labels,Follow-up #,Patient ID,Patient Age,"
            + "Patient Gender,View Position,OriginalImage[Width,Height],OriginalImagePixelSpacing[x,y],";

    private static String row(String image, String labels) {
        int patient = Integer.parseInt(image.substring(0, 8));
        int follow = Integer.parseInt(image.substring(9, 12));
        return image + "," + labels + "," + follow + "," + patient + ",58,M,PA,2682,2749,0.143,0.143";
    }

    /** A folder with rows and images for patients 1..n (2 images each), images in images_001/images/. */
    private static Path fixture(int patients) throws IOException {
        Path dir = Files.createTempDirectory("cxr14");
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (int p = 1; p <= patients; p++) {
            for (int f = 0; f < 2; f++) {
                String image = String.format("%08d_%03d.png", p, f);
                lines.add(row(image, (p + f) % 3 == 0 ? "No Finding" : "Effusion|Hernia"));
                PngFixtures.gray8(dir.resolve("images_001/images"), image, 8, 8, p * 10 + f);
            }
        }
        Files.write(dir.resolve("Data_Entry_2017.csv"), lines);
        return dir;
    }

    private static void rewriteCsv(Path dir, int lineIndex, String newLine) throws IOException {
        Path csv = dir.resolve("Data_Entry_2017.csv");
        List<String> lines = new ArrayList<>(Files.readAllLines(csv));
        lines.set(lineIndex, newLine);
        Files.write(csv, lines);
    }

    @Test
    public void readsAGeneratedNativeFolderWithASeededPatientSplit() throws IOException {
        Path dir = fixture(20);
        ChestXray14 cxr = ChestXray14.open(dir);
        assertEquals(cxr.data(), ChestXray14.REAL);
        assertEquals(cxr.records().size(), 40);
        ImageRecord first = cxr.records().get(0);
        assertEquals(first.imageId(), "00000001_000.png");
        assertEquals(first.patientId(), "1");
        float[] expected = new float[14];
        expected[2] = 1;
        expected[13] = 1;
        assertEquals(first.labels(), expected);
        assertEquals(cxr.records().get(3).labels(), new float[14], "No Finding (00000002_001) is all zero");
        assertEquals(cxr.split().size(), 40);
        cxr.split().requirePatientDisjoint();
        Split<ImageRecord> other = ChestXray14.open(dir, ChestXray14.Options.defaults().withSplitSeed(1)).split();
        assertTrue(!other.equals(cxr.split()), "the split seed changes the split");
    }

    @Test
    public void badHeaderBadRowAndUnknownLabelNameFileAndLine() throws IOException {
        Path dir = fixture(3);
        Path csv = dir.resolve("Data_Entry_2017.csv");
        rewriteCsv(dir, 0, "Image Index,Finding Labels,Follow-up #,Patient ID");
        IOException e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains(csv + ":1") && e.getMessage().contains("header"), e.getMessage());

        rewriteCsv(dir, 0, HEADER);
        rewriteCsv(dir, 2, "00000001_001.png,Effusion,1,1,58,M,PA,2682,2749,0.143");
        e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains(csv + ":3") && e.getMessage().contains("expected 11 fields"),
                e.getMessage());

        rewriteCsv(dir, 2, row("00000001_001.png", "Effusion|Pneumonitis"));
        e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains(csv + ":3") && e.getMessage().contains("Pneumonitis")
                && e.getMessage().contains("00000001_001.png"), e.getMessage());

        rewriteCsv(dir, 2, row("00000001_001.png", "No Finding|Mass"));
        e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains(csv + ":3"), e.getMessage());

        rewriteCsv(dir, 2, "00000001_001.png,Mass,x,1,58,M,PA,2682,2749,0.143,0.143");
        e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains(csv + ":3") && e.getMessage().contains("Follow-up #"), e.getMessage());
    }

    @Test
    public void missingImagesAndRowsAreCountedOrStrictlyRejected() throws IOException {
        Path dir = fixture(4);
        Files.delete(dir.resolve("images_001/images/00000002_001.png"));
        PngFixtures.gray8(dir.resolve("images_002/images"), "00000099_000.png", 8, 8, 1);
        ChestXray14 cxr = ChestXray14.open(dir);
        assertEquals(cxr.records().size(), 7);
        assertEquals(cxr.inventory().rowsWithoutImage(), List.of("00000002_001.png"));
        assertEquals(cxr.inventory().imagesWithoutRow().size(), 1);
        assertTrue(cxr.inventory().imagesWithoutRow().get(0).endsWith("00000099_000.png"));
        IOException e = expectThrows(IOException.class,
                () -> ChestXray14.open(dir, ChestXray14.Options.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("00000002_001.png"), e.getMessage());
    }

    @Test
    public void emptyFolderDuplicateFilesAndConflictingRowsAreErrors() throws IOException {
        Path empty = Files.createTempDirectory("cxr14-empty");
        IOException e = expectThrows(IOException.class, () -> ChestXray14.open(empty));
        assertTrue(e.getMessage().contains("Data_Entry_2017") && e.getMessage().contains(empty.toString()),
                e.getMessage());
        expectThrows(NoSuchFileException.class, () -> ChestXray14.open(empty.resolve("nope")));

        Path noImages = Files.createTempDirectory("cxr14-noimg");
        Files.write(noImages.resolve("Data_Entry_2017.csv"), List.of(HEADER, row("00000001_000.png", "Mass")));
        e = expectThrows(IOException.class, () -> ChestXray14.open(noImages));
        assertTrue(e.getMessage().contains("no PNG"), e.getMessage());

        Path dup = fixture(2);
        PngFixtures.gray8(dup.resolve("images_002/images"), "00000001_000.png", 8, 8, 3);
        e = expectThrows(IOException.class, () -> ChestXray14.open(dup));
        assertTrue(e.getMessage().contains("two images named 00000001_000.png"), e.getMessage());

        Path conflict = fixture(2);
        Files.write(conflict.resolve("Data_Entry_2017_extra.csv"), List.of(HEADER, row("00000001_000.png", "Mass")));
        e = expectThrows(IOException.class, () -> ChestXray14.open(conflict));
        assertTrue(e.getMessage().contains("Data_Entry_2017_extra.csv:2") && e.getMessage().contains("differs"),
                e.getMessage());
    }

    @Test
    public void officialListsGiveTheTestPartAndAPatientDisjointValidationPart() throws IOException {
        Path dir = fixture(30);
        List<String> test = new ArrayList<>();
        List<String> trainVal = new ArrayList<>();
        for (int p = 1; p <= 30; p++) {
            for (int f = 0; f < 2; f++) {
                (p <= 6 ? test : trainVal).add(String.format("%08d_%03d.png", p, f));
            }
        }
        trainVal.add("00000777_000.png"); // listed, but the user does not hold it
        Files.write(dir.resolve("test_list.txt"), test);
        Files.write(dir.resolve("train_val_list.txt"), trainVal);
        ChestXray14 cxr = ChestXray14.open(dir, ChestXray14.Options.defaults().withFractions(0.25, 0.2));
        assertEquals(cxr.splitSource(), ChestXray14.SplitSource.NIH_LISTS);
        Set<String> testIds = new HashSet<>();
        cxr.split().test().forEach(r -> testIds.add(r.imageId()));
        assertEquals(testIds, new HashSet<>(test));
        assertEquals(cxr.split().train().size() + cxr.split().val().size(), 48);
        assertEquals(cxr.split().val().size(), 12);
        assertEquals(cxr.inventory().listedWithoutImage(), 1);
        // A list that puts one patient on both sides is refused.
        trainVal.add("00000001_001.png");
        test.remove("00000001_001.png");
        Files.write(dir.resolve("test_list.txt"), test);
        Files.write(dir.resolve("train_val_list.txt"), trainVal);
        IllegalStateException leak = expectThrows(IllegalStateException.class, () -> ChestXray14.open(dir));
        assertTrue(leak.getMessage().contains(": 1 patient(s)"), leak.getMessage());
        // Only one of the two lists is an error.
        Files.delete(dir.resolve("test_list.txt"));
        IOException e = expectThrows(IOException.class, () -> ChestXray14.open(dir));
        assertTrue(e.getMessage().contains("only part of the split lists"), e.getMessage());
    }

    @Test
    public void btlListsAreUsedAsTheyAre() throws IOException {
        Path dir = fixture(10);
        List<List<String>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int p = 1; p <= 10; p++) {
            for (int f = 0; f < 2; f++) {
                parts.get(p <= 6 ? 0 : p <= 8 ? 1 : 2).add(String.format("%08d_%03d.png", p, f) + " 0 0 1 0 0 0 0 0"
                        + " 0 0 0 0 0 0");
            }
        }
        Files.write(dir.resolve("Xray14_train_official.txt"), parts.get(0));
        Files.write(dir.resolve("Xray14_val_official.txt"), parts.get(1));
        Files.write(dir.resolve("Xray14_test_official.txt"), parts.get(2));
        ChestXray14 cxr = ChestXray14.open(dir);
        assertEquals(cxr.splitSource(), ChestXray14.SplitSource.BTL_LISTS);
        assertEquals(cxr.split().train().size(), 12);
        assertEquals(cxr.split().val().size(), 4);
        assertEquals(cxr.split().test().size(), 4);
        assertEquals(cxr.split().val().get(0).imageId(), "00000007_000.png");
    }
}
