package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.testng.annotations.Test;

public class SiimRunLengthTest {

    @Test
    public void decodesRelativeColumnMajorRuns() {
        // 4 wide x 3 high. Column-major positions: p = x * 3 + y.
        // "1 2" -> p 1..2 = (x0,y1),(x0,y2); "3 1" -> starts 3 after p 3 -> p 6 = (x2,y0)
        boolean[] m = SiimRunLength.decode("1 2 3 1", 4, 3);
        boolean[] expected = new boolean[12];
        expected[1 * 4 + 0] = true;
        expected[2 * 4 + 0] = true;
        expected[0 * 4 + 2] = true;
        assertEquals(m, expected);
    }

    @Test
    public void decodesTheChallengeExampleAsMaskFunctionsDoes() {
        // The challenge's example row: offsets relative to the previous run's end. Absolute starts follow by
        // accumulation: 387620, 387620+23+996, ...
        String rle = "387620 23 996 33 986 43";
        boolean[] m = SiimRunLength.decode(rle, 1024, 1024);
        int count = 0;
        for (boolean b : m) {
            count += b ? 1 : 0;
        }
        assertEquals(count, 23 + 33 + 43);
        // absolute start 387620 = column 378, row 548 (column-major over a 1024-high image)
        assertTrue(m[548 * 1024 + 378]);
        assertFalse(m[547 * 1024 + 378]);
        int start2 = 387620 + 23 + 996; // 388639 = column 379, row 543
        assertTrue(m[543 * 1024 + 379]);
        assertFalse(m[542 * 1024 + 379]);
        assertEquals(start2, 379 * 1024 + 543);
    }

    @Test
    public void emptyMaskIsMinusOne() {
        assertEquals(SiimRunLength.encode(new boolean[16], 4, 4), "-1");
        assertEquals(SiimRunLength.decode(" -1", 4, 4), new boolean[16]);
    }

    @Test
    public void roundTripsRandomMasksIncludingARunAtTheLastPixel() {
        Random r = new Random(11);
        for (int t = 0; t < 20; t++) {
            int w = 1 + r.nextInt(40);
            int h = 1 + r.nextInt(40);
            boolean[] m = new boolean[w * h];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextDouble() < 0.3;
            }
            m[m.length - 1] = true;
            String enc = SiimRunLength.encode(m, w, h);
            assertEquals(SiimRunLength.decode(enc, w, h), m, w + "x" + h + ": " + enc);
        }
    }

    @Test
    public void unionOfSeveralRows() {
        boolean[] u = SiimRunLength.decodeUnion(List.of("0 1", "-1", "3 1"), 2, 2);
        assertEquals(u, new boolean[] {true, false, false, true});
    }

    @Test
    public void badTokensAreNamedWithTheirPosition() {
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> SiimRunLength.decode("5 2 x7 1", 8, 8));
        assertTrue(e.getMessage().contains("'x7' at position 3"), e.getMessage());
        assertTrue(expectThrows(IllegalArgumentException.class, () -> SiimRunLength.decode("5 2 3", 8, 8))
                .getMessage().contains("3 tokens"));
        assertTrue(expectThrows(IllegalArgumentException.class, () -> SiimRunLength.decode("5 0", 8, 8))
                .getMessage().contains("'0' at position 2"));
        assertTrue(expectThrows(IllegalArgumentException.class, () -> SiimRunLength.decode("1 2 -1 3", 8, 8))
                .getMessage().contains("'-1' at position 3"));
        assertTrue(expectThrows(IllegalArgumentException.class, () -> SiimRunLength.decode("60 5", 8, 8))
                .getMessage().contains("past the 64 pixels"));
    }

    @Test
    public void readsATableAndNamesTheBadRow() throws IOException {
        Path dir = Files.createTempDirectory("rle");
        try {
            Path ok = dir.resolve("train-rle.csv");
            Files.writeString(ok, "ImageId, EncodedPixels\nimg1, -1\nimg2, 0 2\nimg2, 5 1\n");
            Map<String, List<String>> t = SiimRunLength.readTable(ok, 4, 4);
            assertEquals(t.keySet(), java.util.Set.of("img1", "img2"));
            assertEquals(t.get("img2"), List.of("0 2", "5 1"));
            boolean[] m = SiimRunLength.decodeUnion(t.get("img2"), 4, 4);
            boolean[] expected = new boolean[16];
            expected[0] = true; // p 0 = (x0, y0)
            expected[1 * 4 + 0] = true; // p 1 = (x0, y1)
            expected[1 * 4 + 1] = true; // each row is its own encoding from pixel 0: "5 1" is p 5 = (x1, y1)
            assertEquals(m, expected, java.util.Arrays.toString(m));

            Path bad = dir.resolve("bad-rle.csv");
            Files.writeString(bad, "ImageId, EncodedPixels\nimg1, -1\nimg2, 0 2 abc 1\n");
            ImageFormatException e = expectThrows(ImageFormatException.class,
                    () -> SiimRunLength.readTable(bad, 4, 4));
            assertTrue(e.getMessage().contains("bad-rle.csv") && e.getMessage().contains("row 3")
                    && e.getMessage().contains("img2") && e.getMessage().contains("'abc'"), e.getMessage());
        } finally {
            TempFiles.deleteTree(dir);
        }
    }
}
