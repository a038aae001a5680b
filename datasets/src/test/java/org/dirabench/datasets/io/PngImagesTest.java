package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.testing.Golden;
import org.testng.annotations.Test;

public class PngImagesTest {

    @Test
    public void reproducesPillowOnTheGoldenRealFiles() throws IOException {
        Golden g = Golden.load("formats_real_files.json");
        List<String> keys = new ArrayList<>();
        new ObjectMapper().readTree(Golden.folder().resolve("formats_real_files.json").toFile()).fieldNames()
                .forEachRemaining(keys::add);
        int checked = 0;
        for (String key : keys) {
            if (!key.endsWith(".png")) {
                continue;
            }
            JsonNode e = g.node(key);
            Path file = DataRoot.resolve().resolve(key);
            PngImages.Info info = PngImages.info(file);
            assertEquals(info.pilMode(), e.get("mode").asText(), key);
            assertEquals(info.width(), e.get("size_wh").get(0).asInt(), key);
            assertEquals(info.height(), e.get("size_wh").get(1).asInt(), key);
            Image2d gray = PngImages.readGray(file);
            assertEquals(gray.channels(), 1);
            Golden.assertClose(gray.mean() * 255, e.get("gray_L_mean").asDouble(), 1e-6, key + " mean");
            Pattern p = Pattern.compile("\\[y=(\\d+),x=(\\d+)]");
            for (Map.Entry<String, JsonNode> v : iterable(e.get("gray_L_value_at").fields())) {
                Matcher m = p.matcher(v.getKey());
                assertTrue(m.matches(), v.getKey());
                int y = Integer.parseInt(m.group(1));
                int x = Integer.parseInt(m.group(2));
                assertEquals(Math.round(gray.get(0, y, x) * 255), v.getValue().asLong(), key + " " + v.getKey());
            }
            checked++;
        }
        assertEquals(checked, 4, "PNG entries in formats_real_files.json");
    }

    @Test
    public void readsAllNih1000FilesWithTheModesTheReadmeStates() throws IOException {
        Path nih = DataRoot.dataset("chestxray14_nih1000").resolve("NIH1000");
        Map<String, Integer> modes = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(nih)) {
            files = s.filter(f -> f.toString().endsWith(".png")).toList();
        }
        for (Path f : files) {
            PngImages.Info info = PngImages.info(f);
            modes.merge(info.pilMode() + "/" + info.width() + "x" + info.height(), 1, Integer::sum);
        }
        assertEquals(modes, Map.of("RGB/64x64", 979, "RGBA/64x64", 21));
        // RGB and gray agree on these gray-valued files: each channel equals the luma.
        Path rgba = files.stream().filter(f -> {
            try {
                return PngImages.info(f).colorType() == PngImages.ColorType.RGB_ALPHA;
            } catch (IOException ex) {
                throw new IllegalStateException(ex);
            }
        }).findFirst().orElseThrow();
        Image2d rgb = PngImages.readRgb(rgba);
        Image2d gray = PngImages.readGray(rgba);
        assertEquals(rgb.channels(), 3);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 64; y += 7) {
                for (int x = 0; x < 64; x += 5) {
                    assertEquals(rgb.get(c, y, x), gray.get(0, y, x), 0f, rgba + " c" + c);
                }
            }
        }
    }

    @Test
    public void convertsEveryColourTypeAndBitDepth() throws IOException {
        Path dir = Files.createTempDirectory("png-modes");
        // 2x1 images: pixel values chosen so each conversion rule is visible.
        check(dir, "gray8", 0, 8, new int[] {0, 200}, null, "L", new float[] {0, 200 / 255f},
                new float[][] {{0, 200 / 255f}, {0, 200 / 255f}, {0, 200 / 255f}});
        check(dir, "gray16", 0, 16, new int[] {1000, 65535}, null, "I;16", new float[] {1000 / 65535f, 1f},
                new float[][] {{1000 / 65535f, 1}, {1000 / 65535f, 1}, {1000 / 65535f, 1}});
        check(dir, "gray2", 0, 2, new int[] {1, 3}, null, "L", new float[] {1 / 3f, 1f},
                new float[][] {{1 / 3f, 1}, {1 / 3f, 1}, {1 / 3f, 1}});
        check(dir, "gray1", 0, 1, new int[] {0, 1}, null, "1", new float[] {0, 1f},
                new float[][] {{0, 1}, {0, 1}, {0, 1}});
        check(dir, "graya8", 4, 8, new int[] {50, 0, 60, 255}, null, "LA", new float[] {50 / 255f, 60 / 255f},
                new float[][] {{50 / 255f, 60 / 255f}, {50 / 255f, 60 / 255f}, {50 / 255f, 60 / 255f}});
        // RGB (10, 200, 30): Pillow L = (10*19595 + 200*38470 + 30*7471 + 32768) >> 16 = 124.
        check(dir, "rgb8", 2, 8, new int[] {10, 200, 30, 255, 255, 255}, null, "RGB",
                new float[] {124 / 255f, 1f}, new float[][] {{10 / 255f, 1}, {200 / 255f, 1}, {30 / 255f, 1}});
        check(dir, "rgba8", 6, 8, new int[] {10, 200, 30, 0, 255, 0, 0, 128}, null, "RGBA",
                new float[] {124 / 255f, 76 / 255f}, new float[][] {{10 / 255f, 1}, {200 / 255f, 0}, {30 / 255f, 0}});
        check(dir, "rgb16", 2, 16, new int[] {65535, 0, 0, 0, 0, 65535}, null, "RGB",
                new float[] {0.299f, 0.114f}, new float[][] {{1, 0}, {0, 0}, {0, 1}});
        // Palette: index 1 -> (0, 0, 255): L = (255*7471 + 32768) >> 16 = 29.
        check(dir, "palette", 3, 8, new int[] {0, 1}, new int[] {255, 255, 255, 0, 0, 255}, "P",
                new float[] {1f, 29 / 255f}, new float[][] {{1, 0}, {1, 0}, {1, 1}});
        check(dir, "palette4", 3, 4, new int[] {1, 0}, new int[] {0, 0, 0, 255, 0, 0}, "P",
                new float[] {76 / 255f, 0}, new float[][] {{1, 0}, {0, 0}, {0, 0}});
    }

    private static void check(Path dir, String name, int colorType, int depth, int[] samples, int[] palette,
            String mode, float[] gray, float[][] rgb) throws IOException {
        Path f = PngFixtures.write(dir, name + ".png", 2, 1, colorType, depth, samples, palette);
        assertEquals(PngImages.info(f).pilMode(), mode, name);
        Image2d g = PngImages.readGray(f);
        Image2d c = PngImages.readRgb(f);
        for (int x = 0; x < 2; x++) {
            assertEquals(g.get(0, 0, x), gray[x], 1e-6f, name + " gray x=" + x);
            for (int ch = 0; ch < 3; ch++) {
                assertEquals(c.get(ch, 0, x), rgb[ch][x], 1e-6f, name + " rgb c=" + ch + " x=" + x);
            }
        }
    }

    @Test
    public void badFilesFailWithTheFileNameAndTheReason() throws IOException {
        Path dir = Files.createTempDirectory("png-bad");
        Path text = dir.resolve("text.png");
        Files.writeString(text, "Image Index,Finding Labels\n");
        IOException e = expectThrows(IOException.class, () -> PngImages.readGray(text));
        assertTrue(e.getMessage().contains("not a PNG") && e.getMessage().contains(text.toString()), e.getMessage());

        Path empty = dir.resolve("empty.png");
        Files.write(empty, new byte[0]);
        e = expectThrows(IOException.class, () -> PngImages.readGray(empty));
        assertTrue(e.getMessage().contains("not a PNG") && e.getMessage().contains(empty.toString()), e.getMessage());

        byte[] good = PngFixtures.encode(16, 16, 0, 8, new int[256], null);
        Path truncated = dir.resolve("truncated.png");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 20));
        e = expectThrows(IOException.class, () -> PngImages.readGray(truncated));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains(truncated.toString()),
                e.getMessage());

        byte[] flipped = good.clone();
        flipped[45] ^= 0x10; // inside the IDAT data: CRC no longer matches
        Path corrupt = dir.resolve("corrupt.png");
        Files.write(corrupt, flipped);
        e = expectThrows(IOException.class, () -> PngImages.readGray(corrupt));
        assertTrue(e.getMessage().contains("CRC") && e.getMessage().contains(corrupt.toString()), e.getMessage());

        Path missing = dir.resolve("missing.png");
        NoSuchFileException nf = expectThrows(NoSuchFileException.class, () -> PngImages.readGray(missing));
        assertTrue(nf.getMessage().contains(missing.toString()), nf.getMessage());
    }

    private static <T> Iterable<T> iterable(Iterator<T> it) {
        return () -> it;
    }
}
