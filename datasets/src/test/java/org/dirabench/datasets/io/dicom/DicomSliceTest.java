package org.dirabench.datasets.io.dicom;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import com.fasterxml.jackson.databind.JsonNode;
import ij.ImagePlus;
import ij.plugin.DICOM;
import ij.process.ImageProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.testing.Golden;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.DataProvider;
import org.testng.annotations.Test;

public class DicomSliceTest {
    private Path tmp;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("dicom-test");
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
    }

    @DataProvider
    public Object[][] realDicom() {
        return new Object[][] {
            {"small_real_dicom_nifti_mhd/dicom/CT_small.dcm"},
            {"small_real_dicom_nifti_mhd/dicom/MR_small.dcm"},
        };
    }

    @Test(dataProvider = "realDicom")
    public void realFilesMatchPydicom(String key) throws IOException {
        JsonNode g = Golden.load("formats_real_files.json").node(key);
        DicomSlice s = DicomSlice.read(DataRoot.resolve().resolve(key));
        assertEquals(s.rows(), g.get("rows").asInt());
        assertEquals(s.columns(), g.get("columns").asInt());
        assertEquals(s.bitsAllocated(), g.get("bits_allocated").asInt());
        assertEquals(s.pixelRepresentation(), g.get("pixel_representation").asInt());
        assertEquals(s.photometricInterpretation(), g.get("photometric").asText());
        assertEquals(s.transferSyntax().uid(), g.get("transfer_syntax").asText());
        assertEquals(s.rescaleSlope(), g.get("rescale_slope").asDouble());
        assertEquals(s.rescaleIntercept(), g.get("rescale_intercept").asDouble());
        assertEquals(s.pixelSpacing(), new double[] {g.get("pixel_spacing").get(0).asDouble(),
            g.get("pixel_spacing").get(1).asDouble()});
        assertEquals(s.sliceThickness(), g.get("slice_thickness").asDouble());
        int[] stored = s.storedValues();
        float[] hu = s.rescaledValues();
        assertStats(Arrays.stream(stored).asDoubleStream().toArray(), g, "stored", key);
        double[] h = new double[hu.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = hu[i];
        }
        assertStats(h, g, "rescaled", key);
        g.get("stored_value_at_row_col").fields().forEachRemaining(e -> {
            String[] rc = e.getKey().replaceAll("[\\[\\]]", "").split(",");
            int row = Integer.parseInt(rc[0]);
            int col = Integer.parseInt(rc[1]);
            assertEquals((double) stored[row * s.columns() + col], e.getValue().asDouble(), key + " " + e.getKey());
        });
        assertFalse(s.sopInstanceUid().isEmpty());
    }

    private static void assertStats(double[] v, JsonNode g, String prefix, String key) {
        double min = Arrays.stream(v).min().orElseThrow();
        double max = Arrays.stream(v).max().orElseThrow();
        double mean = Arrays.stream(v).sum() / v.length;
        Golden.assertClose(min, g.get(prefix + "_min").asDouble(), 1e-6, key + " " + prefix + "_min");
        Golden.assertClose(max, g.get(prefix + "_max").asDouble(), 1e-6, key + " " + prefix + "_max");
        Golden.assertClose(mean, g.get(prefix + "_mean").asDouble(), 1e-6, key + " " + prefix + "_mean");
    }

    /** ImageJ's DICOM reader is an independent decoder: its calibrated values must equal ours, pixel by pixel. */
    @Test(dataProvider = "realDicom")
    public void agreesWithImageJPixelByPixel(String key) throws IOException {
        Path file = DataRoot.resolve().resolve(key);
        DICOM ij = new DICOM();
        ij.open(file.toString());
        ImagePlus imp = ij;
        ImageProcessor ip = imp.getProcessor();
        DicomSlice s = DicomSlice.read(file);
        float[] ours = s.rescaledValues();
        assertEquals(imp.getWidth(), s.columns());
        assertEquals(imp.getHeight(), s.rows());
        for (int y = 0; y < s.rows(); y++) {
            for (int x = 0; x < s.columns(); x++) {
                double theirs = imp.getCalibration().getCValue(ip.get(x, y));
                assertEquals(ours[y * s.columns() + x], theirs, 1e-6, key + " (" + x + "," + y + ")");
            }
        }
    }

    @DataProvider
    public Object[][] nativeSyntaxes() {
        return new Object[][] {
            {TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN},
            {TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN},
            {TransferSyntax.EXPLICIT_VR_BIG_ENDIAN},
            {TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN},
        };
    }

    @Test(dataProvider = "nativeSyntaxes")
    public void decodesEveryNativeTransferSyntaxAndSkipsSequences(String ts) throws IOException {
        short[] px = {0, 1, 1024, 2000, -1024, 3071};
        DicomBytes b = DicomBytes.ctSlice(2, 3, -12.5, "1.2.3.9", "1.2.3")
                .sequence(0x00081140, 0x00081150, "1.2.840.10008.5.1.4.1.1.2") // Referenced Image Sequence
                .str(0x00200013, "IS", "7")
                .str(0x00180050, "DS", "2.5")
                .pixels16(px);
        b.transferSyntax = ts;
        DicomSlice s = DicomSlice.read(b.write(tmp.resolve("ts-" + ts + ".dcm")));
        assertEquals(s.transferSyntax().uid(), ts);
        assertEquals(s.rows(), 2);
        assertEquals(s.columns(), 3);
        assertEquals(s.instanceNumber(), 7);
        assertEquals(s.sliceThickness(), 2.5);
        assertEquals(s.imagePositionPatient(), new double[] {-100, -120, -12.5});
        assertEquals(s.imageOrientationPatient(), new double[] {1, 0, 0, 0, 1, 0});
        assertEquals(s.pixelSpacing(), new double[] {0.5, 0.75});
        assertEquals(s.sopInstanceUid(), "1.2.3.9");
        assertEquals(s.storedValues(), new int[] {0, 1, 1024, 2000, -1024, 3071});
        assertEquals(s.rescaledValues(), new float[] {-1024, -1023, 0, 976, -2048, 2047});
    }

    @Test
    public void bareDataSetWithoutPreambleOrMetaIsImplicitLittleEndian() throws IOException {
        DicomBytes b = DicomBytes.ctSlice(1, 2, 0, "1.2.3.10", "1.2.3").pixels16(new short[] {5, -5});
        b.preamble = false;
        b.meta = false;
        b.transferSyntax = TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        DicomSlice s = DicomSlice.read(b.write(tmp.resolve("bare.dcm")));
        assertFalse(s.hasPreamble());
        assertEquals(s.transferSyntax().uid(), TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertEquals(s.rescaledValues(), new float[] {-1019, -1029});
    }

    @Test
    public void bitsStoredMasksHighBitsAndSignExtends() throws IOException {
        // 12 bits stored in 16, High Bit 11; bits 12-15 hold junk (e.g. overlay) and must be ignored
        DicomBytes b = DicomBytes.ctSlice(1, 4, 0, "1.2.3.11", "1.2.3").us(0x00280101, 12).us(0x00280102, 11)
                .pixels16(new short[] {(short) 0xF001, (short) 0x0FFF, (short) 0x7800, 0x07FF});
        DicomSlice s = DicomSlice.read(b.write(tmp.resolve("bits.dcm")));
        assertEquals(s.storedValues(), new int[] {1, -1, -2048, 2047});
        b.us(0x00280103, 0);
        DicomSlice u = DicomSlice.read(b.write(tmp.resolve("bits-unsigned.dcm")));
        assertEquals(u.storedValues(), new int[] {1, 4095, 2048, 2047});
    }

    @Test
    public void monochrome1IsInvertedForDisplayOnly() throws IOException {
        // an 8-bit unsigned MONOCHROME1 radiograph: 0 is white
        DicomBytes b = new DicomBytes()
                .str(0x00080060, "CS", "DX")
                .us(0x00280002, 1)
                .str(0x00280004, "CS", "MONOCHROME1")
                .us(0x00280010, 1)
                .us(0x00280011, 3)
                .us(0x00280100, 8)
                .us(0x00280101, 8)
                .us(0x00280102, 7)
                .us(0x00280103, 0)
                .pixels8(new byte[] {0, 100, (byte) 255});
        DicomSlice s = DicomSlice.read(b.write(tmp.resolve("mono1.dcm")));
        assertEquals(s.rescaledValues(), new float[] {0, 100, 255});
        assertEquals(s.displayValues(), new float[] {255, 155, 0});
        b.str(0x00281053, "DS", "2").str(0x00281052, "DS", "10");
        DicomSlice r = DicomSlice.read(b.write(tmp.resolve("mono1-rescaled.dcm")));
        // rescaled range [10, 520]: display = 10 + 520 - v
        assertEquals(r.displayValues(), new float[] {520, 320, 10});
    }

    @Test
    public void pixelPaddingValueIsReadInTheSignOfThePixels() throws IOException {
        DicomBytes b = DicomBytes.ctSlice(1, 1, 0, "1.2.3.12", "1.2.3").us(0x00280120, 63536)
                .pixels16(new short[] {0});
        assertEquals(DicomSlice.read(b.write(tmp.resolve("ppv.dcm"))).pixelPaddingValue(), Integer.valueOf(-2000));
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    @Test
    public void compressedPixelDataNameTheTransferSyntax() throws IOException {
        // a tiny "JPEG Baseline" file: header bytes written by hand, one encapsulated fragment (an SOI/EOI pair)
        DicomBytes b = DicomBytes.ctSlice(8, 8, 0, "1.2.3.13", "1.2.3").us(0x00280103, 0)
                .encapsulatedPixels(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9});
        b.transferSyntax = TransferSyntax.JPEG_BASELINE;
        Path f = b.write(tmp.resolve("jpeg.dcm"));
        DicomSlice h = DicomSlice.readHeader(f);
        assertTrue(h.hasEncapsulatedPixelData());
        assertEquals(h.rows(), 8);
        UnsupportedTransferSyntaxException e = expectThrows(UnsupportedTransferSyntaxException.class,
                () -> DicomSlice.read(f));
        assertEquals(e.uid(), "1.2.840.10008.1.2.4.50");
        assertEquals(e.syntaxName(), "JPEG Baseline (Process 1)");
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("1.2.840.10008.1.2.4.50")
                && e.getMessage().contains("JPEG Baseline (Process 1)"), e.getMessage());

        b.transferSyntax = "1.2.3.4.5.6.7";
        Path u = b.write(tmp.resolve("unknown-ts.dcm"));
        assertTrue(expectThrows(UnsupportedTransferSyntaxException.class, () -> DicomSlice.read(u)).getMessage()
                .contains("1.2.3.4.5.6.7 (unknown transfer syntax)"));
    }

    @Test
    public void fileWithoutPixelDataIsAnErrorWhenPixelsAreAsked() throws IOException {
        DicomBytes b = DicomBytes.ctSlice(4, 4, 0, "1.2.3.14", "1.2.3").str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.88.11");
        Path f = b.write(tmp.resolve("sr.dcm"));
        assertFalse(DicomSlice.readHeader(f).hasPixelData());
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> DicomSlice.read(f));
        assertTrue(e.getMessage().contains("sr.dcm") && e.getMessage().contains("no Pixel Data (7FE0,0010)")
                && e.getMessage().contains("1.2.840.10008.5.1.4.1.1.88.11"), e.getMessage());
    }

    @Test
    public void nonDicomFilesAreRefused() throws IOException {
        Path xml = DicomSeriesTest.lidcSeriesFolder().resolve("069.xml");
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> DicomSlice.readHeader(xml));
        assertTrue(e.getMessage().contains("069.xml") && e.getMessage().contains("not a DICOM file"), e.getMessage());
        Path tiny = tmp.resolve("tiny.dcm");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(expectThrows(ImageFormatException.class, () -> DicomSlice.read(tiny)).getMessage()
                .contains("not a DICOM file"));
    }

    @Test
    public void truncatedPixelDataAndUnsupportedLayoutsAreNamed() throws IOException {
        byte[] full = DicomBytes.ctSlice(4, 4, 0, "1.2.3.15", "1.2.3").pixels16(new short[16]).bytes();
        Path cut = tmp.resolve("cut.dcm");
        Files.write(cut, Arrays.copyOf(full, full.length - 6));
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> DicomSlice.read(cut));
        assertTrue(e.getMessage().contains("cut.dcm") && e.getMessage().contains("truncated Pixel Data (7FE0,0010)")
                && e.getMessage().contains("length is 32 bytes") && e.getMessage().contains("only 26 bytes remain"),
                e.getMessage());

        Path rgb = DicomBytes.ctSlice(1, 1, 0, "1.2.3.16", "1.2.3").us(0x00280002, 3).str(0x00280004, "CS", "RGB")
                .pixels16(new short[3]).write(tmp.resolve("rgb.dcm"));
        assertTrue(expectThrows(ImageFormatException.class, () -> DicomSlice.read(rgb)).getMessage()
                .contains("Samples per Pixel (0028,0002) is 3"));
        Path frames = DicomBytes.ctSlice(1, 1, 0, "1.2.3.17", "1.2.3").str(0x00280008, "IS", "4")
                .pixels16(new short[4]).write(tmp.resolve("frames.dcm"));
        assertTrue(expectThrows(ImageFormatException.class, () -> DicomSlice.read(frames)).getMessage()
                .contains("Number of Frames (0028,0008) is 4"));
    }
}
