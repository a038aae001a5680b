package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dirabench.datasets.split.PythonRandom;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BraTS brain tumour segmentation, task {@value #TASK}, IoU (Models Genesis BMS, REFERENCE.md §3.2), in the file
 * naming of BraTS 2018-2021 and of BraTS 2023.
 *
 * <p><b>Files</b>: one folder per case holding four MRI sequences and the segmentation, NIfTI ({@code .nii.gz} or
 * {@code .nii}): 2018-2021 {@code <case>_flair}, {@code _t1}, {@code _t1ce}, {@code _t2}, {@code _seg}; 2023
 * {@code <case>-t2f}, {@code -t1n}, {@code -t1c}, {@code -t2w}, {@code -seg}. Cases are found at any depth by their
 * FLAIR file. The network sees one sequence ({@link Options#sequence()}, default FLAIR: TransVW's BMS uses FLAIR,
 * REFERENCE.md §3.2), clipped to [0, 4000] and mapped to [0, 1] (MG keras/README.md:L99); paper cube 64 × 64 × 32
 * (config.py also lists a 100 × 100 × 50 crop, {@code crop_rows/cols/deps}, whose use is not in the stored sources).
 *
 * <p><b>Labels</b>: 2018-2021 {0, 1 necrosis / non-enhancing core, 2 oedema, 4 enhancing}, 2023 {0, 1, 2, 3
 * enhancing}; another value is an error naming the file, voxel and value. {@link TumourRegion}: whole tumour (all
 * non-zero, the default), tumour core (1 ∪ enhancing), enhancing tumour. A sequence whose size differs from the
 * segmentation's is an error naming both files.
 *
 * <p><b>Split</b> (MG config.py:L6-L65): {@code fold_1.csv}, {@code fold_2.csv}, {@code fold_3.csv} (one case id a
 * line, MG's {@code data/bms/}) in the folder or {@link Options#folds()}: train and validation come from folds 1 + 2
 * shuffled by {@code random.Random(4)} ({@link PythonRandom}, bit-identical), the first {@code len // 8} to
 * validation, the rest to train; fold 3 is test. Without fold files the cases (sorted) are dealt into three folds
 * after a {@code random.Random(seed)} shuffle (case i of the shuffled list to fold i mod 3) and the same rule
 * applies. Cases in no fold list and listed cases without files are left out and counted. Patients: the case id
 * (2023: without the timepoint suffix, {@code BraTS-GLI-00001-000} → {@code BraTS-GLI-00001}).
 *
 * <p><b>Unlabelled cases</b> (no segmentation file): left out and counted when some cases are labelled; when none is
 * (the BraTS 2023 example case in {@code shared/data}, distributed without its {@code -seg}), the task holds the
 * unlabelled volumes, which test the loading path (sequence naming, NIfTI, MRI window, cubes) but cannot be scored.
 */
public final class Brats {
    /** Task id. */
    public static final String TASK = "brats";
    /** Left-out reason. */
    public static final String UNLABELLED = "cases without a segmentation (others have one)";
    /** Left-out reason. */
    public static final String IN_NO_FOLD = "cases in no fold list";
    /** Left-out reason. */
    public static final String LISTED_WITHOUT_FILES = "fold-list entries without a case folder";
    /** Left-out reason. */
    public static final String INCOMPLETE = "cases missing the chosen sequence";

    private static final Logger LOG = LoggerFactory.getLogger(Brats.class);
    private static final Pattern FLAIR = Pattern.compile("(.+?)(?:_flair|-t2f)\\.nii(?:\\.gz)?");
    private static final Pattern TIMEPOINT = Pattern.compile("(BraTS-[A-Z]+-\\d+)-\\d+");

    /** The MRI sequences. */
    public enum Sequence {
        /** T2-FLAIR. */
        FLAIR("_flair", "-t2f"),
        /** Native T1. */
        T1("_t1", "-t1n"),
        /** Post-contrast T1. */
        T1CE("_t1ce", "-t1c"),
        /** T2. */
        T2("_t2", "-t2w");

        private final String old;
        private final String v2023;

        Sequence(String old, String v2023) {
            this.old = old;
            this.v2023 = v2023;
        }
    }

    /** Which tumour sub-region is the mask. */
    public enum TumourRegion {
        /** All tumour labels. */
        WHOLE,
        /** Necrosis / non-enhancing core and enhancing tumour. */
        CORE,
        /** Enhancing tumour. */
        ENHANCING;

        /** @return the labels of this region given the enhancing label (4 until 2021, 3 from 2023) */
        public Set<Integer> labels(int enhancing) {
            return switch (this) {
                case WHOLE -> Set.of(1, 2, enhancing);
                case CORE -> Set.of(1, enhancing);
                case ENHANCING -> Set.of(enhancing);
            };
        }
    }

    /**
     * Options; start from {@link #defaults()}.
     *
     * @param data the data source to report (default: real, or {@value #EXAMPLE_2023} when no case is labelled)
     * @param sequence the sequence the network sees
     * @param region the tumour region
     * @param folds folder of fold_1..3.csv, or null for the dataset folder
     * @param foldSeed seed of the generated folds when there are no fold files
     */
    public record Options(String data, Sequence sequence, TumourRegion region, Path folds, long foldSeed) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(sequence, "sequence");
            Objects.requireNonNull(region, "region");
        }

        /** @return FLAIR, whole tumour, fold files from the dataset folder, fold seed 0 */
        public static Options defaults() {
            return new Options(null, Sequence.FLAIR, TumourRegion.WHOLE, null, 0);
        }

        /** @return these options with another region */
        public Options withRegion(TumourRegion r) {
            return new Options(data, sequence, r, folds, foldSeed);
        }

        /** @return these options with another sequence */
        public Options withSequence(Sequence s) {
            return new Options(data, s, region, folds, foldSeed);
        }

        /** @return these options with the fold lists in another folder */
        public Options withFolds(Path f) {
            return new Options(data, sequence, region, f, foldSeed);
        }
    }

    /** The data label of the unlabelled BraTS 2023 example case. */
    public static final String EXAMPLE_2023 = "stand-in:brats2023-gli-example";

    /**
     * One case.
     *
     * @param id the case id (file prefix)
     * @param patientId the patient
     * @param sequences the sequence files found
     * @param segmentation the segmentation file, or null
     * @param enhancingLabel 4 (2018-2021 naming) or 3 (2023)
     */
    public record Case(String id, String patientId, Map<Sequence, Path> sequences, Path segmentation,
            int enhancingLabel) {
    }

    private final String data;
    private final List<Case> cases;
    private final Split<MaskedVolume> split;
    private final LeftOut leftOut;
    private final String splitNote;

    private Brats(String data, List<Case> cases, Split<MaskedVolume> split, LeftOut leftOut, String splitNote) {
        this.data = data;
        this.cases = cases;
        this.split = split;
        this.leftOut = leftOut;
        this.splitNote = splitNote;
    }

    /** Opens with {@link Options#defaults()}. */
    public static Brats open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder a folder holding case folders (or one case)
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException when the folder does not exist
     * @throws org.dirabench.datasets.io.ImageFormatException naming both files when a sequence and the segmentation
     *     differ in size
     * @throws IOException naming the folder when it holds no case; naming a fold file that is missing while the
     *     others exist; naming both places when a case id appears twice
     */
    public static Brats open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "BraTS folder does not exist");
        }
        LeftOut.Recorder left = new LeftOut.Recorder(dir, false, LOG);
        Map<String, Case> cases = findCases(dir);
        if (cases.isEmpty()) {
            throw new IOException(dir + " holds no BraTS case (no *_flair.nii[.gz] or *-t2f.nii[.gz])");
        }
        boolean anyLabelled = cases.values().stream().anyMatch(c -> c.segmentation() != null);
        Map<String, MaskedVolume> volumes = new LinkedHashMap<>();
        for (Case c : cases.values()) {
            Path seq = c.sequences().get(options.sequence());
            if (seq == null) {
                left.note(INCOMPLETE, c.id(), "no " + options.sequence() + " file");
                continue;
            }
            if (c.segmentation() == null && anyLabelled) {
                left.note(UNLABELLED, c.id(), "no segmentation file");
                continue;
            }
            VolumeFile image = new VolumeFile(seq);
            MaskReader mask = null;
            if (c.segmentation() != null) {
                VolumeFile seg = new VolumeFile(c.segmentation());
                Lits.requireSameSize(image, seg);
                int et = c.enhancingLabel();
                mask = new LabelMapMask(seg, options.region().labels(et), Set.of(0, 1, 2, et));
            }
            volumes.put(c.id(), new MaskedVolume(c.id(), c.patientId(), image, mask));
        }
        Path foldDir = options.folds() != null ? options.folds() : dir;
        List<List<String>> folds = readFolds(foldDir);
        String note;
        if (folds == null) {
            List<String> ids = new ArrayList<>(volumes.keySet());
            ids.sort(null);
            new PythonRandom(options.foldSeed()).shuffle(ids);
            folds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < ids.size(); i++) {
                folds.get(i % 3).add(ids.get(i));
            }
            note = "no fold files: cases dealt into 3 folds after random.Random(" + options.foldSeed() + ").shuffle;"
                    + " then Models Genesis' rule";
        } else {
            note = "Models Genesis' fold_1..3.csv";
        }
        List<String> trainVal = new ArrayList<>(folds.get(0));
        trainVal.addAll(folds.get(1));
        new PythonRandom(4).shuffle(trainVal);
        int nVal = trainVal.size() / 8;
        List<MaskedVolume> train = pick(trainVal.subList(nVal, trainVal.size()), volumes, left, foldDir);
        List<MaskedVolume> val = pick(trainVal.subList(0, nVal), volumes, left, foldDir);
        List<MaskedVolume> test = pick(folds.get(2), volumes, left, foldDir);
        java.util.Set<String> listed = new java.util.HashSet<>(trainVal);
        listed.addAll(folds.get(2));
        for (String id : volumes.keySet()) {
            if (!listed.contains(id)) {
                left.note(IN_NO_FOLD, id, "not in " + foldDir.resolve("fold_*.csv"));
            }
        }
        LeftOut leftOut = left.finish();
        Split<MaskedVolume> split = new Split<>(train, val, test);
        if (split.size() == 0) {
            throw new IOException(dir + ": no usable case (" + leftOut + ")");
        }
        split.requirePatientDisjoint();
        String data = options.data() != null ? options.data() : anyLabelled ? "real" : EXAMPLE_2023;
        LOG.info("{}: BraTS ({}), {} cases, {} {}, split {}", dir, data, cases.size(), options.sequence(),
                options.region(), split);
        return new Brats(data, List.copyOf(cases.values()), split, leftOut, note + ": folds 1 + 2 shuffled by"
                + " random.Random(4), first len // 8 val, rest train; fold 3 test; sequence " + options.sequence()
                + ", region " + options.region() + (anyLabelled ? "" : "; UNLABELLED volumes (loading path only)"));
    }

    private static Map<String, Case> findCases(Path dir) throws IOException {
        List<Path> flairs;
        try (Stream<Path> s = Files.walk(dir)) {
            flairs = s.filter(p -> Files.isRegularFile(p) && FLAIR.matcher(p.getFileName().toString()).matches())
                    .sorted().toList();
        }
        Map<String, Case> out = new TreeMap<>();
        for (Path f : flairs) {
            Matcher m = FLAIR.matcher(f.getFileName().toString());
            m.matches();
            String id = m.group(1);
            boolean v2023 = f.getFileName().toString().startsWith(id + "-t2f");
            String gz = f.getFileName().toString().endsWith(".gz") ? ".nii.gz" : ".nii";
            Map<Sequence, Path> seqs = new LinkedHashMap<>();
            for (Sequence s : Sequence.values()) {
                Path p = f.resolveSibling(id + (v2023 ? s.v2023 : s.old) + gz);
                if (Files.isRegularFile(p)) {
                    seqs.put(s, p);
                }
            }
            Path seg = f.resolveSibling(id + (v2023 ? "-seg" : "_seg") + gz);
            Matcher tp = TIMEPOINT.matcher(id);
            String patient = v2023 && tp.matches() ? tp.group(1) : id;
            Case earlier = out.put(id, new Case(id, patient, seqs, Files.isRegularFile(seg) ? seg : null,
                    v2023 ? 3 : 4));
            if (earlier != null) {
                throw new IOException("case " + id + " appears twice: " + earlier.sequences().get(Sequence.FLAIR)
                        + " and " + f);
            }
        }
        return out;
    }

    /** @return the three fold lists, or null when no fold file exists */
    private static List<List<String>> readFolds(Path dir) throws IOException {
        List<Path> files = List.of(dir.resolve("fold_1.csv"), dir.resolve("fold_2.csv"), dir.resolve("fold_3.csv"));
        long present = files.stream().filter(Files::isRegularFile).count();
        if (present == 0) {
            return null;
        }
        List<List<String>> out = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, "BraTS fold list missing while others exist");
            }
            List<String> ids = new ArrayList<>();
            for (String line : Files.readAllLines(f)) {
                String id = line.split(",", -1)[0].strip();
                if (!id.isEmpty()) {
                    ids.add(id);
                }
            }
            out.add(ids);
        }
        return out;
    }

    private static List<MaskedVolume> pick(List<String> ids, Map<String, MaskedVolume> volumes,
            LeftOut.Recorder left, Path foldDir) {
        List<MaskedVolume> out = new ArrayList<>();
        for (String id : ids) {
            MaskedVolume v = volumes.get(id);
            if (v == null) {
                left.note(LISTED_WITHOUT_FILES, foldDir.toString(), id);
            } else {
                out.add(v);
            }
        }
        return out;
    }

    /** @return every case found (also those left out) */
    public List<Case> cases() {
        return cases;
    }

    /** @return the split */
    public Split<MaskedVolume> split() {
        return split;
    }

    /** @return what was left out */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: tumour masks (when labelled), IoU, MRI window, 64 × 64 × 32 */
    public SegmentationTask3d task() {
        return new SegmentationTask3d(TASK, data, split, CubeShape.MODELS_GENESIS, IntensityWindow.MRI, splitNote);
    }
}
