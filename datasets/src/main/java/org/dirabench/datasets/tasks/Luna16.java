package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dirabench.datasets.io.MetaImage;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.io.lidc.LidcNonNodule;
import org.dirabench.datasets.io.lidc.LidcReadingSession;
import org.dirabench.datasets.io.lidc.PhysicalNodule;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LUNA16 false-positive reduction (Setio et al. 2017), task {@value #TASK}: classify the cube around each candidate
 * as nodule or not, AUC (Models Genesis NCC, REFERENCE.md §3.2).
 *
 * <p><b>Files</b> (LUNA16's layout): {@code subset0/ … subset9/} holding {@code <seriesuid>.mhd} + {@code .raw}; the
 * candidate list {@code candidates_V2.csv} (else {@code candidates.csv}) with columns {@code seriesuid, coordX,
 * coordY, coordZ, class}, and {@code annotations.csv} ({@code seriesuid, coordX, coordY, coordZ, diameter_mm}), each
 * at the top of the folder or in {@code CSVFILES/} or {@code candidates_V2/}. Coordinates are world millimetres in
 * the scans' own (LPS, ITK) frame; each candidate's centre in voxels is {@link VoxelGrid#worldToVoxel}, i.e.
 * {@code diag(1/spacing) · direction⁻¹ · (world − origin)} with the MetaImage header's Offset, ElementSpacing and
 * TransformMatrix (read once per scan, header only). {@code class} must be 0 or 1 (else an error naming the line);
 * the label is {@code class}. {@code annotations.csv} is read and checked but not used for labels; its nodules are
 * {@link #annotations()}.
 *
 * <p><b>Split</b> (MG keras/downstream_tasks/config.py:L164-L176): subsets 0-4 train, 5-6 validation, 7-9 test; a scan
 * (the patient: LUNA16's seriesuid is its only identifier) lies in exactly one subset, so the split is
 * patient-disjoint. Intensities: CT, [-1000, 1000] HU → [0, 1]; paper cube 64 × 64 × 32.
 *
 * <p><b>Left out</b>, counted and logged ({@link #leftOut()}): candidates whose scan is in no subset folder
 * ({@link #SERIES_MISSING}; strict mode makes it an error), whose centre lies outside its scan
 * ({@link #OUTSIDE}), and negatives dropped by {@link Options#negativeFraction()} ({@link #SUBSAMPLED}; LUNA16 has
 * ~750,000 negatives to ~1,500 positives, and how Models Genesis sampled its prepared cubes is not published).
 *
 * <p><b>Stand-in</b>: {@link #fromLidc(LidcIdri.Case, StandInOptions)} builds candidates from the real LIDC-IDRI-0001
 * series, see there.
 */
public final class Luna16 {
    /** Task id. */
    public static final String TASK = "luna16";
    /** Train subsets. */
    public static final List<Integer> TRAIN_SUBSETS = List.of(0, 1, 2, 3, 4);
    /** Validation subsets. */
    public static final List<Integer> VAL_SUBSETS = List.of(5, 6);
    /** Test subsets. */
    public static final List<Integer> TEST_SUBSETS = List.of(7, 8, 9);
    /** The stand-in's data label. */
    public static final String STAND_IN = "stand-in:lidc-idri-0001";
    /** Left-out reason. */
    public static final String SERIES_MISSING = "candidates whose scan is in no subset folder";
    /** Left-out reason. */
    public static final String OUTSIDE = "candidates whose centre lies outside their scan";
    /** Left-out reason. */
    public static final String SUBSAMPLED = "negatives dropped by the negative fraction";
    /** The candidate columns. */
    public static final List<String> CANDIDATE_COLUMNS = List.of("seriesuid", "coordX", "coordY", "coordZ", "class");
    /** The annotation columns. */
    public static final List<String> ANNOTATION_COLUMNS = List.of("seriesuid", "coordX", "coordY", "coordZ",
            "diameter_mm");

    private static final Logger LOG = LoggerFactory.getLogger(Luna16.class);
    private static final Pattern SUBSET = Pattern.compile("subset(\\d)");
    private static final List<String> CSV_FOLDERS = List.of("", "CSVFILES", "candidates_V2");

    /**
     * An annotated nodule of {@code annotations.csv}.
     *
     * @param seriesuid the scan
     * @param worldMm the centre (x, y, z) in mm
     * @param diameterMm the diameter in mm
     */
    public record Nodule(String seriesuid, double[] worldMm, double diameterMm) {
    }

    /**
     * Options; start from {@link #defaults()}.
     *
     * @param data the data source to report
     * @param negativeFraction fraction of negative candidates kept, in (0, 1]; each negative is kept or not by a
     *     draw seeded by (seed, its CSV line), so the choice does not depend on which subsets are present
     * @param seed the seed of that draw
     * @param strict whether a candidate whose scan is missing is an error
     */
    public record Options(String data, double negativeFraction, long seed, boolean strict) {
        /** Validates. */
        public Options {
            if (!(negativeFraction > 0 && negativeFraction <= 1)) {
                throw new IllegalArgumentException("negativeFraction must be in (0, 1], got " + negativeFraction);
            }
        }

        /** @return real, all negatives, seed 0, lenient */
        public static Options defaults() {
            return new Options("real", 1.0, 0, false);
        }

        /** @return these options keeping a fraction of the negatives */
        public Options withNegativeFraction(double f, long s) {
            return new Options(data, f, s, strict);
        }

        /** @return these options, strict or lenient */
        public Options withStrict(boolean s) {
            return new Options(data, negativeFraction, seed, s);
        }
    }

    private final String data;
    private final Split<Candidate> split;
    private final List<Nodule> annotations;
    private final LeftOut leftOut;
    private final String splitNote;

    private Luna16(String data, Split<Candidate> split, List<Nodule> annotations, LeftOut leftOut, String splitNote) {
        this.data = data;
        this.split = split;
        this.annotations = annotations;
        this.leftOut = leftOut;
        this.splitNote = splitNote;
    }

    /** Opens with {@link Options#defaults()}. */
    public static Luna16 open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder the LUNA16 folder
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException naming the candidate list when absent
     * @throws IOException naming file, line and column for a missing column, a non-numeric coordinate, a class other
     *     than 0/1, an empty seriesuid; naming both files when a scan is in two subsets; naming the folder when no
     *     candidate is usable; any MetaImage header error
     */
    public static Luna16 open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "LUNA16 folder does not exist");
        }
        Path candidatesCsv = find(dir, "candidates_V2.csv", "candidates.csv");
        if (candidatesCsv == null) {
            throw new NoSuchFileException(dir.resolve("candidates_V2.csv").toString(), null, "LUNA16 candidate list"
                    + " not found (candidates_V2.csv or candidates.csv, at the top or in CSVFILES/ or candidates_V2/)");
        }
        Map<String, Integer> subsetOf = new HashMap<>();
        Map<String, Path> scans = scans(dir, subsetOf);
        LeftOut.Recorder left = new LeftOut.Recorder(dir, options.strict(), LOG);
        Map<String, VoxelGrid> grids = new HashMap<>();
        List<List<Candidate>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (CsvTable.Row r : CsvTable.read(candidatesCsv, CANDIDATE_COLUMNS)) {
            String uid = r.required("seriesuid");
            double[] w = {r.decimal("coordX"), r.decimal("coordY"), r.decimal("coordZ")};
            float label = r.binary("class");
            if (label == 0f && options.negativeFraction() < 1
                    && new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + r.line()).nextDouble()
                    >= options.negativeFraction()) {
                left.note(SUBSAMPLED, r.where(), uid);
                continue;
            }
            Path mhd = scans.get(uid);
            if (mhd == null) {
                left.add(SERIES_MISSING, r.where(), uid);
                continue;
            }
            VoxelGrid g = grids.get(uid);
            if (g == null) {
                g = MetaImage.readHeader(mhd).grid();
                grids.put(uid, g);
            }
            double[] v = g.worldToVoxel(w[0], w[1], w[2]);
            if (!inside(v, g)) {
                left.note(OUTSIDE, r.where(), uid + " at voxel " + Arrays.toString(v));
                continue;
            }
            int subset = subsetOf.get(uid);
            int part = TRAIN_SUBSETS.contains(subset) ? 0 : VAL_SUBSETS.contains(subset) ? 1 : 2;
            parts.get(part).add(new Candidate(uid + "#" + r.line(), uid, new VolumeFile(mhd), v, w, label));
        }
        List<Nodule> nodules = new ArrayList<>();
        Path annotationsCsv = find(dir, "annotations.csv");
        if (annotationsCsv == null) {
            LOG.info("{}: no annotations.csv; nodule diameters unknown", dir);
        } else {
            for (CsvTable.Row r : CsvTable.read(annotationsCsv, ANNOTATION_COLUMNS)) {
                nodules.add(new Nodule(r.required("seriesuid"), new double[] {r.decimal("coordX"),
                    r.decimal("coordY"), r.decimal("coordZ")}, r.decimal("diameter_mm")));
            }
        }
        LeftOut leftOut = left.finish();
        Split<Candidate> split = new Split<>(parts.get(0), parts.get(1), parts.get(2));
        if (split.size() == 0) {
            throw new IOException(dir + ": no candidate of " + candidatesCsv + " is usable (" + leftOut + ")");
        }
        split.requirePatientDisjoint();
        LOG.info("{}: LUNA16 ({}), {} scans, split {}", dir, options.data(), grids.size(), split);
        return new Luna16(options.data(), split, List.copyOf(nodules), leftOut, "LUNA16 subsets 0-4 train, 5-6 val,"
                + " 7-9 test (Models Genesis config.py); patient-disjoint by scan"
                + (options.negativeFraction() < 1 ? "; negatives kept with probability " + options.negativeFraction()
                        + ", seed " + options.seed() : ""));
    }

    /** @return the first of {@code names} found at the top or in CSVFILES/ or candidates_V2/ */
    private static Path find(Path dir, String... names) {
        for (String n : names) {
            for (String f : CSV_FOLDERS) {
                Path p = f.isEmpty() ? dir.resolve(n) : dir.resolve(f).resolve(n);
                if (Files.isRegularFile(p)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static Map<String, Path> scans(Path dir, Map<String, Integer> subsetOf) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        try (DirectoryStream<Path> subsets = Files.newDirectoryStream(dir, "subset*")) {
            for (Path s : subsets) {
                Matcher m = SUBSET.matcher(s.getFileName().toString());
                if (!Files.isDirectory(s) || !m.matches()) {
                    continue;
                }
                int k = Integer.parseInt(m.group(1));
                try (DirectoryStream<Path> files = Files.newDirectoryStream(s, "*.mhd")) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        String uid = name.substring(0, name.length() - 4);
                        Path earlier = out.putIfAbsent(uid, f);
                        if (earlier != null) {
                            throw new IOException("scan " + uid + " is in two subsets: " + earlier + " and " + f);
                        }
                        subsetOf.put(uid, k);
                    }
                }
            }
        }
        return out;
    }

    private static boolean inside(double[] v, VoxelGrid g) {
        return v[0] > -0.5 && v[1] > -0.5 && v[2] > -0.5 && v[0] < g.nx() - 0.5 && v[1] < g.ny() - 0.5
                && v[2] < g.nz() - 0.5;
    }

    /** @return the candidates by subset */
    public Split<Candidate> split() {
        return split;
    }

    /** @return the nodules of annotations.csv (empty when absent) */
    public List<Nodule> annotations() {
        return annotations;
    }

    /** @return what was left out ({@link #SERIES_MISSING}, {@link #OUTSIDE}, {@link #SUBSAMPLED}) */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: candidate cubes, AUC, CT window, 64 × 64 × 32 */
    public ClassificationTask3d task() {
        return new ClassificationTask3d(TASK, data, split, CubeShape.MODELS_GENESIS, IntensityWindow.CT, splitNote);
    }

    // ---- the LIDC-IDRI-0001 stand-in ---------------------------------------------------------------------------

    /**
     * How the stand-in's candidates are made; start from {@link #defaults()}.
     *
     * @param positivesPerNodule candidates per LUNA16-grade nodule: its centroid, then centroids shifted by seeded
     *     offsets of up to a quarter of the nodule's equivalent diameter (LUNA16's candidate lists hold several
     *     detections per nodule)
     * @param randomNegatives random non-nodule locations: voxels above {@code -950 HU} (tissue or lung, not the air
     *     around the body), at least {@link #clearanceMm()} from every mark of any reader
     * @param clearanceMm distance from any reader's mark a random negative keeps, plus the nodule's radius
     * @param valFraction fraction of positives and of negatives put in validation
     * @param testFraction fraction of positives and of negatives put in test
     * @param seed seed of offsets, locations and split
     */
    public record StandInOptions(int positivesPerNodule, int randomNegatives, double clearanceMm, double valFraction,
            double testFraction, long seed) {
        /** @return 8 per nodule, 64 random negatives, 15 mm clearance, val 0.25, test 0.25, seed 0 */
        public static StandInOptions defaults() {
            return new StandInOptions(8, 64, 15, 0.25, 0.25, 0);
        }
    }

    /**
     * A stand-in built from one real LIDC-IDRI series (LIDC-IDRI-0001 in {@code shared/data}): LUNA16 was built from
     * LIDC-IDRI, so the content is faithful; the format differs (a DICOM series read in place, same LPS millimetres
     * as LUNA16's MetaImage).
     *
     * <p>Positives: the physical nodules LUNA16 would accept, ≥ 3 mm and marked by at least 3 of the 4 readers (in
     * LIDC-IDRI-0001: the one 23-25 mm nodule), each as {@link StandInOptions#positivesPerNodule()} candidates.
     * Negatives: every other reader mark (nodules under 3 mm or with fewer readers, and {@code nonNodule} marks, which
     * LUNA16 lists as class 0 when its CAD systems found them) plus {@link StandInOptions#randomNegatives()} random
     * locations. Split: one patient cannot be split by patient, so candidates are split at random, positives and
     * negatives separately: <b>not patient-disjoint</b>, and positive cubes of one nodule overlap across parts. It
     * exercises the candidate and cube path and gives a smoke-level AUC, nothing more. Data {@value #STAND_IN}.
     *
     * @param lidc the case ({@link LidcIdri#readCase})
     * @param options how candidates are made
     * @return the stand-in (reads the series once, to place the random negatives in tissue)
     * @throws IOException when the series cannot be read
     */
    public static Luna16 fromLidc(LidcIdri.Case lidc, StandInOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        VolumeFile file = new VolumeFile(lidc.folder());
        VoxelGrid g = lidc.layout().grid();
        SplittableRandom rng = new SplittableRandom(options.seed());
        String patient = lidc.patientId();
        List<Candidate> pos = new ArrayList<>();
        List<Candidate> neg = new ArrayList<>();
        List<double[]> marks = new ArrayList<>();
        for (PhysicalNodule n : lidc.nodules()) {
            double[] c = n.centroidMm();
            marks.add(c);
            boolean luna = !n.isSmall() && n.readerCount() >= 3;
            if (!luna) {
                neg.add(candidate(patient + "#mark-" + neg.size(), patient, file, g, c, 0f));
                continue;
            }
            double d = n.reads().stream().mapToDouble(m -> m.equivalentDiameterMm()).average().orElse(0);
            for (int k = 0; k < options.positivesPerNodule(); k++) {
                double[] w = c.clone();
                if (k > 0) {
                    for (int a = 0; a < 3; a++) {
                        w[a] += rng.nextDouble(-d / 4, d / 4);
                    }
                }
                pos.add(candidate(patient + "#nodule-" + pos.size(), patient, file, g, w, 1f));
            }
        }
        for (LidcReadingSession s : lidc.annotations().sessions()) {
            for (LidcNonNodule nn : s.nonNodules()) {
                int z = lidc.layout().indexOfSop(nn.imageSopUid());
                if (z < 0) {
                    z = lidc.layout().indexAtPatientZ(nn.imageZposition());
                }
                if (z >= 0) {
                    double[] w = g.voxelToWorld(nn.x(), nn.y(), z);
                    marks.add(w);
                    neg.add(candidate(patient + "#nonnodule-" + neg.size(), patient, file, g, w, 0f));
                }
            }
        }
        double maxRadius = lidc.nodules().stream().flatMap(n -> n.reads().stream())
                .mapToDouble(m -> m.equivalentDiameterMm() / 2).max().orElse(0);
        Volume v = file.read();
        int placed = 0;
        int tries = 0;
        while (placed < options.randomNegatives()) {
            if (++tries > 1000 * Math.max(1, options.randomNegatives())) {
                throw new IOException(lidc.folder() + ": could not place " + options.randomNegatives() + " random"
                        + " negatives in tissue " + options.clearanceMm() + " mm away from every mark");
            }
            int x = rng.nextInt(g.nx());
            int y = rng.nextInt(g.ny());
            int z = rng.nextInt(g.nz());
            if (v.get(x, y, z) <= -950) {
                continue;
            }
            double[] w = g.voxelToWorld(x, y, z);
            boolean clear = true;
            for (double[] m : marks) {
                double dx = w[0] - m[0];
                double dy = w[1] - m[1];
                double dz = w[2] - m[2];
                if (Math.sqrt(dx * dx + dy * dy + dz * dz) < options.clearanceMm() + maxRadius) {
                    clear = false;
                    break;
                }
            }
            if (clear) {
                neg.add(candidate(patient + "#random-" + placed, patient, file, g, w, 0f));
                placed++;
            }
        }
        List<List<Candidate>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (List<Candidate> group : List.of(pos, neg)) {
            List<Candidate> shuffled = new ArrayList<>(group);
            new org.dirabench.datasets.split.PythonRandom(options.seed()).shuffle(shuffled);
            int nTest = (int) Math.round(options.testFraction() * shuffled.size());
            int nVal = (int) Math.round(options.valFraction() * shuffled.size());
            for (int i = 0; i < shuffled.size(); i++) {
                parts.get(i < nTest ? 2 : i < nTest + nVal ? 1 : 0).add(shuffled.get(i));
            }
        }
        Split<Candidate> split = new Split<>(parts.get(0), parts.get(1), parts.get(2));
        LOG.info("{}: LUNA16 stand-in from one LIDC-IDRI series, {} positive and {} negative candidates, split {}",
                lidc.folder(), pos.size(), neg.size(), split);
        return new Luna16(STAND_IN, split, List.of(), LeftOut.none(), String.format(Locale.ROOT, "one LIDC-IDRI"
                + " series: candidates split at random, positives and negatives separately (val %s, test %s, seed %d);"
                + " NOT patient-disjoint", options.valFraction(), options.testFraction(), options.seed()));
    }

    private static Candidate candidate(String id, String patient, VolumeFile file, VoxelGrid g, double[] w,
            float label) {
        return new Candidate(id, patient, file, g.worldToVoxel(w[0], w[1], w[2]), w, label);
    }
}
