package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DeflaterOutputStream;
import org.dirabench.datasets.DataRoot;
import org.dirabench.testing.Golden;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class MetaImageTest {
    private Path tmp;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("mhd-test");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
    }

    @DataProvider
    public Object[][] realMha() {
        return new Object[][] {
            {"small_real_dicom_nifti_mhd/metaimage/RatLungSlice1.mha"},
            {"small_real_dicom_nifti_mhd/metaimage/RatLungSlice2.mha"},
        };
    }

    @Test(dataProvider = "realMha")
    public void realFilesMatchNumpy(String key) throws IOException {
        JsonNode g = Golden.load("formats_real_files.json").node(key);
        MetaImage img = MetaImage.read(DataRoot.resolve().resolve(key));
        g.get("header").fields().forEachRemaining(e ->
                assertEquals(img.header().get(e.getKey()), e.getValue().asText(), key + " header " + e.getKey()));
        assertEquals(img.nDims(), 2);
        assertEquals(img.dimSize(), new int[] {128, 128});
        assertEquals(img.elementType(), SampleType.UINT8);
        assertEquals(img.dataFile().getFileName().toString(), key.replaceAll(".*/", "").replace(".mha", ".raw"));
        Volume v = img.volume();
        assertEquals(new int[] {v.ny(), v.nx()}, new int[] {g.get("shape_zyx_or_yx").get(0).asInt(),
            g.get("shape_zyx_or_yx").get(1).asInt()});
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        double sum = 0;
        for (float f : v.data()) {
            min = Math.min(min, f);
            max = Math.max(max, f);
            sum += f;
        }
        Golden.assertClose(min, g.get("min").asDouble(), 1e-6, key + " min");
        Golden.assertClose(max, g.get("max").asDouble(), 1e-6, key + " max");
        Golden.assertClose(sum / v.data().length, g.get("mean").asDouble(), 1e-6, key + " mean");
        Golden.assertClose(v.get(20, 10, 0), g.get("value_at").get("[y=10,x=20]").asDouble(), 1e-6, key + " [10,20]");
        Golden.assertClose(v.get(64, 64, 0), g.get("value_at").get("[y=64,x=64]").asDouble(), 1e-6, key + " [64,64]");
    }

    /** A 3D MET_SHORT volume with an oblique direction, anisotropic spacing and an offset. */
    @Test
    public void worldAndVoxelCoordinatesFollowItkWithANonIdentityDirection() throws IOException {
        int nx = 5;
        int ny = 4;
        int nz = 3;
        double[] values = new double[nx * ny * nz];
        for (int i = 0; i < values.length; i++) {
            values[i] = i - 30;
        }
        // 30 degrees about z: axis x points to (cos, sin, 0), axis y to (-sin, cos, 0), axis z to (0, 0, 1)
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        String tm = c + " " + s + " 0 " + (-s) + " " + c + " 0 0 0 1";
        Path mhd = write("oblique", "NDims = 3\nDimSize = 5 4 3\nElementType = MET_SHORT\n"
                + "ElementSpacing = 0.7 0.8 2.5\nOffset = -100 50.5 -300\nTransformMatrix = " + tm + "\n"
                + "AnatomicalOrientation = RAI\nBinaryDataByteOrderMSB = False\n", values, SampleType.INT16,
                ByteOrder.LITTLE_ENDIAN, false, 0, false);
        MetaImage img = MetaImage.read(mhd);
        Volume v = img.volume();
        assertEquals(v.nx(), 5);
        assertEquals(v.ny(), 4);
        assertEquals(v.nz(), 3);
        assertEquals(v.get(3, 2, 1), (float) ((1 * ny + 2) * nx + 3 - 30), "x fastest, then y, then z");
        VoxelGrid g = v.grid();
        assertEquals(g.frame(), VoxelGrid.Frame.LPS);
        assertClose(g.spacing(), new double[] {0.7, 0.8, 2.5});
        assertClose(g.origin(), new double[] {-100, 50.5, -300});
        // world = origin + D diag(spacing) index, D's columns = the TransformMatrix triples
        double[] w = g.voxelToWorld(3, 2, 1);
        double[] expected = {-100 + c * 0.7 * 3 - s * 0.8 * 2, 50.5 + s * 0.7 * 3 + c * 0.8 * 2, -300 + 2.5};
        assertClose(w, expected);
        assertClose(g.worldToVoxel(w[0], w[1], w[2]), new double[] {3, 2, 1});
        assertClose(g.worldToVoxel(-100, 50.5, -300), new double[] {0, 0, 0});
        assertEquals(img.header().get("AnatomicalOrientation"), "RAI");
    }

    @Test
    public void identityDirectionGivesTheLuna16Formula() throws IOException {
        Path mhd = write("luna", "NDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\n"
                + "ElementSpacing = 0.65 0.65 1.25\nOffset = -170.2 -180.4 -350.5\n"
                + "TransformMatrix = 1 0 0 0 1 0 0 0 1\n", new double[8], SampleType.INT16, ByteOrder.LITTLE_ENDIAN,
                false, 0, false);
        VoxelGrid g = MetaImage.read(mhd).volume().grid();
        double[] world = {-150.0, -160.0, -340.0};
        double[] v = g.worldToVoxel(world[0], world[1], world[2]);
        assertClose(v, new double[] {(world[0] + 170.2) / 0.65, (world[1] + 180.4) / 0.65, (world[2] + 350.5) / 1.25});
    }

    @DataProvider
    public Object[][] elementTypes() {
        return new Object[][] {
            {"MET_UCHAR", SampleType.UINT8, new double[] {0, 7, 255}},
            {"MET_CHAR", SampleType.INT8, new double[] {-128, 0, 127}},
            {"MET_SHORT", SampleType.INT16, new double[] {-2000, 0, 3071}},
            {"MET_USHORT", SampleType.UINT16, new double[] {0, 4095, 65535}},
            {"MET_INT", SampleType.INT32, new double[] {-100000, 0, 100000}},
            {"MET_UINT", SampleType.UINT32, new double[] {0, 1, 4000000000.0}},
            {"MET_FLOAT", SampleType.FLOAT32, new double[] {-1024.5, 0.25, 3.5}},
            {"MET_DOUBLE", SampleType.FLOAT64, new double[] {-1e-3, 2.5, 1e6}},
        };
    }

    @Test(dataProvider = "elementTypes")
    public void decodesElementTypesByteOrdersAndCompression(String met, SampleType type, double[] values)
            throws IOException {
        int k = 0;
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            for (boolean compressed : new boolean[] {false, true}) {
                for (boolean local : new boolean[] {false, true}) {
                    String msbKey = k % 2 == 0 ? "BinaryDataByteOrderMSB" : "ElementByteOrderMSB";
                    Path p = write(met + (k++), "ObjectType = Image\nNDims = 3\nDimSize = 3 1 1\nElementType = " + met
                            + "\n" + msbKey + " = " + (order == ByteOrder.BIG_ENDIAN ? "True" : "False")
                            + "\nCompressedData = " + (compressed ? "True" : "False") + "\n", values, type, order,
                            compressed, 0, local);
                    MetaImage img = MetaImage.read(p);
                    assertEquals(img.elementType(), type);
                    assertEquals(img.byteOrder(), order);
                    if (local) {
                        assertNull(img.dataFile());
                    }
                    for (int i = 0; i < values.length; i++) {
                        assertEquals(img.volume().data()[i], (float) values[i], met + " " + order + " compressed="
                                + compressed + " local=" + local + " element " + i);
                    }
                }
            }
        }
    }

    @Test
    public void headerSizeSkipsBytesAndMinusOneTakesTheLastBytes() throws IOException {
        Path p = write("hs", "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\nHeaderSize = 5\n",
                new double[] {1, 2, 3, 4}, SampleType.UINT8, ByteOrder.LITTLE_ENDIAN, false, 5, false);
        assertEquals(MetaImage.read(p).volume().data(), new float[] {1, 2, 3, 4});
        Path q = write("hs-1", "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR\nHeaderSize = -1\n",
                new double[] {5, 6, 7, 8}, SampleType.UINT8, ByteOrder.LITTLE_ENDIAN, false, 11, false);
        assertEquals(MetaImage.read(q).volume().data(), new float[] {5, 6, 7, 8});
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    @Test
    public void missingCompanionRawFileIsNamed() throws IOException {
        Path mhd = tmp.resolve("orphan.mhd");
        Files.writeString(mhd, "NDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\nElementDataFile = orphan.raw\n");
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> MetaImage.read(mhd));
        assertTrue(e.getMessage().contains("orphan.mhd") && e.getMessage().contains(tmp.resolve("orphan.raw")
                .toAbsolutePath().toString()), e.getMessage());
    }

    @Test
    public void truncatedAndOversizedRawFilesAreErrors() throws IOException {
        Path p = write("short", "NDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\n", new double[7],
                SampleType.INT16, ByteOrder.LITTLE_ENDIAN, false, 0, false);
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> MetaImage.read(p));
        assertTrue(e.getMessage().contains("short.raw") && e.getMessage().contains("16 bytes expected")
                && e.getMessage().contains("found 14 bytes"), e.getMessage());
        Path q = write("long", "NDims = 3\nDimSize = 2 2 2\nElementType = MET_SHORT\n", new double[9],
                SampleType.INT16, ByteOrder.LITTLE_ENDIAN, false, 0, false);
        ImageFormatException e2 = expectThrows(ImageFormatException.class, () -> MetaImage.read(q));
        assertTrue(e2.getMessage().contains("header/data size mismatch") && e2.getMessage().contains("2 extra"),
                e2.getMessage());
    }

    @Test
    public void compressedDataThatEndsEarlyIsReported() throws IOException {
        double[] values = new double[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i * 7919) % 1000;
        }
        Path p = write("z", "NDims = 3\nDimSize = 16 16 16\nElementType = MET_SHORT\nCompressedData = True\n",
                values, SampleType.INT16, ByteOrder.LITTLE_ENDIAN, true, 0, false);
        Path raw = tmp.resolve("z.raw");
        byte[] all = Files.readAllBytes(raw);
        Files.write(raw, Arrays.copyOf(all, all.length / 2));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> MetaImage.read(p));
        assertTrue(e.getMessage().contains("z.raw") && e.getMessage().contains("end early")
                && e.getMessage().contains("of 8192 inflated bytes"), e.getMessage());
    }

    @Test
    public void unsupportedElementTypeAndMissingKeysAreNamed() throws IOException {
        Path mhd = tmp.resolve("rgb.mhd");
        Files.writeString(mhd, "NDims = 2\nDimSize = 2 2\nElementType = MET_UCHAR_ARRAY\nElementDataFile = LOCAL\n");
        assertTrue(expectThrows(ImageFormatException.class, () -> MetaImage.read(mhd)).getMessage()
                .contains("ElementType MET_UCHAR_ARRAY is not supported"));
        Path nodim = tmp.resolve("nodim.mhd");
        Files.writeString(nodim, "NDims = 3\nElementType = MET_SHORT\nElementDataFile = LOCAL\n");
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> MetaImage.read(nodim));
        assertTrue(e.getMessage().contains("nodim.mhd") && e.getMessage().contains("DimSize"), e.getMessage());
        Path bad = tmp.resolve("bad.mhd");
        Files.writeString(bad, "NDims = 3\nDimSize = 2 2\nElementType = MET_SHORT\nElementDataFile = LOCAL\n");
        assertTrue(expectThrows(ImageFormatException.class, () -> MetaImage.read(bad)).getMessage()
                .contains("DimSize is '2 2': expected 3 numbers"));
    }

    // ---- fixtures ----------------------------------------------------------------------------------------------

    /**
     * Writes {@code name.mhd} (+ {@code name.raw}, or data after the header when {@code local}) with the given
     * header lines, then {@code ElementDataFile}; {@code prefix} junk bytes go before the raw data.
     */
    private Path write(String name, String header, double[] values, SampleType type, ByteOrder order,
            boolean compress, int prefix, boolean local) throws IOException {
        byte[] data = SampleBytes.encode(type, order, values);
        if (compress) {
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (DeflaterOutputStream d = new DeflaterOutputStream(z)) {
                d.write(data);
            }
            data = z.toByteArray();
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.write(new byte[prefix]);
        raw.write(data);
        Path mhd = tmp.resolve(name + (local ? ".mha" : ".mhd"));
        String edf = local ? "LOCAL" : name + ".raw";
        byte[] head = (header + "ElementDataFile = " + edf + "\n").getBytes(StandardCharsets.US_ASCII);
        if (local) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.write(head);
            all.write(raw.toByteArray());
            Files.write(mhd, all.toByteArray());
        } else {
            Files.write(mhd, head);
            Files.write(tmp.resolve(name + ".raw"), raw.toByteArray());
        }
        return mhd;
    }

    private static void assertClose(double[] a, double[] e) {
        assertEquals(a.length, e.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], e[i], 1e-9 * Math.max(1, Math.abs(e[i])), "element " + i + " of "
                    + Arrays.toString(a) + " vs " + Arrays.toString(e));
        }
    }
}
