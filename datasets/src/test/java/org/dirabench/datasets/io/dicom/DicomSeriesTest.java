package org.dirabench.datasets.io.dicom;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class DicomSeriesTest {
    /** The LIDC-IDRI-0001 CT series folder. */
    public static Path lidcSeriesFolder() {
        return DataRoot.dataset("lidc_idri_0001").resolve("LIDC-IDRI-0001")
                .resolve("1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178")
                .resolve("1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192");
    }

    private Path tmp;
    private DicomSeries lidc;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("series-test");
        lidc = DicomSeries.read(lidcSeriesFolder()); // the one full load of the real series
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
        lidc = null;
    }

    @Test
    public void lidcSeriesLoadsAs133x512x512SortedByPosition() {
        Volume v = lidc.volume();
        assertEquals(new int[] {v.nz(), v.ny(), v.nx()}, new int[] {133, 512, 512});
        VoxelGrid g = v.grid();
        assertEquals(g.frame(), VoxelGrid.Frame.LPS);
        assertEquals(g.spacing()[0], 0.703125, 1e-9);
        assertEquals(g.spacing()[1], 0.703125, 1e-9);
        assertEquals(g.spacing()[2], 2.5, 1e-9);
        assertEquals(g.origin(), new double[] {-166.0, -171.699997, -340.0}, 1e-6);
        double[] z = lidc.layout().slicePositions();
        assertEquals(z[0], -340.0, 1e-9);
        assertEquals(z[132], -10.0, 1e-9);
        for (int i = 1; i < z.length; i++) {
            assertEquals(z[i] - z[i - 1], 2.5, 1e-6, "step " + i);
        }
        // README: 000001.dcm is z = -207.5 (index (340 - 207.5) / 2.5 = 53); Instance Number 1 is z = -10
        List<DicomSlice> slices = lidc.layout().slices();
        assertEquals(slices.get(53).file().getFileName().toString(), "000001.dcm");
        assertEquals(slices.get(132).instanceNumber(), 1);
        assertEquals(slices.get(0).instanceNumber(), 133);
        assertEquals(lidc.layout().ignoredFiles().keySet().stream().map(p -> p.getFileName().toString()).toList(),
                List.of("069.xml"));
        assertEquals(lidc.layout().indexAtPatientZ(-207.5), 53);
        assertEquals(lidc.layout().indexAtPatientZ(-500), -1);
        assertEquals(lidc.layout().indexOfSop(slices.get(7).sopInstanceUid()), 7);
    }

    @Test
    public void lidcValuesAreHounsfieldUnitsWithThePaddingMappedToAir() throws IOException {
        Volume v = lidc.volume();
        DicomSlice s53 = DicomSlice.read(lidc.layout().slices().get(53).file());
        int[] stored = s53.storedValues();
        float[] data = v.data();
        int plane = 512 * 512;
        BitSet pad = lidc.paddingMask();
        long padInSlice = 0;
        for (int i = 0; i < plane; i++) {
            if (stored[i] == -1024) {
                assertTrue(pad.get(53 * plane + i), "stored -1024 (HU -2048) is padding");
                assertEquals(data[53 * plane + i], -1024f);
                padInSlice++;
            } else {
                assertEquals(data[53 * plane + i], stored[i] - 1024f, "HU = stored - 1024 at " + i);
            }
        }
        assertTrue(padInSlice > 0);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float f : data) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertEquals(min, -1024f, "no padding value left below air");
        assertTrue(max <= 3071f, "max " + max);
        double fraction = pad.cardinality() / (double) data.length;
        assertEquals(fraction, 0.21, 0.02, "README: about 21% of voxels are outside the field of view");
        // the corner is outside the circular field of view; the centre is inside the body
        assertTrue(pad.get(0));
        assertTrue(data[v.grid().index(256, 256, 66)] > -1024f);
    }

    /** A sagittal series with shuffled file names and a Pixel Padding Value; geometry and sorting along the normal. */
    @Test
    public void generatedSagittalSeriesIsSortedAlongTheNormal() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("sagittal"));
        // rows along -z (feet), columns along +y (posterior): IOP row dir (0,1,0), column dir (0,0,-1);
        // normal = row x column = (-1, 0, 0)
        double[] xs = {10, 12, 14, 16};
        String[] names = {"c.dcm", "a.dcm", "d.dcm", "b.dcm"};
        for (int i = 0; i < 4; i++) {
            short[] px = {(short) (100 * i), (short) -2000, 5, 6, 7, 8};
            DicomBytes.ctSlice(2, 3, 0, "1.2.9." + i, "1.2.9")
                    .str(0x00200032, "DS", xs[i] + "\\-50\\30")
                    .str(0x00200037, "DS", "0\\1\\0\\0\\0\\-1")
                    .us(0x00280120, 63536) // -2000 as signed
                    .pixels16(px).write(dir.resolve(names[i]));
        }
        Files.writeString(dir.resolve("notes.txt"), "not dicom");
        DicomSeries s = DicomSeries.read(dir, PaddingPolicy.KEEP);
        SeriesLayout l = s.layout();
        // along n = (-1, 0, 0) the largest x comes first
        assertEquals(l.slicePositions(), new double[] {-16, -14, -12, -10});
        assertEquals(l.slices().stream().map(d -> d.file().getFileName().toString()).toList(),
                List.of("b.dcm", "d.dcm", "a.dcm", "c.dcm"));
        assertEquals(l.ignoredFiles().size(), 1);
        VoxelGrid g = l.grid();
        assertEquals(new int[] {g.nx(), g.ny(), g.nz()}, new int[] {3, 2, 4});
        assertEquals(g.spacing(), new double[] {0.75, 0.5, 2.0}, 1e-12);
        // voxel (x=2, y=1, z=1): IPP of slice 1 (x = 14) + 2 columns * 0.75 along +y + 1 row * 0.5 along -z
        assertEquals(g.voxelToWorld(2, 1, 1), new double[] {14, -50 + 1.5, 30 - 0.5}, 1e-12);
        assertEquals(g.worldToVoxel(14, -48.5, 29.5), new double[] {2, 1, 1}, 1e-12);
        Volume v = s.volume();
        assertEquals(v.get(0, 0, 0), 300 - 1024f, "slice b.dcm (i = 3) first");
        // KEEP: the padding stays as stored (-2000 - 1024 = -3024 HU) and is in the mask
        assertEquals(v.get(1, 0, 2), -3024f);
        assertTrue(s.paddingMask().get(v.grid().index(1, 0, 2)));
        assertEquals(s.paddingMask().cardinality(), 4);
        DicomSeries air = DicomSeries.read(dir);
        assertEquals(air.volume().get(1, 0, 2), -1024f);
    }

    // ---- bad input -------------------------------------------------------------------------------------------

    @Test
    public void missingSliceMixedSeriesAndCompressedSlicesAreErrors() throws IOException {
        Path gap = Files.createDirectories(tmp.resolve("gap"));
        double[] zs = {0, 2.5, 5, 10};
        for (int i = 0; i < zs.length; i++) {
            DicomBytes.ctSlice(1, 1, zs[i], "1.2.8." + i, "1.2.8").pixels16(new short[1])
                    .write(gap.resolve("s" + i + ".dcm"));
        }
        ImageFormatException e = expectThrows(ImageFormatException.class, () -> SeriesLayout.read(gap));
        assertTrue(e.getMessage().contains("uneven slice spacing") && e.getMessage().contains("s2.dcm")
                && e.getMessage().contains("s3.dcm"), e.getMessage());

        Path mixed = Files.createDirectories(tmp.resolve("mixed"));
        DicomBytes.ctSlice(1, 1, 0, "1.2.7.1", "1.2.7").pixels16(new short[1]).write(mixed.resolve("a.dcm"));
        DicomBytes.ctSlice(1, 1, 1, "1.2.6.1", "1.2.6").pixels16(new short[1]).write(mixed.resolve("b.dcm"));
        assertTrue(expectThrows(ImageFormatException.class, () -> SeriesLayout.read(mixed)).getMessage()
                .contains("mixes 2 series"));

        Path jpeg = Files.createDirectories(tmp.resolve("jpeg"));
        DicomBytes j = DicomBytes.ctSlice(1, 1, 0, "1.2.5.1", "1.2.5").encapsulatedPixels(new byte[] {1, 2});
        j.transferSyntax = "1.2.840.10008.1.2.4.70";
        j.write(jpeg.resolve("j.dcm"));
        UnsupportedTransferSyntaxException u = expectThrows(UnsupportedTransferSyntaxException.class,
                () -> DicomSeries.read(jpeg));
        assertTrue(u.getMessage().contains("j.dcm") && u.getMessage().contains("Process 14 [Selection Value 1]"),
                u.getMessage());

        Path bad = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(bad.resolve("x.dcm"), "not dicom at all");
        assertTrue(expectThrows(ImageFormatException.class, () -> SeriesLayout.read(bad)).getMessage()
                .contains("x.dcm"));
    }

    private static void assertEquals(double[] a, double[] e, double tol) {
        org.testng.Assert.assertEquals(a.length, e.length);
        for (int i = 0; i < a.length; i++) {
            org.testng.Assert.assertEquals(a[i], e[i], tol, "element " + i + " of " + java.util.Arrays.toString(a));
        }
    }

    private static void assertEquals(Object a, Object e) {
        org.testng.Assert.assertEquals(a, e);
    }

    private static void assertEquals(Object a, Object e, String msg) {
        org.testng.Assert.assertEquals(a, e, msg);
    }

    private static void assertEquals(double a, double e, double tol) {
        org.testng.Assert.assertEquals(a, e, tol);
    }

    private static void assertEquals(double a, double e, double tol, String msg) {
        org.testng.Assert.assertEquals(a, e, tol, msg);
    }
}
