package org.dirabench.datasets.tasks;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.split.PatientDisjointness;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** Montgomery on a generated phantom folder; its lung-mask stand-in on the real COVID-19 images. */
public class MontgomeryTest {
    private static final int W = 20;
    private static final int H = 16;
    private Path dir;

    /** A mask that is 255 in columns [x0, x1) of rows 4..11. */
    private static int[] half(int x0, int x1) {
        int[] v = new int[W * H];
        for (int y = 4; y < 12; y++) {
            for (int x = x0; x < x1; x++) {
                v[y * W + x] = 255;
            }
        }
        return v;
    }

    private static void fixture(Path root, int patients, int maskWidth) throws IOException {
        for (int p = 1; p <= patients; p++) {
            String name = String.format("MCUCXR_%04d_%d.png", p, p % 2);
            int[] px = new int[W * H];
            for (int i = 0; i < px.length; i++) {
                px[i] = (i + p) & 0xff;
            }
            Fixtures.png(root.resolve("CXR_png").resolve(name), W, H, px);
            Fixtures.png(root.resolve("ManualMask/leftMask").resolve(name), maskWidth, H,
                    maskWidth == W ? half(2, 8) : new int[maskWidth * H]);
            if (p != 3) {
                Fixtures.png(root.resolve("ManualMask/rightMask").resolve(name), W, H, half(12, 18));
            }
        }
    }

    @BeforeClass
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("montgomery").resolve("MontgomerySet");
        fixture(dir, 10, W);
        Fixtures.png(dir.resolve("ManualMask/rightMask/MCUCXR_0099_0.png"), W, H, half(0, 1));
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(dir.getParent());
    }

    @Test
    public void theLungMaskIsTheUnionOfLeftAndRight() throws IOException {
        Montgomery m = Montgomery.open(dir);
        assertEquals(m.images().size(), 9);
        MaskedImage first = m.images().get(0);
        assertEquals(first.imageId(), "MCUCXR_0001_1");
        assertEquals(first.patientId(), "MCUCXR_0001");
        MaskedImage.Pair pair = first.read(1);
        float[] mask = pair.mask().data();
        int on = 0;
        for (float v : mask) {
            on += (int) v;
        }
        assertEquals(on, 2 * 6 * 8, "left 6 x 8 + right 6 x 8 pixels");
        assertEquals(pair.mask().get(0, 5, 3), 1f);
        assertEquals(pair.mask().get(0, 5, 15), 1f);
        assertEquals(pair.mask().get(0, 5, 10), 0f, "between the lungs");
        assertEquals(pair.image().width(), W);
    }

    @Test
    public void theSplitIsPatientDisjointAndLeftOutFilesAreCounted() throws IOException {
        Montgomery m = Montgomery.open(dir, Montgomery.Options.defaults().withSplit(0.2, 0.3, 5));
        SegmentationTask2d t = m.task();
        assertEquals(t.id(), "montgomery");
        assertEquals(t.metric(), Metric.DICE);
        assertTrue(PatientDisjointness.overlaps(t.split()).isEmpty());
        assertEquals(t.split().size(), 9);
        assertFalse(t.split().test().isEmpty());
        assertEquals(m.leftOut().count(Montgomery.IMAGE_WITHOUT_MASK), 1);
        assertTrue(m.leftOut().items(Montgomery.IMAGE_WITHOUT_MASK).get(0).contains("MCUCXR_0003_1.png"));
        assertEquals(m.leftOut().count(Montgomery.MASK_WITHOUT_IMAGE), 1);
        IOException e = expectThrows(IOException.class, () -> Montgomery.open(dir,
                Montgomery.Options.defaults().withStrict(true)));
        assertTrue(e.getMessage().contains("MCUCXR_0003_1.png: missing"), e.getMessage());
    }

    @Test
    public void aMaskOfAnotherSizeNamesBothFiles() throws IOException {
        Path bad = Files.createTempDirectory(dir.getParent(), "bad");
        fixture(bad, 2, 10);
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Montgomery.open(bad));
        assertTrue(e.getMessage().contains("leftMask/MCUCXR_0001_1.png: image/mask size mismatch: mask is 10 x 16"
                + " pixels but its image " + bad.resolve("CXR_png/MCUCXR_0001_1.png") + " is 20 x 16"),
                e.getMessage());
    }

    @Test
    public void anEmptyFolderNamesTheMissingImageFolder() throws IOException {
        Path empty = Files.createTempDirectory(dir.getParent(), "empty");
        NoSuchFileException e = expectThrows(NoSuchFileException.class, () -> Montgomery.open(empty));
        assertTrue(e.getMessage().contains(empty.resolve("CXR_png").toString()), e.getMessage());
        Files.createDirectories(empty.resolve("CXR_png"));
        Files.createDirectories(empty.resolve("ManualMask/leftMask"));
        Files.createDirectories(empty.resolve("ManualMask/rightMask"));
        IOException none = expectThrows(IOException.class, () -> Montgomery.open(empty));
        assertTrue(none.getMessage().contains("holds no usable image"), none.getMessage());
    }

    // ---- the stand-in on real data ----

    @Test
    public void theCovidLungVaeStandInOpensTheRealImagesWithTheirModelMadeMasks() throws IOException {
        CovidLungMasks c = CovidLungMasks.open(DataRoot.dataset("covid_chestxray_severity"));
        SegmentationTask2d t = c.task();
        assertEquals(t.id(), "montgomery");
        assertEquals(t.data(), "stand-in:covid-lungvae");
        assertEquals(c.images().size(), 46, "README: 46 lungVAE masks");
        assertEquals(c.leftOut().count(CovidLungMasks.WITHOUT_MASK), 47, "93 images, 46 with masks");
        assertTrue(PatientDisjointness.overlaps(t.split()).isEmpty());
        Set<String> patients = new HashSet<>();
        c.images().forEach(i -> patients.add(i.patientId()));
        assertEquals(t.patients(), patients);
        assertFalse(t.split().test().isEmpty());
        // A real JPEG with its mask: same size, the lungs a plausible share of the image.
        MaskedImage jpg = c.images().stream().filter(i -> i.image().toString().endsWith(".jpg")).findFirst()
                .orElseThrow();
        MaskedImage.Pair pair = jpg.read(1);
        double lung = 0;
        for (float v : pair.mask().data()) {
            lung += v;
        }
        lung /= pair.mask().data().length;
        assertTrue(lung > 0.1 && lung < 0.7, "lung fraction " + lung);
        assertEquals(pair.mask().width(), pair.image().width());
        assertEquals(List.of(pair.image().channels(), pair.mask().channels()), List.of(1, 1));
    }
}
