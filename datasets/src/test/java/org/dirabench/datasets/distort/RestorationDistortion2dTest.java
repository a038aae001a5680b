package org.dirabench.datasets.distort;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertSame;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dirabench.datasets.distort.RestorationDistortion2d.Box;
import org.dirabench.datasets.distort.RestorationDistortion2d.Mode;
import org.dirabench.datasets.distort.RestorationDistortion2d.PatchOverlap;
import org.dirabench.datasets.distort.RestorationDistortion2d.Swap;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;
import org.dirabench.datasets.image.TestImages;
import org.testng.annotations.Test;

public class RestorationDistortion2dTest {

    /** Values in [0.05, 1): never 0, so blackened pixels are visible. */
    private static Image2d positive(int c, int size, long seed) {
        return TestImages.random(c, size, size, seed, 0.05f);
    }

    @Test
    public void modesOccurAtTheReferenceFrequencies() {
        RestorationDistortion2d d = RestorationDistortion2d.dira(64);
        SplittableRandom rng = new SplittableRandom(2022);
        Map<Mode, Integer> counts = new EnumMap<>(Mode.class);
        int n = 40000;
        long cutBoxes = 0;
        for (int i = 0; i < n; i++) {
            RestorationDistortion2d.Params p = d.draw(rng);
            counts.merge(p.mode(), 1, Integer::sum);
            if (p.mode() == Mode.CUT_OUT) {
                cutBoxes += p.boxes().size();
                assertTrue(p.boxes().size() >= 1 && p.boxes().size() <= 10);
            }
            if (p.mode() == Mode.PATCH_SWAPPING) {
                assertEquals(p.swaps().size(), 10);
            }
        }
        assertEquals(counts.get(Mode.CUT_OUT) / (double) n, 0.30, 0.01);
        assertEquals(counts.get(Mode.OUT_PAINTING) / (double) n, 0.05, 0.005);
        assertEquals(counts.get(Mode.PATCH_SWAPPING) / (double) n, 0.30, 0.01);
        assertEquals(counts.get(Mode.IDENTITY) / (double) n, 0.35, 0.01);
        // Early stop with probability 0.1 after each of at most 10 rectangles: E = (1 - 0.9^10) / 0.1 = 6.513.
        assertEquals(cutBoxes / (double) counts.get(Mode.CUT_OUT), 6.513, 0.1);
    }

    @Test
    public void pixelConstantsScaleWithTheOutputSize() {
        int[] reference = {10, 70, 3, 50, 70, 10, 15};
        assertEquals(new RestorationDistortion2d(224, PixelScale.ABSOLUTE, PatchOverlap.RELEASED).geometry(),
                reference);
        assertEquals(RestorationDistortion2d.dira(224).geometry(), reference);
        // 64/224: 2.86 -> 3, 20, 0.86 -> 1, 14.3 -> 14, 20, 3, 4.29 -> 4
        assertEquals(RestorationDistortion2d.dira(64).geometry(), new int[] {3, 20, 1, 14, 20, 3, 4});
        assertEquals(new RestorationDistortion2d(128, PixelScale.ABSOLUTE, PatchOverlap.RELEASED).geometry(),
                reference);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> new RestorationDistortion2d(64, PixelScale.ABSOLUTE, PatchOverlap.RELEASED));
        assertTrue(e.getMessage().contains("76"), e.getMessage());
        // Drawn sizes and positions respect the scaled ranges and the margin.
        RestorationDistortion2d d = RestorationDistortion2d.dira(64);
        SplittableRandom rng = new SplittableRandom(5);
        for (int i = 0; i < 3000; i++) {
            RestorationDistortion2d.Params p = d.draw(rng);
            for (Box b : p.boxes()) {
                if (p.mode() == Mode.CUT_OUT) {
                    assertTrue(b.height() >= 3 && b.height() <= 20 && b.width() >= 3 && b.width() <= 20, b.toString());
                } else {
                    assertTrue(b.height() >= 44 && b.height() <= 50, b.toString());
                }
                assertTrue(b.row() >= 1 && b.col() >= 1 && b.row() + b.height() <= 63 && b.col() + b.width() <= 63,
                        b.toString());
            }
        }
    }

    @Test
    public void cutOutBlackensExactlyItsRectangles() {
        RestorationDistortion2d d = RestorationDistortion2d.dira(32);
        Image2d img = positive(3, 32, 1);
        List<Box> boxes = List.of(new Box(2, 3, 4, 5), new Box(20, 20, 7, 2));
        Image2d out = d.apply(img, new RestorationDistortion2d.Params(0.1, Mode.CUT_OUT, boxes, List.of()));
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean inside = inside(boxes, y, x);
                    assertEquals(out.get(c, y, x), inside ? 0f : img.get(c, y, x));
                }
            }
        }
        assertTrue(img.get(0, 2, 3) > 0, "input untouched");
    }

    @Test
    public void outPaintingKeepsOnlyItsWindows() {
        RestorationDistortion2d d = RestorationDistortion2d.dira(64);
        Image2d img = positive(1, 64, 2);
        SplittableRandom rng = new SplittableRandom(9);
        RestorationDistortion2d.Params p;
        do {
            p = d.draw(rng);
        } while (p.mode() != Mode.OUT_PAINTING);
        Image2d out = d.apply(img, p);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                assertEquals(out.get(0, y, x), inside(p.boxes(), y, x) ? img.get(0, y, x) : 0f);
            }
        }
    }

    @Test
    public void patchSwappingExchangesSquaresReadingTheOriginal() {
        RestorationDistortion2d d = RestorationDistortion2d.dira(32);
        Image2d img = positive(1, 32, 3);
        Swap s = new Swap(new Box(1, 1, 3, 4), new Box(10, 12, 3, 4));
        Image2d out = d.apply(img, new RestorationDistortion2d.Params(0.5, Mode.PATCH_SWAPPING, List.of(),
                List.of(s)));
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(out.get(0, 1 + y, 1 + x), img.get(0, 10 + y, 12 + x));
                assertEquals(out.get(0, 10 + y, 12 + x), img.get(0, 1 + y, 1 + x));
            }
        }
        assertEquals(out.get(0, 20, 20), img.get(0, 20, 20));
        // Overlapping squares: the second write wins where they overlap, both read the original.
        Swap o = new Swap(new Box(5, 5, 4, 4), new Box(7, 7, 4, 4));
        Image2d out2 = d.apply(img, new RestorationDistortion2d.Params(0.5, Mode.PATCH_SWAPPING, List.of(),
                List.of(o)));
        assertEquals(out2.get(0, 7, 7), img.get(0, 5, 5));
        assertEquals(out2.get(0, 5, 5), img.get(0, 7, 7));
        RestorationDistortion2d.Params id = new RestorationDistortion2d.Params(0.9, Mode.IDENTITY, List.of(),
                List.of());
        assertSame(d.apply(img, id), img);
    }

    @Test
    public void releasedSwapsMayOverlapAndTheOptionForbidsIt() {
        int releasedOverlaps = 0;
        int disjointOverlaps = 0;
        RestorationDistortion2d released = RestorationDistortion2d.dira(64);
        RestorationDistortion2d disjoint = new RestorationDistortion2d(64, PixelScale.RELATIVE, PatchOverlap.DISJOINT);
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 3000; i++) {
            for (Swap s : released.draw(a).swaps()) {
                releasedOverlaps += s.first().overlaps(s.second()) ? 1 : 0;
            }
            for (Swap s : disjoint.draw(b).swaps()) {
                disjointOverlaps += s.first().overlaps(s.second()) ? 1 : 0;
            }
        }
        assertTrue(releasedOverlaps > 50, "released overlaps " + releasedOverlaps);
        assertEquals(disjointOverlaps, 0);
    }

    private static boolean inside(List<Box> boxes, int y, int x) {
        for (Box b : boxes) {
            if (y >= b.row() && y < b.row() + b.height() && x >= b.col() && x < b.col() + b.width()) {
                return true;
            }
        }
        return false;
    }
}
