package org.dirabench.datasets.batch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.datasets.io.PngFixtures;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.tasks.Mask2d;
import org.dirabench.datasets.tasks.MaskedImage;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/** The 2D segmentation loader on generated PNG pairs (phantoms). */
public class SegmentationLoader2dTest {
    private static final int W = 20;
    private static final int H = 10;
    private Path dir;
    private List<MaskedImage> images;

    @BeforeClass
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("seg2d");
        images = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int[] px = new int[W * H];
            int[] mk = new int[W * H];
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    px[y * W + x] = (x * 10 + i) & 0xff; // value names the column
                    mk[y * W + x] = x < 5 ? 255 : 0; // left quarter
                }
            }
            Path img = PngFixtures.write(dir, "img" + i + ".png", W, H, 0, 8, px, null);
            Path mask = PngFixtures.write(dir, "mask" + i + ".png", W, H, 0, 8, mk, null);
            images.add(new MaskedImage("img" + i, "p" + i, img, new Mask2d.Files(List.of(mask))));
        }
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(dir);
    }

    @Test
    public void pairsAreResizedByNearestNeighbourAndReplicatedIntoThreeChannels() {
        try (SegmentationLoader2d l = SegmentationLoader2d.builder(images, 5, 4,
                SegmentationLoader2d.Views.EVAL).workers(0).build()) {
            assertEquals(l.batchesPerEpoch(), 2);
            SegmentationLoader2d.SegmentationBatch b = l.batch(0, 0);
            assertEquals(b.images().shape(), new long[] {4, 3, 5, 5});
            assertEquals(b.masks().shape(), new long[] {4, 1, 5, 5});
            // Output column x takes source column floor(x * 20 / 5) = 4x.
            for (int x = 0; x < 5; x++) {
                assertEquals(b.images().getFloat(1, 2, 3, x), ((4 * x * 10 + 1) & 0xff) / 255f, 1e-6);
                assertEquals(b.masks().getFloat(1, 0, 3, x), 4 * x < 5 ? 1f : 0f);
            }
            assertEquals(l.batch(0, 1).size(), 2, "the last partial batch is kept");
            b.close();
        }
    }

    @Test
    public void trainingFlipsImageAndMaskTogetherAndIsSeeded() {
        List<float[]> runs = new ArrayList<>();
        for (int workers : new int[] {0, 2}) {
            try (SegmentationLoader2d l = SegmentationLoader2d.builder(images, 8, 3,
                    SegmentationLoader2d.Views.TRAIN).flips(true).seed(4).workers(workers).build();
                    PrefetchIterator<SegmentationLoader2d.SegmentationBatch> it = l.epoch(2)) {
                List<Float> all = new ArrayList<>();
                for (SegmentationLoader2d.SegmentationBatch b : it) {
                    for (int k = 0; k < b.size(); k++) {
                        float left = b.masks().getFloat(k, 0, 0, 0);
                        float right = b.masks().getFloat(k, 0, 0, 7);
                        assertTrue(left != right, "the mask is a side band");
                        // The image is mirrored with the mask: the bright end faces away from the mask.
                        float imgLeft = b.images().getFloat(k, 0, 0, 0);
                        float imgRight = b.images().getFloat(k, 0, 0, 7);
                        assertEquals(left == 1f, imgLeft < imgRight);
                        all.add(left);
                        all.add((float) b.indices()[k]);
                    }
                }
                float[] a = new float[all.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = all.get(i);
                }
                runs.add(a);
            }
        }
        assertEquals(runs.get(0), runs.get(1), "identical for 0 and 2 workers");
        float flipped = 0;
        for (int i = 0; i < runs.get(0).length; i += 2) {
            flipped += runs.get(0)[i] == 0f ? 1 : 0;
        }
        assertTrue(flipped > 0 && flipped < 6, "some flipped: " + flipped);
        try (SegmentationLoader2d l = SegmentationLoader2d.builder(images, 8, 6,
                SegmentationLoader2d.Views.TRAIN).seed(4).workers(0).build()) {
            assertNotEquals(l.order(0), l.order(1));
        }
    }

    @Test
    public void aMaskOfAnotherSizeFailsTheBatchNamingBothFiles() throws IOException {
        Path small = PngFixtures.write(dir, "small.png", 4, 4, 0, 8, new int[16], null);
        MaskedImage bad = new MaskedImage("bad", "p", images.get(0).image(), new Mask2d.Files(List.of(small)));
        try (SegmentationLoader2d l = SegmentationLoader2d.builder(List.of(bad), 5, 1,
                SegmentationLoader2d.Views.EVAL).workers(0).build()) {
            DataLoadingException e = expectThrows(DataLoadingException.class, () -> l.batch(0, 0));
            assertTrue(e.getMessage().contains("small.png: image/mask size mismatch: mask is 4 x 4 pixels but its"
                    + " image " + images.get(0).image() + " is 20 x 10"), e.getMessage());
        }
    }
}
