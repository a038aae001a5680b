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
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.SiimRunLength;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.dicom.DicomBytes;
import org.dirabench.datasets.split.PatientDisjointness;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** SIIM-ACR on a generated phantom folder: 16 × 16 8-bit DICOMs and a train-rle.csv. */
public class SiimAcrTest {
    private static final int SIDE = 16;
    private Path dir;

    static Path dicom(Path file, String sop, String patient, int side, int seed) throws IOException {
        byte[] px = new byte[side * side];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) ((i * 7 + seed) & 0xff);
        }
        Files.createDirectories(file.getParent());
        return new DicomBytes().str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.7").str(0x00080018, "UI", sop)
                .str(0x00080060, "CS", "CR").str(0x00100020, "LO", patient).us(0x00280002, 1)
                .str(0x00280004, "CS", "MONOCHROME2").us(0x00280010, side).us(0x00280011, side)
                .us(0x00280100, 8).us(0x00280101, 8).us(0x00280102, 7).us(0x00280103, 0).pixels8(px).write(file);
    }

    @BeforeClass
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("siim");
        List<String> rows = new ArrayList<>(List.of("ImageId, EncodedPixels"));
        // Patient P01 has two images: 1.1 with two pneumothorax rows (to be united) and 1.2 without.
        rows.add("1.1, 2 3");
        rows.add("1.1, 10 2");
        rows.add("1.2, -1");
        dicom(dir.resolve("dicom-images-train/s1/r1/1.1.dcm"), "1.1", "P01", SIDE, 1);
        dicom(dir.resolve("dicom-images-train/s1/r2/1.2.dcm"), "1.2", "P01", SIDE, 2);
        for (int p = 2; p <= 12; p++) {
            String id = p + ".1";
            rows.add(id + ", " + (p % 2 == 0 ? "-1" : (p * 3) + " 4"));
            dicom(dir.resolve("dicom-images-train/s" + p + "/r/" + id + ".dcm"), id, String.format("P%02d", p),
                    SIDE, p);
        }
        rows.add("99.1, -1"); // no DICOM
        dicom(dir.resolve("dicom-images-test/t/r/88.1.dcm"), "88.1", "P88", SIDE, 88); // no row
        Fixtures.lines(dir.resolve("train-rle.csv"), rows);
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(dir);
    }

    private SiimAcr open() throws IOException {
        return SiimAcr.open(dir, SiimAcr.Options.defaults().withImageSize(SIDE).withSplit(0.2, 0.25, 1));
    }

    @Test
    public void aMaskIsTheUnionOfTheImagesRunLengthRows() throws IOException {
        SiimAcr siim = open();
        MaskedImage a = siim.images().stream().filter(m -> m.imageId().equals("1.1")).findFirst().orElseThrow();
        assertEquals(a.patientId(), "P01");
        MaskedImage.Pair pair = a.read(1);
        float[] m = pair.mask().data();
        int on = 0;
        for (float v : m) {
            on += (int) v;
        }
        assertEquals(on, 5, "3 + 2 pixels of the two rows");
        // Column-major: the runs lie in column x = 0, rows 2..4 and 10..11.
        for (int y : new int[] {2, 3, 4, 10, 11}) {
            assertEquals(m[y * SIDE], 1f, "row " + y);
        }
        assertEquals(m[5 * SIDE], 0f);
        boolean[] expected = SiimRunLength.decodeUnion(List.of("2 3", "10 2"), SIDE, SIDE);
        for (int i = 0; i < m.length; i++) {
            assertEquals(m[i] == 1f, expected[i], "pixel " + i);
        }
        // The DICOM's 8-bit values / 255, as BTL's pixel_array / 255.
        assertEquals(pair.image().get(0, 0, 3), ((3 * 7 + 1) & 0xff) / 255f, 1e-6);
        MaskedImage b = siim.images().stream().filter(x -> x.imageId().equals("1.2")).findFirst().orElseThrow();
        float sum = 0;
        for (float v : b.read(1).mask().data()) {
            sum += v;
        }
        assertEquals(sum, 0f, "-1 is an empty mask");
    }

    @Test
    public void theSplitIsPatientDisjointAndWhatIsLeftOutIsCounted() throws IOException {
        SiimAcr siim = open();
        SegmentationTask2d t = siim.task();
        assertEquals(t.id(), "siim_acr");
        assertEquals(t.metric(), Metric.DICE);
        assertEquals(t.data(), "real");
        assertEquals(siim.images().size(), 13);
        assertTrue(PatientDisjointness.overlaps(t.split()).isEmpty());
        assertEquals(t.patients().size(), 12);
        assertFalse(t.split().test().isEmpty());
        assertFalse(t.split().val().isEmpty());
        String p01 = t.split().train().stream().anyMatch(x -> x.patientId().equals("P01")) ? "train"
                : t.split().val().stream().anyMatch(x -> x.patientId().equals("P01")) ? "val" : "test";
        List<MaskedImage> part = p01.equals("train") ? t.split().train() : p01.equals("val") ? t.split().val()
                : t.split().test();
        assertEquals(part.stream().filter(x -> x.patientId().equals("P01")).count(), 2, "both images together");
        assertEquals(siim.leftOut().count(SiimAcr.ROW_WITHOUT_IMAGE), 1);
        assertTrue(siim.leftOut().items(SiimAcr.ROW_WITHOUT_IMAGE).get(0).contains("99.1"));
        assertEquals(siim.leftOut().count(SiimAcr.IMAGE_WITHOUT_ROW), 1);
        // Same options, same split; each image its own patient is an option.
        assertEquals(open().split(), siim.split());
        SiimAcr byImage = SiimAcr.open(dir, SiimAcr.Options.defaults().withImageSize(SIDE)
                .withPatientIds(SiimAcr.PatientIds.IMAGE_ID));
        assertEquals(byImage.task().patients().size(), 13);
        IOException strict = expectThrows(IOException.class, () -> SiimAcr.open(dir,
                SiimAcr.Options.defaults().withImageSize(SIDE).withStrict(true)));
        assertTrue(strict.getMessage().contains("train-rle.csv: ImageId 99.1"), strict.getMessage());
    }

    @Test
    public void aMissingColumnOrBadRowNamesTheTable() throws IOException {
        Path bad = Files.createTempDirectory(dir, "bad");
        Fixtures.lines(bad.resolve("train-rle.csv"), List.of("ImageId,Pixels", "1.1,-1"));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> SiimAcr.open(bad,
                SiimAcr.Options.defaults().withImageSize(SIDE)));
        assertTrue(e.getMessage().contains(bad.resolve("train-rle.csv") + ": header row has no column EncodedPixels"),
                e.getMessage());
        Fixtures.lines(bad.resolve("train-rle.csv"), List.of("ImageId,EncodedPixels", "1.1,-1", "1.2,250 10"));
        e = expectThrows(ImageFormatException.class, () -> SiimAcr.open(bad,
                SiimAcr.Options.defaults().withImageSize(SIDE)));
        assertTrue(e.getMessage().contains("row 3 (ImageId 1.2)"), e.getMessage());
    }

    @Test
    public void anImageOfAnotherSizeThanTheMasksIsAnError() {
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> SiimAcr.open(dir,
                SiimAcr.Options.defaults().withImageSize(32)));
        assertTrue(e.getMessage().contains("1.1.dcm: volume/mask size mismatch: image is 16 x 16 pixels but the masks"
                + " of " + dir.resolve("train-rle.csv") + " are 32 x 32"), e.getMessage());
    }

    @Test
    public void anEmptyFolderNamesTheMissingTable() throws IOException {
        Path empty = Files.createTempDirectory(dir, "empty");
        NoSuchFileException e = expectThrows(NoSuchFileException.class, () -> SiimAcr.open(empty));
        assertTrue(e.getMessage().contains(empty.resolve("train-rle.csv").toString()), e.getMessage());
    }
}
