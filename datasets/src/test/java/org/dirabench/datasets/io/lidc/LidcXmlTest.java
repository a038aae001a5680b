package org.dirabench.datasets.io.lidc;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.TempFiles;
import org.dirabench.datasets.io.dicom.SeriesLayout;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class LidcXmlTest {
    private Path tmp;
    private Path folder;
    private LidcXml.Annotations ann;
    private SeriesLayout layout;
    private List<NoduleMask> masks;

    @BeforeClass
    public void setUp() throws IOException {
        tmp = Files.createTempDirectory("lidc-test");
        folder = org.dirabench.datasets.io.dicom.DicomSeriesTest.lidcSeriesFolder();
        ann = LidcXml.read(folder.resolve("069.xml"));
        layout = SeriesLayout.read(folder); // headers only
        masks = new ArrayList<>();
        for (LidcNoduleRead r : ann.allNoduleReads()) {
            masks.add(NoduleMask.rasterize(r, layout));
        }
    }

    @AfterClass(alwaysRun = true)
    public void tearDown() throws IOException {
        TempFiles.deleteTree(tmp);
    }

    @Test
    public void parsesTheFourReadingSessions() {
        assertEquals(ann.seriesInstanceUid(), layout.seriesInstanceUid());
        assertEquals(ann.sessions().size(), 4);
        assertEquals(ann.sessions().stream().map(s -> s.nodules().size()).toList(), List.of(4, 1, 4, 4));
        assertEquals(ann.sessions().stream().map(s -> s.nonNodules().size()).toList(), List.of(4, 1, 8, 0),
                "README: nonNodule marks 4, 1, 8 and 0 per reader");
        int rois = 0;
        for (LidcNoduleRead r : ann.allNoduleReads()) {
            rois += r.rois().size();
            for (LidcRoi roi : r.rois()) {
                assertTrue(layout.indexOfSop(roi.imageSopUid()) >= 0, "README: all ROI SOP UIDs resolve");
            }
        }
        assertEquals(rois, 41);
        LidcNoduleRead first = ann.sessions().get(0).nodules().get(0);
        assertEquals(first.noduleId(), "Nodule 001");
        assertEquals(first.characteristics().get("calcification"), Integer.valueOf(6));
        assertEquals(first.rois().get(0).imageZposition(), -125.0);
        assertEquals(first.rois().get(0).xs()[0], 312);
        assertEquals(first.rois().get(0).ys()[0], 355);
        LidcNonNodule nn = ann.sessions().get(0).nonNodules().get(0);
        assertEquals(nn.id(), "_Non-nodule 001");
        assertEquals(new int[] {nn.x(), nn.y()}, new int[] {396, 216});
        assertEquals(nn.imageZposition(), -185.0);
    }

    /** Every row of nodules_from_xml.csv: ROI slices, centroid (mm, LPS), equivalent diameter, malignancy. */
    @Test
    public void reproducesNodulesFromXmlCsv() throws IOException {
        List<CSVRecord> rows;
        try (Reader r = Files.newBufferedReader(DataRoot.dataset("lidc_idri_0001").resolve("nodules_from_xml.csv"))) {
            rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
        }
        assertEquals(rows.size(), masks.size());
        for (CSVRecord row : rows) {
            int reader = Integer.parseInt(row.get("reader_session"));
            String id = row.get("nodule_id");
            NoduleMask m = masks.stream().filter(x -> x.read().readerIndex() == reader
                    && x.read().noduleId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
            String what = "reader " + reader + " nodule " + id;
            assertEquals(m.read().rois().size(), Integer.parseInt(row.get("n_roi_slices")), what + " ROI slices");
            double[] c = m.centroidMm();
            assertEquals(c[0], Double.parseDouble(row.get("centroid_x_mm")), 0.051, what + " centroid x");
            assertEquals(c[1], Double.parseDouble(row.get("centroid_y_mm")), 0.051, what + " centroid y");
            assertEquals(c[2], Double.parseDouble(row.get("centroid_z_mm")), 0.051, what + " centroid z");
            if (row.get("equiv_diameter_mm").isEmpty()) {
                assertTrue(m.read().isSmall(), what + " is a point mark");
                assertEquals(m.voxelCount(), 1);
            } else {
                assertFalse(m.read().isSmall());
                assertEquals(m.equivalentDiameterMm(), Double.parseDouble(row.get("equiv_diameter_mm")), 0.051,
                        what + " equivalent diameter");
            }
            if (!row.get("malignancy").isEmpty()) {
                assertEquals(m.read().malignancy().getAsInt(), Integer.parseInt(row.get("malignancy")));
            }
        }
    }

    @Test
    public void clustersIntoOneFourReaderNoduleAndThreeSmallOnes() {
        List<PhysicalNodule> nodules = NoduleClustering.cluster(masks);
        assertEquals(nodules.size(), 4);
        PhysicalNodule big = nodules.get(0);
        assertEquals(big.readerCount(), 4);
        assertEquals(big.readers(), List.of(0, 1, 2, 3));
        assertFalse(big.isSmall());
        double[] c = big.centroidMm();
        assertEquals(c[0], 56.5, 0.5, "README centroid about (56.5, 86.4, -115.8)");
        assertEquals(c[1], 86.4, 0.5);
        assertEquals(c[2], -115.8, 0.5);
        for (NoduleMask m : big.reads()) {
            assertTrue(m.equivalentDiameterMm() > 23 && m.equivalentDiameterMm() < 25.5, "23-25 mm");
        }
        double[][] small = {{-34, -55, -150}, {117, 20, -175}, {110, 51, -175}};
        for (int i = 1; i < 4; i++) {
            PhysicalNodule p = nodules.get(i);
            assertEquals(p.readerCount(), 3, "each small mark by 3 of 4 readers");
            assertTrue(p.isSmall());
            double[] pc = p.centroidMm();
            boolean matched = false;
            for (double[] s : small) {
                matched |= Math.abs(pc[0] - s[0]) < 2 && Math.abs(pc[1] - s[1]) < 2 && Math.abs(pc[2] - s[2]) < 0.1;
            }
            assertTrue(matched, "small nodule at " + java.util.Arrays.toString(pc));
        }
    }

    @Test
    public void consensusShrinksWithKAndLiesInsideTheReads() {
        PhysicalNodule big = NoduleClustering.cluster(masks).get(0);
        BitSet union = big.consensus(1);
        BitSet two = big.consensus(2);
        BitSet all = big.consensus(4);
        assertEquals(union, big.union());
        assertTrue(union.cardinality() > two.cardinality() && two.cardinality() > all.cardinality()
                && all.cardinality() > 0, union.cardinality() + " > " + two.cardinality() + " > "
                + all.cardinality());
        for (NoduleMask m : big.reads()) {
            BitSet inAll = (BitSet) all.clone();
            inAll.andNot(m.voxels());
            assertTrue(inAll.isEmpty(), "the 4-reader consensus lies inside every read");
            assertTrue(m.voxelCount() <= union.cardinality());
        }
        // by hand for one voxel: count the reads that hold it
        int v = two.nextSetBit(0);
        long holders = big.reads().stream().filter(m -> m.contains(v)).count();
        assertTrue(holders >= 2);
        expectThrows(IllegalArgumentException.class, () -> big.consensus(0));
    }

    /** Exclusion ROIs, the z-position fallback and errors, on a small XML written here against the real series. */
    @Test
    public void exclusionsZFallbackAndErrors() throws IOException {
        String sop = layout.sopInstanceUids().get(10);
        double z = layout.slices().get(10).imagePositionPatient()[2];
        String xml = "<?xml version=\"1.0\"?>\n<LidcReadMessage xmlns=\"http://www.nih.gov\"><readingSession>"
                + "<servicingRadiologistID>r1</servicingRadiologistID>"
                + "<unblindedReadNodule><noduleID>n1</noduleID>"
                + roi(z, sop, true, square(10, 20))
                + roi(z, sop, false, square(13, 17))
                + roi(z + 2.5, "9.9.9", true, new int[][] {{30, 30}})
                + "</unblindedReadNodule></readingSession></LidcReadMessage>";
        Path f = Files.writeString(tmp.resolve("small.xml"), xml);
        LidcNoduleRead read = LidcXml.read(f).sessions().get(0).nodules().get(0);
        NoduleMask m = NoduleMask.rasterize(read, layout);
        // square 10..20 (11 x 11 with its edge) minus the strict inside of 13..17 (14..16: 3 x 3), plus one point
        assertEquals(m.voxelCount(), 121 - 9 + 1);
        assertTrue(m.contains(layout.grid().index(12, 12, 10)));
        assertFalse(m.contains(layout.grid().index(15, 15, 10)));
        assertTrue(m.contains(layout.grid().index(13, 13, 10)), "the exclusion's outline stays");
        assertTrue(m.contains(layout.grid().index(30, 30, 11)), "unknown SOP UID: placed by z");

        String bad = xml.replace("9.9.9", "8.8.8").replace(">" + (z + 2.5) + "<", ">999.0<");
        Path fb = Files.writeString(tmp.resolve("nomatch.xml"), bad);
        LidcNoduleRead nomatch = LidcXml.read(fb).sessions().get(0).nodules().get(0);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> NoduleMask.rasterize(nomatch, layout));
        assertTrue(e.getMessage().contains("nodule 'n1', roi 2") && e.getMessage().contains("8.8.8")
                && e.getMessage().contains("999.0"), e.getMessage());

        Path nonInt = Files.writeString(tmp.resolve("coord.xml"), xml.replace("<xCoord>30</xCoord><yCoord>30</yCoord>",
                "<xCoord>3x</xCoord><yCoord>30</yCoord>"));
        ImageFormatException ex = expectThrows(ImageFormatException.class, () -> LidcXml.read(nonInt));
        assertTrue(ex.getMessage().contains("coord.xml") && ex.getMessage().contains("roi 2, edgeMap 0 xCoord")
                && ex.getMessage().contains("'3x'"), ex.getMessage());
        Path broken = Files.writeString(tmp.resolve("broken.xml"), "<LidcReadMessage><readingSession>");
        assertTrue(expectThrows(ImageFormatException.class, () -> LidcXml.read(broken)).getMessage()
                .contains("broken.xml"));
    }

    /** The boundary pixels of the square [a, b]², in order around it, as LIDC edge maps are. */
    private static int[][] square(int a, int b) {
        List<int[]> p = new ArrayList<>();
        for (int x = a; x < b; x++) {
            p.add(new int[] {x, a});
        }
        for (int y = a; y < b; y++) {
            p.add(new int[] {b, y});
        }
        for (int x = b; x > a; x--) {
            p.add(new int[] {x, b});
        }
        for (int y = b; y > a; y--) {
            p.add(new int[] {a, y});
        }
        return p.toArray(new int[0][]);
    }

    private static String roi(double z, String sop, boolean inclusion, int[][] pts) {
        StringBuilder sb = new StringBuilder("<roi><imageZposition>" + z + "</imageZposition><imageSOP_UID>" + sop
                + "</imageSOP_UID><inclusion>" + (inclusion ? "TRUE" : "FALSE") + "</inclusion>");
        for (int[] p : pts) {
            sb.append("<edgeMap><xCoord>").append(p[0]).append("</xCoord><yCoord>").append(p[1])
                    .append("</yCoord></edgeMap>");
        }
        return sb.append("</roi>").toString();
    }

    @Test
    public void characteristicsAreKeptByName() {
        Map<String, Integer> ch = ann.sessions().get(3).nodules().stream().filter(n -> !n.isSmall()).findFirst()
                .orElseThrow().characteristics();
        assertEquals(ch.get("malignancy"), Integer.valueOf(4));
        assertEquals(ch.size(), 9);
    }
}
