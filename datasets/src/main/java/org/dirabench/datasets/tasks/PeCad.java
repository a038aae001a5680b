package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.split.PythonRandom;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulmonary embolism false-positive reduction on CT pulmonary angiography, task {@value #TASK}, AUC (Models Genesis
 * ECC, REFERENCE.md §3.2). PE-CAD is not public, so this class <b>defines</b> the layout it reads.
 *
 * <p><b>Layout</b> (this project's definition):
 * <pre>
 * &lt;folder&gt;/
 *   candidates.csv        candidate_id, patient_id, volume, coord_x, coord_y, coord_z, label
 *   &lt;volume files&gt;        named by the volume column, relative to the folder: NIfTI (.nii, .nii.gz), MetaImage
 *                         (.mhd/.mha) or a DICOM series folder
 *   train_cv-K.csv, val_cv-K.csv, test_cv-K.csv   (K = 1, 2, 3; optional) Models Genesis' lists (data/ecc/): a
 *                         header line "FileName", then one patient id a line
 * </pre>
 * Coordinates are the candidate's centre in world millimetres in the DICOM patient frame (LPS, as LUNA16's); a NIfTI
 * volume's RAS affine is converted. {@code label} is 1 (embolus) or 0. A bad value is an error naming the line and
 * column; a missing volume is left out and counted (an error in strict mode), as is a candidate whose centre lies
 * outside its volume.
 *
 * <p><b>Split</b>: 3-fold cross-validation as Models Genesis' ECC (config.py:L93-L114), fold K = {@link
 * Options#fold()}: with the cv lists, train / val / test are the patients of {@code train_cv-K}, {@code val_cv-K},
 * {@code test_cv-K} (patients in none are left out and counted). Without them, the patients (sorted) are dealt into
 * three folds after a {@code random.Random(seed)} shuffle (patient i to fold i mod 3); test = fold K, and of the other
 * two folds' patients (in shuffled order) the first {@code len // 8} are validation (the rule MG uses for BraTS, as
 * MG's ECC lists do not say how they were drawn), the rest train. Patient-disjoint. Intensities: CT, [-1000, 1000] HU
 * (config.py {@code clip_min}, {@code clip_max}); paper cube 64 × 64 × 64.
 *
 * <p><b>Stand-in</b>: {@link #fromTotalSegmentatorCta(Path, StandInOptions)}.
 */
public final class PeCad {
    /** Task id. */
    public static final String TASK = "pe_cad";
    /** The candidate columns. */
    public static final List<String> COLUMNS = List.of("candidate_id", "patient_id", "volume", "coord_x", "coord_y",
            "coord_z", "label");
    /** The stand-in's data label. */
    public static final String STAND_IN = "stand-in:totalseg-cta-pulmonary";
    /** Left-out reason. */
    public static final String MISSING_VOLUME = "candidates whose volume is missing";
    /** Left-out reason. */
    public static final String OUTSIDE = "candidates whose centre lies outside their volume";
    /** Left-out reason. */
    public static final String IN_NO_LIST = "candidates of patients in no cv list";

    private static final Logger LOG = LoggerFactory.getLogger(PeCad.class);

    /**
     * Options; start from {@link #defaults()}.
     *
     * @param data the data source to report
     * @param fold the cross-validation fold K, 1..3
     * @param seed the seed of generated folds (no cv lists)
     * @param strict whether a missing volume is an error
     */
    public record Options(String data, int fold, long seed, boolean strict) {
        /** Validates. */
        public Options {
            if (fold < 1 || fold > 3) {
                throw new IllegalArgumentException("fold must be 1, 2 or 3, got " + fold);
            }
        }

        /** @return real, fold 1, seed 0, lenient */
        public static Options defaults() {
            return new Options("real", 1, 0, false);
        }

        /** @return these options with another fold */
        public Options withFold(int k) {
            return new Options(data, k, seed, strict);
        }

        /** @return these options, strict or lenient */
        public Options withStrict(boolean s) {
            return new Options(data, fold, seed, s);
        }
    }

    private final String data;
    private final Split<Candidate> split;
    private final LeftOut leftOut;
    private final String splitNote;

    private PeCad(String data, Split<Candidate> split, LeftOut leftOut, String splitNote) {
        this.data = data;
        this.split = split;
        this.leftOut = leftOut;
        this.splitNote = splitNote;
    }

    /** Opens with {@link Options#defaults()}. */
    public static PeCad open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder the folder of the layout above
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException naming candidates.csv when absent
     * @throws IOException naming file, line and column for a missing column, a bad number or label; naming the folder
     *     when no candidate is usable; naming a cv list missing while others exist
     */
    public static PeCad open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path csv = dir.resolve("candidates.csv");
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString(), null, "PE-CAD candidate list does not exist");
        }
        LeftOut.Recorder left = new LeftOut.Recorder(dir, options.strict(), LOG);
        Map<Path, VoxelGrid> grids = new HashMap<>();
        Map<String, List<Candidate>> byPatient = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (CsvTable.Row r : CsvTable.read(csv, COLUMNS)) {
            String id = r.required("candidate_id");
            if (!ids.add(id)) {
                throw new IOException(r.where() + ": candidate_id '" + id + "' appears twice");
            }
            String patient = r.required("patient_id");
            double[] w = {r.decimal("coord_x"), r.decimal("coord_y"), r.decimal("coord_z")};
            float label = r.binary("label");
            Path file = dir.resolve(r.required("volume")).normalize();
            if (!Files.exists(file)) {
                left.add(MISSING_VOLUME, r.where(), file.toString());
                continue;
            }
            VolumeFile volume = new VolumeFile(file);
            VoxelGrid g = grids.get(file);
            if (g == null) {
                g = volume.grid().inFrame(VoxelGrid.Frame.LPS);
                grids.put(file, g);
            }
            double[] v = g.worldToVoxel(w[0], w[1], w[2]);
            if (v[0] <= -0.5 || v[1] <= -0.5 || v[2] <= -0.5 || v[0] >= g.nx() - 0.5 || v[1] >= g.ny() - 0.5
                    || v[2] >= g.nz() - 0.5) {
                left.note(OUTSIDE, r.where(), id);
                continue;
            }
            byPatient.computeIfAbsent(patient, k -> new ArrayList<>()).add(new Candidate(id, patient, volume, v, w,
                    label));
        }
        int k = options.fold();
        List<String> cv = List.of("train_cv-" + k + ".csv", "val_cv-" + k + ".csv", "test_cv-" + k + ".csv");
        long present = cv.stream().filter(n -> Files.isRegularFile(dir.resolve(n))).count();
        List<Set<String>> lists = new ArrayList<>();
        String note;
        if (present > 0) {
            for (String n : cv) {
                lists.add(patientList(dir.resolve(n)));
            }
            note = "PE-CAD cv lists " + cv + " (fold " + k + " of Models Genesis' 3-fold ECC protocol)";
        } else {
            List<String> patients = new ArrayList<>(byPatient.keySet());
            patients.sort(null);
            new PythonRandom(options.seed()).shuffle(patients);
            List<String> rest = new ArrayList<>();
            Set<String> test = new HashSet<>();
            for (int i = 0; i < patients.size(); i++) {
                (i % 3 == k - 1 ? test : rest).add(patients.get(i));
            }
            int nVal = rest.size() / 8;
            lists.add(new HashSet<>(rest.subList(nVal, rest.size())));
            lists.add(new HashSet<>(rest.subList(0, nVal)));
            lists.add(test);
            note = "no cv lists: patients dealt into 3 folds after random.Random(" + options.seed() + ").shuffle;"
                    + " fold " + k + " test, first len // 8 of the rest val";
        }
        List<List<Candidate>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Map.Entry<String, List<Candidate>> e : byPatient.entrySet()) {
            int part = lists.get(2).contains(e.getKey()) ? 2 : lists.get(1).contains(e.getKey()) ? 1
                    : lists.get(0).contains(e.getKey()) ? 0 : -1;
            if (part < 0) {
                left.note(IN_NO_LIST, e.getKey(), e.getValue().size() + " candidate(s)");
            } else {
                parts.get(part).addAll(e.getValue());
            }
        }
        LeftOut leftOut = left.finish();
        Split<Candidate> split = new Split<>(parts.get(0), parts.get(1), parts.get(2));
        if (split.size() == 0) {
            throw new IOException(dir + ": no candidate of " + csv + " is usable (" + leftOut + ")");
        }
        split.requirePatientDisjoint();
        LOG.info("{}: PE-CAD ({}), fold {}, split {}", dir, options.data(), k, split);
        return new PeCad(options.data(), split, leftOut, note + "; patient-disjoint");
    }

    private static Set<String> patientList(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new NoSuchFileException(f.toString(), null, "PE-CAD cv list missing while others exist");
        }
        Set<String> out = new HashSet<>();
        List<String> lines = Files.readAllLines(f);
        for (int i = 0; i < lines.size(); i++) {
            String id = lines.get(i).split(",", -1)[0].strip();
            if (i == 0 && id.equals("FileName")) {
                continue;
            }
            if (!id.isEmpty()) {
                out.add(id);
            }
        }
        return out;
    }

    /** @return the split */
    public Split<Candidate> split() {
        return split;
    }

    /** @return what was left out */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: candidate cubes, AUC, CT window, 64 × 64 × 64 */
    public ClassificationTask3d task() {
        return new ClassificationTask3d(TASK, data, split, CubeShape.PE_CAD, IntensityWindow.CT, splitNote);
    }

    // ---- stand-in ------------------------------------------------------------------------------------------------

    /**
     * How the stand-in's candidates are drawn.
     *
     * @param positives candidates centred on random voxels of the pulmonary-artery mask
     * @param negatives candidates centred on random voxels at least {@code clearanceMm} from the mask, inside the
     *     body (above -950 HU)
     * @param clearanceMm the distance negatives keep from the artery
     * @param fold the cross-validation fold K, 1..3
     * @param seed the seed of the draws
     */
    public record StandInOptions(int positives, int negatives, double clearanceMm, int fold, long seed) {
        /** @return 24 positives, 48 negatives, 6 mm, fold 1, seed 0 */
        public static StandInOptions defaults() {
            return new StandInOptions(24, 48, 6, 1, 0);
        }
    }

    /**
     * A PE-CAD stand-in from the real contrast CT angiogram of {@code totalseg_chest_cta_crops/pulmonary}
     * ({@code ct.nii.gz}, 1.5 mm) and TotalSegmentator's <b>model-made</b> pulmonary-artery mask. There is no
     * embolus in this scan, so the label is not PE: positives are points inside the contrast-filled pulmonary
     * arteries, negatives are points at least {@link StandInOptions#clearanceMm()} away from them. It stands in for
     * the input side of PE-CAD (CTPA candidate cubes around vessel locations, CT window, 64³ cubes, AUC) and cannot
     * give a PE-CAD number.
     *
     * <p>Folds: one scan, so the pulmonary artery's slice range is cut into three equal bands, and candidates take
     * the fold of their band; fold K is test, fold K mod 3 + 1 validation, the other train. <b>Not
     * patient-disjoint.</b> Data {@value #STAND_IN}.
     *
     * @param folder {@code totalseg_chest_cta_crops/}
     * @param options how candidates are drawn
     * @return the stand-in
     * @throws IOException when the files cannot be read, or their sizes differ
     */
    public static PeCad fromTotalSegmentatorCta(Path folder, StandInOptions options) throws IOException {
        VolumeFile ct = new VolumeFile(folder.resolve("pulmonary").resolve("ct.nii.gz"));
        VolumeFile artery = new VolumeFile(folder.resolve("pulmonary").resolve("masks")
                .resolve("pulmonary_artery.nii.gz"));
        Lits.requireSameSize(ct, artery);
        Volume v = ct.read();
        VoxelGrid g = v.grid();
        BitSet mask = new LabelMapMask(artery, Set.of(1), Set.of(0, 1)).read(g, ct.describe());
        if (mask.isEmpty()) {
            throw new ImageFormatException(artery.path(), "the pulmonary-artery mask is empty");
        }
        int plane = g.nx() * g.ny();
        int z0 = mask.nextSetBit(0) / plane;
        int z1 = mask.previousSetBit(mask.length()) / plane + 1;
        int[] voxels = mask.stream().toArray();
        double[] s = g.spacing();
        int reach = (int) Math.ceil(options.clearanceMm() / Math.min(s[0], Math.min(s[1], s[2])));
        SplittableRandom rng = new SplittableRandom(options.seed());
        String patient = "totalseg-cta";
        VoxelGrid lps = g.inFrame(VoxelGrid.Frame.LPS);
        List<List<Candidate>> byBand = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < options.positives(); i++) {
            int idx = voxels[rng.nextInt(voxels.length)];
            add(byBand, "artery-" + i, patient, ct, g, lps, idx % g.nx(), (idx % plane) / g.nx(), idx / plane, 1f,
                    z0, z1);
        }
        int placed = 0;
        int tries = 0;
        while (placed < options.negatives()) {
            if (++tries > 1000 * Math.max(1, options.negatives())) {
                throw new IOException(folder + ": cannot place " + options.negatives() + " negatives "
                        + options.clearanceMm() + " mm from the pulmonary artery");
            }
            int x = rng.nextInt(g.nx());
            int y = rng.nextInt(g.ny());
            int z = z0 + rng.nextInt(z1 - z0);
            if (v.get(x, y, z) <= -950 || near(mask, g, x, y, z, reach, options.clearanceMm())) {
                continue;
            }
            add(byBand, "away-" + placed, patient, ct, g, lps, x, y, z, 0f, z0, z1);
            placed++;
        }
        int k = options.fold();
        int val = k % 3 + 1;
        List<Candidate> train = new ArrayList<>();
        for (int f = 1; f <= 3; f++) {
            if (f != k && f != val) {
                train.addAll(byBand.get(f - 1));
            }
        }
        Split<Candidate> split = new Split<>(train, byBand.get(val - 1), byBand.get(k - 1));
        LOG.info("{}: PE-CAD stand-in from one CTA, fold {}, split {}", folder, k, split);
        return new PeCad(STAND_IN, split, LeftOut.none(), "one TotalSegmentator CTA: pulmonary-artery slices " + z0
                + "-" + (z1 - 1) + " cut into 3 bands = folds; fold " + k + " test, fold " + val + " val; NOT"
                + " patient-disjoint; positives are artery locations (model-made mask), not emboli");
    }

    private static void add(List<List<Candidate>> byBand, String id, String patient, VolumeFile ct, VoxelGrid g,
            VoxelGrid lps, int x, int y, int z, float label, int z0, int z1) {
        int band = Math.min(2, (z - z0) * 3 / (z1 - z0));
        byBand.get(band).add(new Candidate(id, patient, ct, new double[] {x, y, z}, lps.voxelToWorld(x, y, z),
                label));
    }

    private static boolean near(BitSet mask, VoxelGrid g, int x, int y, int z, int reach, double mm) {
        double[] s = g.spacing();
        for (int dz = -reach; dz <= reach; dz++) {
            for (int dy = -reach; dy <= reach; dy++) {
                for (int dx = -reach; dx <= reach; dx++) {
                    int xx = x + dx;
                    int yy = y + dy;
                    int zz = z + dz;
                    if (xx < 0 || yy < 0 || zz < 0 || xx >= g.nx() || yy >= g.ny() || zz >= g.nz()) {
                        continue;
                    }
                    double d2 = dx * dx * s[0] * s[0] + dy * dy * s[1] * s[1] + dz * dz * s[2] * s[2];
                    if (d2 < mm * mm && mask.get(g.index(xx, yy, zz))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
