package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dirabench.datasets.DataRoot;
import org.dirabench.testing.Golden;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class Nifti1ImageTest {
    private static final double REL = 1e-6;
    private Path tmp;
    private Golden golden;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("nifti-test");
        golden = Golden.load("formats_real_files.json");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
    }

    @DataProvider
    public Object[][] realNifti() {
        return new Object[][] {
            {"small_real_dicom_nifti_mhd/nifti/example4d.nii.gz"},
            {"brats2023_gli_example/BraTS-GLI-00001-000/BraTS-GLI-00001-000-t1c.nii.gz"},
            {"brats2023_gli_example/BraTS-GLI-00001-000/BraTS-GLI-00001-000-t1n.nii.gz"},
            {"brats2023_gli_example/BraTS-GLI-00001-000/BraTS-GLI-00001-000-t2f.nii.gz"},
            {"brats2023_gli_example/BraTS-GLI-00001-000/BraTS-GLI-00001-000-t2w.nii.gz"},
        };
    }

    @Test(dataProvider = "realNifti")
    public void realFilesMatchNibabel(String key) throws IOException {
        JsonNode g = golden.node(key);
        Nifti1Image img = Nifti1Image.read(DataRoot.resolve().resolve(key));
        Nifti1Header h = img.header();

        int[] shape = new int[g.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = g.get("shape").get(i).asInt();
        }
        assertEquals(img.shape(), shape, key + " shape");
        assertEquals(h.datatype().label(), g.get("datatype").asText(), key + " datatype");
        for (int i = 0; i < g.get("pixdim").size(); i++) {
            Golden.assertClose(h.pixdim()[i + 1], g.get("pixdim").get(i).asDouble(), REL, key + " pixdim[" + (i + 1)
                    + "]");
        }
        assertEquals(h.qformCode(), g.get("qform_code").asInt(), key + " qform_code");
        assertEquals(h.sformCode(), g.get("sform_code").asInt(), key + " sform_code");
        assertEquals((double) h.voxOffset(), g.get("vox_offset").asDouble(), key + " vox_offset");
        assertEquals(img.extensionFlag(), g.get("extension_flag_byte_348").asInt(), key + " extension flag");
        // nibabel reports scl_slope/scl_inter as None after load (the scaling moves to the array proxy); these files
        // are not scaled in effect: slope 1 and intercept 0 as stored.
        assertTrue(!h.isScaled() || (h.sclSlope() == 1f && h.sclInter() == 0f), key + " scl_slope/scl_inter");

        Golden.assertClose(Golden.toArray(g.get("affine")),
                Golden.toArray(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode()
                        .addAll(toJson(h.affine()))), REL, key + " affine");

        float[] d = img.data();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : d) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        Golden.assertClose(min, g.get("min").asDouble(), REL, key + " min");
        Golden.assertClose(max, g.get("max").asDouble(), REL, key + " max");
        Golden.assertClose(sum, g.get("sum").asDouble(), REL, key + " sum");
        Golden.assertClose(sum / d.length, g.get("mean").asDouble(), REL, key + " mean");

        JsonNode at = g.get("value_at_center_index");
        int[] idx = new int[at.get("index").size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = at.get("index").get(i).asInt();
        }
        Golden.assertClose(img.get(idx), at.get("value").asDouble(), REL, key + " value at " + Arrays.toString(idx));
    }

    private static java.util.List<JsonNode> toJson(double[][] m) {
        java.util.List<JsonNode> rows = new java.util.ArrayList<>();
        for (double[] r : m) {
            com.fasterxml.jackson.databind.node.ArrayNode a =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            for (double v : r) {
                a.add(v);
            }
            rows.add(a);
        }
        return rows;
    }

    @Test
    public void example4dQformAgreesWithSformAndVolumesSplitByTime() throws IOException {
        Nifti1Image img = Nifti1Image.read(DataRoot.dataset("small_real_dicom_nifti_mhd")
                .resolve("nifti/example4d.nii.gz"));
        Nifti1Header h = img.header();
        assertEquals(h.pixdim()[0], -1f, "qfac");
        double[][] q = h.qform();
        double[][] s = h.sform();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(q[r][c], s[r][c], 1e-6, "qform vs sform [" + r + "][" + c + "]");
            }
        }
        assertEquals(img.volumeCount(), 2);
        Volume t1 = img.volume(1);
        assertEquals(t1.get(64, 48, 12), img.get(64, 48, 12, 1));
        assertEquals(t1.grid().frame(), VoxelGrid.Frame.RAS);
        assertEquals(t1.grid().spacing()[0], 2.0, 1e-6);
        expectThrows(IllegalStateException.class, img::volume);
    }

    @Test
    public void totalSegmentatorInt32AndInt16CropsAgree() throws IOException {
        Path root = DataRoot.dataset("totalseg_abdomen_ct_3mm");
        Nifti1Image full = Nifti1Image.read(root.resolve("full/ct.nii.gz"));
        Nifti1Image slab = Nifti1Image.read(root.resolve("slab/ct.nii.gz"));
        assertEquals(full.header().datatype(), SampleType.INT32);
        assertEquals(slab.header().datatype(), SampleType.INT16);
        assertEquals(full.shape(), new int[] {122, 101, 112});
        assertEquals(slab.shape(), new int[] {122, 101, 30});
        assertEquals(full.header().sformCode(), 2);
        assertEquals(full.header().qformCode(), 0);
        // README: range -1207..3382 HU, 3 mm isotropic, the slab is z = 82..111 of the full volume
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : full.data()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(min, -1207f);
        assertEquals(max, 3382f);
        assertEquals(full.volume().grid().spacing(), new double[] {3, 3, 3});
        Volume f = full.volume();
        Volume s = slab.volume();
        for (int z = 0; z < 30; z += 7) {
            for (int y = 0; y < 101; y += 10) {
                for (int x = 0; x < 122; x += 11) {
                    assertEquals(s.get(x, y, z), f.get(x, y, z + 82), "slab (" + x + "," + y + "," + z + ")");
                }
            }
        }
    }

    @DataProvider
    public Object[][] datatypes() {
        return new Object[][] {
            {256, SampleType.INT8, new double[] {-128, -1, 0, 127}},
            {2, SampleType.UINT8, new double[] {0, 1, 200, 255}},
            {4, SampleType.INT16, new double[] {-32768, -1, 7, 32767}},
            {512, SampleType.UINT16, new double[] {0, 1, 40000, 65535}},
            {8, SampleType.INT32, new double[] {-2147483648.0, -5, 0, 16777216}},
            {16, SampleType.FLOAT32, new double[] {-1.5, 0.25, 3.0e10, -7}},
            {64, SampleType.FLOAT64, new double[] {-1.5, 0.125, 1e-3, 12345.5}},
        };
    }

    @Test(dataProvider = "datatypes")
    public void decodesEachDatatypeInBothByteOrders(int code, SampleType type, double[] values) throws IOException {
        for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            Nifti1Bytes b = new Nifti1Bytes();
            b.order = order;
            b.dims(2, 2, 1).values(code, type, values);
            Path p = b.write(tmp, "t" + code + order + ".nii");
            Nifti1Image img = Nifti1Image.read(p);
            assertEquals(img.header().byteOrder(), order);
            assertEquals(img.header().datatype(), type);
            for (int i = 0; i < values.length; i++) {
                assertEquals(img.data()[i], (float) values[i], type + " " + order + " element " + i);
            }
        }
    }

    @Test
    public void appliesSclSlopeAndInterceptAndIgnoresSlopeZero() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(3, 1, 1).values(4, SampleType.INT16, 0, 10, -4);
        b.sclSlope = 2;
        b.sclInter = -3;
        Nifti1Image img = Nifti1Image.read(b.write(tmp, "scaled.nii"));
        assertEquals(img.data(), new float[] {-3, 17, -11});

        b.sclSlope = 0;
        b.sclInter = 100;
        img = Nifti1Image.read(b.write(tmp, "slope0.nii"));
        assertFalse(img.header().isScaled());
        assertEquals(img.data(), new float[] {0, 10, -4}, "slope 0 = no scaling, intercept ignored");
    }

    @Test
    public void honoursVoxOffsetAfterExtensionsInGzip() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(2, 1, 1).values(2, SampleType.UINT8, 9, 250);
        b.voxOffset = 400;
        Nifti1Image img = Nifti1Image.read(b.write(tmp, "offset.nii.gz"));
        assertEquals(img.data(), new float[] {9, 250});
    }

    @Test
    public void qformFromQuaternionAndBaseAffineWhenNoFormIsSet() throws IOException {
        // 90 degrees about z: quaternion (a, b, c, d) = (cos 45, 0, 0, sin 45); qfac -1 flips the third column
        Nifti1Bytes b = new Nifti1Bytes().dims(4, 6, 8).values(2, SampleType.UINT8, new double[4 * 6 * 8]);
        b.qformCode = 1;
        b.quatern = new float[] {0, 0, (float) Math.sqrt(0.5)};
        b.qoffset = new float[] {10, 20, 30};
        b.pixdim = new float[] {-1, 2, 3, 4, 1, 1, 1, 1};
        double[][] q = Nifti1Image.readHeader(b.write(tmp, "q.nii")).affine();
        double[][] expected = {{0, -3, 0, 10}, {2, 0, 0, 20}, {0, 0, -4, 30}, {0, 0, 0, 1}};
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(q[r][c], expected[r][c], 1e-6, "qform[" + r + "][" + c + "]");
            }
        }
        b.qformCode = 0;
        double[][] base = Nifti1Image.readHeader(b.write(tmp, "base.nii")).affine();
        // nibabel shape_zoom_affine: diag(-2, 3, 4), origin -(shape-1)/2 * zooms
        assertEquals(base[0], new double[] {-2, 0, 0, 3});
        assertEquals(base[1], new double[] {0, 3, 0, -7.5});
        assertEquals(base[2], new double[] {0, 0, 4, -14});
    }

    @Test
    public void sformTakesPrecedenceOverQform() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(2, 2, 2).values(2, SampleType.UINT8, new double[8]);
        b.qformCode = 1;
        b.sformCode = 2;
        b.srow = new float[][] {{-1.5f, 0, 0, 7}, {0, -1.5f, 0, 8}, {0, 0, 1.5f, 9}};
        Nifti1Image img = Nifti1Image.read(b.write(tmp, "s.nii"));
        VoxelGrid g = img.volume().grid();
        assertEquals(g.voxelToWorld(1, 1, 1), new double[] {5.5, 6.5, 10.5});
        assertEquals(g.worldToVoxel(5.5, 6.5, 10.5), new double[] {1, 1, 1});
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    @Test
    public void truncatedFileNamesExpectedAndActualBytes() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(4, 4, 4).values(4, SampleType.INT16, new double[64]);
        byte[] all = b.bytes();
        Path p = tmp.resolve("truncated.nii");
        Files.write(p, Arrays.copyOf(all, all.length - 10));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(p));
        assertTrue(e.getMessage().contains("truncated.nii"), e.getMessage());
        assertTrue(e.getMessage().contains("480 bytes expected, file has 470 bytes"), e.getMessage());

        Path g = b.write(tmp, "truncated-data.nii.gz");
        Nifti1Bytes shortData = new Nifti1Bytes().dims(4, 4, 4).values(4, SampleType.INT16, new double[60]);
        Path g2 = shortData.write(tmp, "short.nii.gz");
        ImageFormatException e2 = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(g2));
        assertTrue(e2.getMessage().contains("short.nii.gz") && e2.getMessage().contains("expected 480 bytes")
                && e2.getMessage().contains("ends after 472 bytes"), e2.getMessage());
        assertEquals(Nifti1Image.read(g).shape(), new int[] {4, 4, 4});
    }

    @Test
    public void headerDataSizeMismatchIsAnError() throws IOException {
        Nifti1Bytes extra = new Nifti1Bytes().dims(2, 2, 2).values(2, SampleType.UINT8, new double[9]);
        Path p = extra.write(tmp, "extra.nii");
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(p));
        assertTrue(e.getMessage().contains("extra.nii") && e.getMessage().contains("header/data size mismatch")
                && e.getMessage().contains("360 bytes expected, file has 361"), e.getMessage());
        Path pg = extra.write(tmp, "extra.nii.gz");
        ImageFormatException eg = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(pg));
        assertTrue(eg.getMessage().contains("header/data size mismatch") && eg.getMessage().contains("1 extra"),
                eg.getMessage());

        Nifti1Bytes bitpix = new Nifti1Bytes().dims(2, 2, 2).values(4, SampleType.INT16, new double[8]);
        bitpix.bitpix = 8;
        Path pb = bitpix.write(tmp, "bitpix.nii");
        ImageFormatException eb = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(pb));
        assertTrue(eb.getMessage().contains("bitpix is 8") && eb.getMessage().contains("int16"), eb.getMessage());
    }

    @Test
    public void unknownAndUnsupportedDatatypesAreNamed() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(2, 1, 1).values(4, SampleType.INT16, 1, 2);
        b.datatype = 3;
        Path p = b.write(tmp, "dt3.nii");
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(p));
        assertTrue(e.getMessage().contains("dt3.nii") && e.getMessage().contains("unknown NIfTI-1 datatype code 3"),
                e.getMessage());
        b.datatype = 32;
        b.bitpix = 64;
        Path c = b.write(tmp, "complex.nii");
        ImageFormatException ec = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(c));
        assertTrue(ec.getMessage().contains("datatype 32 (complex64)"), ec.getMessage());
    }

    @Test
    public void gzipThatEndsEarlyIsReported() throws IOException {
        Nifti1Bytes b = new Nifti1Bytes().dims(64, 64, 4).values(16, SampleType.FLOAT32, randomValues(64 * 64 * 4));
        Path whole = b.write(tmp, "whole.nii.gz");
        byte[] gz = Files.readAllBytes(whole);
        Path cut = tmp.resolve("cut.nii.gz");
        Files.write(cut, Arrays.copyOf(gz, gz.length / 2));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(cut));
        assertTrue(e.getMessage().contains("cut.nii.gz") && e.getMessage().contains("gzip stream ends early")
                && e.getMessage().contains("expected 65888 bytes"), e.getMessage());
    }

    @Test
    public void notNifti1IsRefusedWithTheReason() throws IOException {
        Nifti1Bytes two = new Nifti1Bytes().dims(2, 1, 1).values(2, SampleType.UINT8, 1, 2);
        two.sizeofHdr = 540;
        Path p2 = two.write(tmp, "nifti2.nii");
        assertTrue(expectThrows(ImageFormatException.class, () -> Nifti1Image.read(p2)).getMessage()
                .contains("NIfTI-2"));
        Path text = tmp.resolve("text.nii");
        Files.writeString(text, "hello".repeat(100));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> Nifti1Image.read(text));
        assertTrue(e.getMessage().contains("text.nii") && e.getMessage().contains("sizeof_hdr"), e.getMessage());
    }

    private static double[] randomValues(int n) {
        java.util.Random r = new java.util.Random(7);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextGaussian();
        }
        return v;
    }
}
