package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.dirabench.datasets.DataRoot;
import org.dirabench.testing.Golden;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class NpzTest {
    private Path tmp;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("npz-test");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
    }

    @DataProvider
    public Object[][] realNpz() {
        return new Object[][] {
            {"pneumoniamnist/pneumoniamnist_balanced_subset.npz", ZipEntry.STORED},
            {"pneumoniamnist/pneumoniamnist_official_valtest_partialtrain.npz", ZipEntry.DEFLATED},
        };
    }

    @Test(dataProvider = "realNpz")
    public void pneumoniaMnistMatchesNumpy(String key, int method) throws IOException {
        JsonNode g = Golden.load("formats_real_files.json").node(key);
        Path file = DataRoot.resolve().resolve(key);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(file.toFile())) {
            assertEquals(z.entries().nextElement().getMethod(), method, "zip_compression of " + key);
        }
        Map<String, NpyArray> arrays = Npz.read(file);
        assertEquals(arrays.keySet().size(), 6);
        for (String name : new String[] {"train_images", "val_images", "test_images", "train_labels", "val_labels",
            "test_labels"}) {
            JsonNode e = g.get(name);
            NpyArray a = arrays.get(name);
            int[] shape = new int[e.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.get("shape").get(i).asInt();
            }
            assertEquals(a.shape(), shape, key + " " + name + " shape");
            assertEquals(a.dtype().label(), e.get("dtype").asText(), key + " " + name + " dtype");
            float[] f = a.toFloatArray();
            double sum = 0;
            for (float v : f) {
                sum += v;
            }
            Golden.assertClose(sum, e.get("sum").asDouble(), 1e-9, key + " " + name + " sum");
            for (int i = 0; i < e.get("first_values").size(); i++) {
                assertEquals((double) f[i], e.get("first_values").get(i).asDouble(), key + " " + name + "[" + i + "]");
            }
        }
        NpyArray labels = Npz.read(file, "test_labels");
        assertEquals(labels.getDouble(0, 0), g.get("test_labels").get("first_values").get(0).asDouble());
    }

    @Test
    public void readsDtypesAndFortranOrderInStoredAndDeflatedEntries() throws IOException {
        ByteBuffer i64 = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : new long[] {1, -2, 3_000_000_000L, 4, 5, 6}) {
            i64.putLong(v);
        }
        ByteBuffer f4 = ByteBuffer.allocate(4 * 4).order(ByteOrder.BIG_ENDIAN);
        for (float v : new float[] {0.5f, -1.25f, 3f, 1e-3f}) {
            f4.putFloat(v);
        }
        // a 2x3 float64 array [[0, 1, 2], [10, 11, 12]] stored in Fortran order: 0, 10, 1, 11, 2, 12
        ByteBuffer f8 = ByteBuffer.allocate(6 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : new double[] {0, 10, 1, 11, 2, 12}) {
            f8.putDouble(v);
        }
        Path p = writeNpz("mixed.npz", new String[] {"ids", "scores", "grid", "mask"},
                new byte[][] {
                    npy("<i8", false, new int[] {2, 3}, i64.array()),
                    npy(">f4", false, new int[] {4}, f4.array()),
                    npy("<f8", true, new int[] {2, 3}, f8.array()),
                    npy("|u1", false, new int[] {3}, new byte[] {0, 1, (byte) 255}),
                }, new boolean[] {false, true, true, false});
        Map<String, NpyArray> a = Npz.read(p);
        assertEquals(a.get("ids").toLongArray(), new long[] {1, -2, 3_000_000_000L, 4, 5, 6});
        assertEquals(a.get("ids").getDouble(1, 0), 4.0);
        assertEquals(a.get("scores").toFloatArray(), new float[] {0.5f, -1.25f, 3f, 1e-3f});
        assertTrue(a.get("grid").wasFortranOrder());
        assertEquals(a.get("grid").toDoubleArray(), new double[] {0, 1, 2, 10, 11, 12}, "held in C order");
        assertEquals(a.get("grid").getDouble(1, 2), 12.0);
        assertFalse(a.get("mask").wasFortranOrder());
        assertEquals(a.get("mask").toLongArray(), new long[] {0, 1, 255});
        expectThrows(IllegalStateException.class, () -> a.get("scores").toLongArray());
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    @Test
    public void unsupportedDtypesAndPickledObjectsAreNamed() throws IOException {
        Path c = writeNpz("complex.npz", new String[] {"z"}, new byte[][] {npy("<c8", false, new int[] {1},
            new byte[8])}, new boolean[] {true});
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Npz.read(c));
        assertTrue(e.getMessage().contains("complex.npz") && e.getMessage().contains("entry z.npy")
                && e.getMessage().contains("unsupported dtype '<c8'"), e.getMessage());
        Path o = writeNpz("objects.npz", new String[] {"o"}, new byte[][] {npy("|O", false, new int[] {1},
            new byte[8])}, new boolean[] {false});
        ImageFormatException eo = expectThrows(ImageFormatException.class, () -> Npz.read(o));
        assertTrue(eo.getMessage().contains("objects.npz") && eo.getMessage().contains("pickle"), eo.getMessage());
    }

    @Test
    public void shortDataAndMissingEntriesAreErrors() throws IOException {
        Path p = writeNpz("short.npz", new String[] {"a"}, new byte[][] {npy("<i4", false, new int[] {4},
            new byte[12])}, new boolean[] {true});
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Npz.read(p));
        assertTrue(e.getMessage().contains("entry a.npy") && e.getMessage().contains("needs 16 bytes")
                && e.getMessage().contains("found 12"), e.getMessage());
        ImageFormatException missing = expectThrows(ImageFormatException.class, () -> Npz.read(p, "b"));
        assertTrue(missing.getMessage().contains("no entry b.npy") && missing.getMessage().contains("a.npy"),
                missing.getMessage());
        Path notZip = tmp.resolve("text.npz");
        Files.writeString(notZip, "not a zip");
        assertTrue(expectThrows(ImageFormatException.class, () -> Npz.read(notZip)).getMessage()
                .contains("text.npz"));
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------

    /** A version 1.0 {@code .npy}: magic, header dict padded to a multiple of 64 bytes, then the data. */
    static byte[] npy(String descr, boolean fortranOrder, int[] shape, byte[] data) {
        StringBuilder sh = new StringBuilder();
        for (int s : shape) {
            sh.append(s).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : sh.toString().replaceAll(", $", "");
        String h = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': (" + shapeText + "), }";
        int pad = (64 - (10 + h.length() + 1) % 64) % 64;
        h = h + " ".repeat(pad) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(h.length() & 0xff);
        out.write(h.length() >> 8);
        out.writeBytes(h.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    private Path writeNpz(String name, String[] names, byte[][] arrays, boolean[] deflate) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream fo = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(fo)) {
            for (int i = 0; i < names.length; i++) {
                ZipEntry e = new ZipEntry(names[i] + ".npy");
                if (!deflate[i]) {
                    e.setMethod(ZipEntry.STORED);
                    e.setSize(arrays[i].length);
                    CRC32 crc = new CRC32();
                    crc.update(arrays[i]);
                    e.setCrc(crc.getValue());
                }
                z.putNextEntry(e);
                z.write(arrays[i]);
                z.closeEntry();
            }
        }
        return p;
    }
}
