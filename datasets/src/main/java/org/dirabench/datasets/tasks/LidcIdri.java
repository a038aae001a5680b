package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.NpyArray;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.io.dicom.SeriesLayout;
import org.dirabench.datasets.io.lidc.LidcNoduleRead;
import org.dirabench.datasets.io.lidc.LidcXml;
import org.dirabench.datasets.io.lidc.NoduleClustering;
import org.dirabench.datasets.io.lidc.NoduleMask;
import org.dirabench.datasets.io.lidc.PhysicalNodule;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LIDC-IDRI lung nodule segmentation (Armato et al. 2011), task {@value #TASK}, IoU (Models Genesis NCS, REFERENCE.md
 * §3.2), in two layouts.
 *
 * <p><b>Native layout</b> ({@link #open(Path, Options)}): TCIA's folders, {@code LIDC-IDRI-NNNN/<study>/<series>/} with
 * the CT slices and the original LIDC XML of the four readers. Every {@code *.xml} below the folder whose root is
 * {@code LidcReadMessage} marks a CT series folder; the chest X-ray reads ({@code IdriReadMessage}) are left out and
 * counted. Each reader's nodule is filled on the series grid ({@link NoduleMask}), reads of different readers are
 * grouped into physical nodules ({@link NoduleClustering}), and the mask is the reader consensus: voxels marked by at
 * least {@link Options#consensus()} of the readers ({@link PhysicalNodule#consensus(int)}; k = 1 union, k = 2 the
 * usual 50 % consensus of four, the default; k = 4 intersection). One sample per physical nodule marked by at least k
 * readers; nodules under 3 mm (single points) are skipped unless {@link Options#includeSmall()} (LUNA16 and most
 * segmentation work use ≥ 3 mm). Each sample's cube is centred on its consensus centroid; the sample's mask holds the
 * consensus of every such nodule of the series, so a cube that reaches a neighbour shows it too. Patients: DICOM
 * Patient ID. Split: Models Genesis ships its NCS data already cut into cubes and split (below); its patient lists
 * are not published, so the native layout gets a seeded patient-disjoint split (test 0.2, val 0.1, seed 0 by
 * default). Intensities: CT, [-1000, 1000] HU.
 *
 * <p><b>Models Genesis cube layout</b> ({@link #openModelsGenesisCubes(Path)}): {@code x_<part>_64x64x32.npy} and
 * {@code m_<part>_64x64x32.npy} for part = train, valid, test (MG keras/downstream_tasks/ncs_data.py; data/ncs/
 * data.txt points to the download), arrays [N, 64, 64, 32] (a trailing axis of 1 is allowed) read as (x, y, z),
 * images already in [0, 1] (if their values exceed [0, 1] they are taken as Hounsfield units and windowed as CT),
 * masks of 0/1. Split as shipped; the files carry no patient ids, so each cube is its own "patient".
 *
 * <p>LIDC-IDRI-0001 in {@code shared/data} is a real case in the native layout: the task runs on it for real (one
 * patient, so every sample falls in one part of the split).
 */
public final class LidcIdri {
    /** Task id. */
    public static final String TASK = "lidc_idri";
    /** Left-out reason. */
    public static final String XRAY_READS = "chest X-ray annotation files (IdriReadMessage)";
    /** Left-out reason: nodules with fewer readers than the consensus needs. */
    public static final String TOO_FEW_READERS = "nodules marked by fewer readers than the consensus k";
    /** Left-out reason. */
    public static final String SMALL = "nodules under 3 mm (single-point marks)";

    private static final Logger LOG = LoggerFactory.getLogger(LidcIdri.class);
    private static final int PATIENT_ID = 0x00100020;
    private static final Pattern ROOT = Pattern.compile("<([A-Za-z_][\\w.:-]*)");

    /**
     * Options of the native layout; start from {@link #defaults()}.
     *
     * @param data the data source to report
     * @param consensus k: a voxel is nodule when at least k readers marked it (1..4)
     * @param includeSmall whether nodules under 3 mm become samples
     * @param valFraction validation fraction of the non-test nodules
     * @param testFraction test fraction of all nodules
     * @param splitSeed seed of the patient split
     */
    public record Options(String data, int consensus, boolean includeSmall, double valFraction, double testFraction,
            long splitSeed) {
        /** Validates. */
        public Options {
            if (consensus < 1 || consensus > 4) {
                throw new IllegalArgumentException("consensus k must be 1..4 (LIDC has four readers), got "
                        + consensus);
            }
        }

        /** @return real, k = 2, no small nodules, val 0.1, test 0.2, seed 0 */
        public static Options defaults() {
            return new Options("real", 2, false, 0.1, 0.2, 0);
        }

        /** @return these options with another consensus k */
        public Options withConsensus(int k) {
            return new Options(data, k, includeSmall, valFraction, testFraction, splitSeed);
        }

        /** @return these options with small nodules or without */
        public Options withSmall(boolean s) {
            return new Options(data, consensus, s, valFraction, testFraction, splitSeed);
        }
    }

    /**
     * One annotated CT series: its slices, the readers' reads and the physical nodules they form.
     *
     * @param folder the series folder
     * @param patientId DICOM Patient ID
     * @param layout the sorted slice headers and grid
     * @param annotations the XML
     * @param nodules the physical nodules, most readers first
     */
    public record Case(Path folder, String patientId, SeriesLayout layout, LidcXml.Annotations annotations,
            List<PhysicalNodule> nodules) {
        /** @return the number of reading sessions (readers) */
        public int readerCount() {
            return annotations.sessions().size();
        }
    }

    private final Options options;
    private final List<Case> cases;
    private final List<MaskedVolume> samples;
    private final Split<MaskedVolume> split;
    private final LeftOut leftOut;

    private LidcIdri(Options options, List<Case> cases, List<MaskedVolume> samples, Split<MaskedVolume> split,
            LeftOut leftOut) {
        this.options = options;
        this.cases = cases;
        this.samples = samples;
        this.split = split;
        this.leftOut = leftOut;
    }

    /** Opens the native layout with {@link Options#defaults()}. */
    public static LidcIdri open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder a folder holding LIDC-IDRI patient folders (or one of them)
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException when the folder does not exist
     * @throws IOException naming the folder when it holds no CT annotation file; an XML whose series UID differs
     *     from its folder's slices (both named); any {@link LidcXml#read} or {@link SeriesLayout#read} error
     * @throws IllegalArgumentException naming reader, nodule and ROI when a contour matches no slice
     */
    public static LidcIdri open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "LIDC-IDRI folder does not exist");
        }
        LeftOut.Recorder left = new LeftOut.Recorder(dir, false, LOG);
        List<Path> xmls;
        try (Stream<Path> s = Files.walk(dir)) {
            xmls = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xml")
                    && Files.isRegularFile(p)).sorted().toList();
        }
        List<Case> cases = new ArrayList<>();
        for (Path xml : xmls) {
            String root = rootElement(xml);
            if ("IdriReadMessage".equals(root)) {
                left.note(XRAY_READS, xml.toString(), root);
                continue;
            }
            cases.add(readCase(xml));
        }
        if (cases.isEmpty()) {
            throw new IOException(dir + " holds no LIDC CT annotation file (*.xml with root LidcReadMessage) beside"
                    + " a DICOM series");
        }
        return build(dir, cases, options, left);
    }

    /**
     * Builds the task from cases already read (another consensus k without reading the series again).
     *
     * @param cases cases from {@link #readCase(Path)} or {@link #cases()}
     * @param options options
     * @return the dataset
     * @throws IOException when no nodule is marked by at least k readers
     */
    public static LidcIdri fromCases(List<Case> cases, Options options) throws IOException {
        return build("LIDC-IDRI cases", cases, options, new LeftOut.Recorder("LIDC-IDRI cases", false, LOG));
    }

    private static LidcIdri build(Object source, List<Case> cases, Options options, LeftOut.Recorder left)
            throws IOException {
        List<MaskedVolume> samples = new ArrayList<>();
        for (Case c : cases) {
            samples.addAll(samples(c, options, left));
        }
        LeftOut leftOut = left.finish();
        if (samples.isEmpty()) {
            throw new IOException(source + ": no nodule of the " + cases.size() + " series is marked by at least "
                    + options.consensus() + " readers (" + leftOut + ")");
        }
        Split<MaskedVolume> split = PatientSplitter.split(samples, options.valFraction(), options.testFraction(),
                options.splitSeed()).requirePatientDisjoint();
        LOG.info("{}: LIDC-IDRI ({}), {} series, {} nodules at consensus k = {}, split {}", source, options.data(),
                cases.size(), samples.size(), options.consensus(), split);
        return new LidcIdri(options, List.copyOf(cases), List.copyOf(samples), split, leftOut);
    }

    /**
     * Reads one annotated series: the XML's folder holds the slices.
     *
     * @param xml an LIDC XML file (root {@code LidcReadMessage})
     * @return the case
     * @throws IOException as {@link #open(Path, Options)}
     */
    public static Case readCase(Path xml) throws IOException {
        LidcXml.Annotations ann = LidcXml.read(xml);
        SeriesLayout layout = SeriesLayout.read(xml.getParent());
        if (!ann.seriesInstanceUid().isEmpty() && !ann.seriesInstanceUid().equals(layout.seriesInstanceUid())) {
            throw new ImageFormatException(xml, "SeriesInstanceUid " + ann.seriesInstanceUid() + " differs from the"
                    + " series of its folder's slices, " + layout.seriesInstanceUid());
        }
        List<NoduleMask> masks = new ArrayList<>();
        for (LidcNoduleRead r : ann.allNoduleReads()) {
            masks.add(NoduleMask.rasterize(r, layout));
        }
        String patient = layout.slices().get(0).string(PATIENT_ID);
        if (patient.isEmpty()) {
            patient = xml.getParent().getParent().getParent().getFileName().toString();
        }
        return new Case(xml.getParent(), patient, layout, ann, NoduleClustering.cluster(masks));
    }

    /** The samples of one case: its nodules with at least k readers, sharing the series' consensus mask. */
    private static List<MaskedVolume> samples(Case c, Options options, LeftOut.Recorder left) {
        int k = options.consensus();
        VoxelGrid g = c.layout().grid();
        List<PhysicalNodule> kept = new ArrayList<>();
        for (PhysicalNodule n : c.nodules()) {
            String what = "nodule at " + Arrays.toString(round(n.centroidMm())) + " mm, " + n.readerCount()
                    + " reader(s)";
            if (n.isSmall() && !options.includeSmall()) {
                left.note(SMALL, c.folder().toString(), what);
            } else if (n.readerCount() < k) {
                left.note(TOO_FEW_READERS, c.folder().toString(), what);
            } else {
                kept.add(n);
            }
        }
        BitSet union = new BitSet();
        kept.forEach(n -> union.or(n.consensus(k)));
        String series = c.layout().seriesInstanceUid();
        MaskReader mask = MaskReader.of(union, g.nx(), g.ny(), g.nz(), series + " consensus k=" + k);
        VolumeFile image = new VolumeFile(c.folder());
        List<MaskedVolume> out = new ArrayList<>();
        for (int i = 0; i < kept.size(); i++) {
            double[] centre = centroid(kept.get(i).consensus(k), g);
            out.add(new MaskedVolume(c.patientId() + "/" + series + "/nodule-" + (i + 1), c.patientId(), image, mask,
                    null, List.of(centre)));
        }
        return out;
    }

    /** @return the mean voxel (x, y, z) of a set of flat indices */
    static double[] centroid(BitSet voxels, VoxelGrid g) {
        double[] s = new double[3];
        int n = 0;
        int plane = g.nx() * g.ny();
        for (int i = voxels.nextSetBit(0); i >= 0; i = voxels.nextSetBit(i + 1)) {
            s[0] += i % g.nx();
            s[1] += (i % plane) / g.nx();
            s[2] += i / plane;
            n++;
        }
        return new double[] {s[0] / n, s[1] / n, s[2] / n};
    }

    private static double[] round(double[] v) {
        return new double[] {Math.round(v[0] * 10) / 10.0, Math.round(v[1] * 10) / 10.0,
            Math.round(v[2] * 10) / 10.0};
    }

    /** The name of the first element of an XML file, from its first 4 KB. */
    private static String rootElement(Path xml) throws IOException {
        String head;
        try (InputStream in = Files.newInputStream(xml)) {
            head = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
        Matcher m = ROOT.matcher(head.replaceAll("(?s)<\\?.*?\\?>|<!--.*?-->|<!.*?>", ""));
        return m.find() ? m.group(1).replaceAll("^.*:", "") : "";
    }

    /** @return the annotated series read */
    public List<Case> cases() {
        return cases;
    }

    /** @return one sample per kept nodule */
    public List<MaskedVolume> samples() {
        return samples;
    }

    /** @return the split */
    public Split<MaskedVolume> split() {
        return split;
    }

    /** @return what was left out ({@link #XRAY_READS}, {@link #SMALL}, {@link #TOO_FEW_READERS}) */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: nodule cubes with consensus masks, IoU, CT window */
    public SegmentationTask3d task() {
        return new SegmentationTask3d(TASK, options.data(), split, CubeShape.MODELS_GENESIS, IntensityWindow.CT,
                "seeded patient-disjoint split by DICOM Patient ID, seed " + options.splitSeed() + ", val "
                        + options.valFraction() + ", test " + options.testFraction() + "; reader consensus k = "
                        + options.consensus() + " (Models Genesis' own NCS patient lists are not published)");
    }

    // ---- Models Genesis cube layout ------------------------------------------------------------------------------

    /**
     * Opens Models Genesis' prepared NCS cubes.
     *
     * @param folder the folder holding {@code x_train_64x64x32.npy}, {@code m_train_64x64x32.npy}, … (valid, test)
     * @return task {@value #TASK} with data {@code real}, split as shipped
     * @throws NoSuchFileException naming a missing array file
     * @throws ImageFormatException naming both files when image and mask arrays differ in shape ("volume/mask size
     *     mismatch"), a file with another rank, or a mask value other than 0/1 (with its index)
     */
    public static SegmentationTask3d openModelsGenesisCubes(Path folder) throws IOException {
        List<List<MaskedVolume>> parts = new ArrayList<>();
        boolean hounsfield = false;
        for (String part : List.of("train", "valid", "test")) {
            Path xf = folder.resolve("x_" + part + "_64x64x32.npy");
            Path mf = folder.resolve("m_" + part + "_64x64x32.npy");
            for (Path f : List.of(xf, mf)) {
                if (!Files.isRegularFile(f)) {
                    throw new NoSuchFileException(f.toString(), null, "Models Genesis NCS array does not exist");
                }
            }
            NpyArray x = NpyArray.read(xf);
            NpyArray m = NpyArray.read(mf);
            int[] xs = squeeze(x.shape());
            int[] ms = squeeze(m.shape());
            if (!Arrays.equals(xs, ms)) {
                throw new ImageFormatException(mf, "volume/mask size mismatch: masks are " + Arrays.toString(m.shape())
                        + " but the images " + xf + " are " + Arrays.toString(x.shape()));
            }
            if (xs.length != 4) {
                throw new ImageFormatException(xf, "shape " + Arrays.toString(x.shape()) + ": expected [N, 64, 64, 32]"
                        + " (rows, cols, slices), optionally with a trailing 1");
            }
            float[] xv = x.toFloatArray();
            float[] mv = m.toFloatArray();
            int n = xs[0];
            int nx = xs[1];
            int ny = xs[2];
            int nz = xs[3];
            int per = nx * ny * nz;
            List<MaskedVolume> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] img = new float[per];
                BitSet mask = new BitSet(per);
                // (N, x, y, z) in C order (z fastest) → the volume order (x fastest).
                for (int xi = 0; xi < nx; xi++) {
                    for (int yi = 0; yi < ny; yi++) {
                        for (int zi = 0; zi < nz; zi++) {
                            int src = i * per + (xi * ny + yi) * nz + zi;
                            int dst = (zi * ny + yi) * nx + xi;
                            img[dst] = xv[src];
                            hounsfield |= xv[src] < -0.01f || xv[src] > 1.01f;
                            float mval = mv[src];
                            if (mval == 1f) {
                                mask.set(dst);
                            } else if (mval != 0f) {
                                throw new ImageFormatException(mf, "mask value " + mval + " at [" + i + ", " + xi
                                        + ", " + yi + ", " + zi + "]; expected 0 or 1");
                            }
                        }
                    }
                }
                double[][] id = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
                Volume v = new Volume(VoxelGrid.of(nx, ny, nz, new double[] {1, 1, 1}, new double[3], id,
                        VoxelGrid.Frame.LPS), img);
                out.add(new MaskedVolume(part + "/" + i, part + "/" + i, VolumeReader.of(v, xf + "[" + i + "]"),
                        MaskReader.of(mask, nx, ny, nz, mf + "[" + i + "]"), null,
                        List.of(new double[] {nx / 2, ny / 2, nz / 2})));
            }
            parts.add(out);
        }
        IntensityWindow w = hounsfield ? IntensityWindow.CT : IntensityWindow.UNIT;
        LOG.info("{}: Models Genesis NCS cubes, {} / {} / {}, values taken as {}", folder, parts.get(0).size(),
                parts.get(1).size(), parts.get(2).size(), hounsfield ? "Hounsfield units" : "[0, 1]");
        return new SegmentationTask3d(TASK, "real", new Split<>(parts.get(0), parts.get(1), parts.get(2)),
                CubeShape.MODELS_GENESIS, w, "Models Genesis NCS train / valid / test arrays as shipped (no patient"
                        + " ids: each cube its own patient)");
    }

    private static int[] squeeze(int[] shape) {
        if (shape.length == 5 && shape[4] == 1) {
            return Arrays.copyOf(shape, 4);
        }
        if (shape.length == 5 && shape[1] == 1) {
            return new int[] {shape[0], shape[2], shape[3], shape[4]};
        }
        return shape;
    }
}
