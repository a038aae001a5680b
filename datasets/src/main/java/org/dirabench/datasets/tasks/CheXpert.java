package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CheXpert (Irvin et al., AAAI 2019) read in place from {@code CheXpert-v1.0/} or {@code CheXpert-v1.0-small/}: task
 * {@value #TASK}, 14 observations trained, 5 evaluated (REFERENCE.md §3.1, §6 P7).
 *
 * <p><b>Files.</b> {@code train.csv} and {@code valid.csv} in the folder, 19 columns {@link #HEADER} (checked by name
 * and position: a missing, extra or misplaced column is an error naming the file and column). {@code Path} is
 * relative to the folder's parent ({@code CheXpert-v1.0-small/train/patient00001/study1/view1_frontal.jpg}); copies
 * that dropped the first component ({@code train/patient00001/...}) are resolved against the folder. The patient is
 * the {@code patientNNNNN} component of the path. Images are JPEG, read gray or RGB by {@link RecordImages#FILES}.
 *
 * <p><b>Labels</b> are the 14 columns from {@code No Finding} on, in file order (BTL {@code label = line[5:]},
 * dataloader.py:L144-L214): {@code 1.0} positive, {@code 0.0} negative, {@code -1.0} uncertain, blank unknown →
 * {@link Options#unknownLabel()} (BTL default 0); any other value is an error naming file, line and column.
 * Uncertain labels follow {@link UncertaintyPolicy} (BTL {@code --uncertain_label}, default LSR-Ones): the record's
 * stored label is the policy's hard value (U-Zeros, LSR-Zeros 0; U-Ones, LSR-Ones 1, the whole LSR-Ones range lying
 * above 0.5), so evaluation labels are binary; the task's {@link ClassificationTask#sampleLabels()} re-draws every
 * uncertain label at each training load from U(0.55, 0.85) (LSR-Ones) or U(0, 0.3) (LSR-Zeros) with the loader's
 * seeded generator, where BTL draws from Python's unseeded global {@code random}. BTL also applies the policy to the
 * validation and test lists; here evaluation uses the hard values (the shipped {@code valid.csv} has no uncertain
 * labels, so the test AUC is unaffected).
 *
 * <p><b>Evaluation</b>: mean AUC over {@link #EVALUATED}, in BTL's order (main_classification.py:L106-L121), i.e.
 * label indices 8, 2, 6, 5, 10.
 *
 * <p><b>Split.</b> CheXpert's own test set is not public; "test" is the shipped {@code valid.csv} (234 images of 200
 * patients, radiologist-labelled). Validation is carved out of {@code train.csv} patient-disjointly
 * ({@link Options#valFraction()}, seeded, {@link PatientSplitter}); which split BTL used is not in its code
 * (REFERENCE.md §3.1: "NOT FOUND"). Frontal and lateral images are both kept, as BTL does, unless
 * {@link Options#frontalOnly()}.
 *
 * <p><b>Missing images</b>: a row whose image is absent is left out, counted and logged ({@link #leftOut()}); strict
 * mode makes it an error naming the CSV line and the path.
 */
public final class CheXpert {
    /** Task id. */
    public static final String TASK = "chexpert";
    /** The 19 columns of train.csv / valid.csv. */
    public static final List<String> HEADER = List.of("Path", "Sex", "Age", "Frontal/Lateral", "AP/PA", "No Finding",
            "Enlarged Cardiomediastinum", "Cardiomegaly", "Lung Opacity", "Lung Lesion", "Edema", "Consolidation",
            "Pneumonia", "Atelectasis", "Pneumothorax", "Pleural Effusion", "Pleural Other", "Fracture",
            "Support Devices");
    /** The 14 observations in file order (BTL main_classification.py:L106-L121). */
    public static final List<String> OBSERVATIONS = HEADER.subList(5, 19);
    /** The 5 evaluated observations in BTL's order. */
    public static final List<String> EVALUATED = List.of("Atelectasis", "Cardiomegaly", "Consolidation", "Edema",
            "Pleural Effusion");
    /** Left-out reason: a CSV row whose image file is missing. */
    public static final String MISSING_IMAGE = "CSV rows whose image file is missing";
    /** Left-out reason: a lateral image with {@link Options#frontalOnly()}. */
    public static final String LATERAL = "lateral images (frontal only)";

    private static final Logger LOG = LoggerFactory.getLogger(CheXpert.class);
    private static final Pattern PATIENT = Pattern.compile("(?:^|/)(patient\\d+)/");

    /** What an uncertain ({@code -1.0}) label becomes (BTL dataloader.py:L144-L214, {@code uncertain_label}). */
    public enum UncertaintyPolicy {
        /** 0. */
        U_ZEROS(0, 0, 0),
        /** 1. */
        U_ONES(1, 1, 1),
        /** U(0.55, 0.85) at every load; hard value 1. BTL's default. */
        LSR_ONES(1, 0.55, 0.85),
        /** U(0, 0.3) at every load; hard value 0. */
        LSR_ZEROS(0, 0, 0.3);

        private final float hard;
        private final double low;
        private final double high;

        UncertaintyPolicy(float hard, double low, double high) {
            this.hard = hard;
            this.low = low;
            this.high = high;
        }

        /** @return the value stored in the record (binary, for evaluation) */
        public float hardValue() {
            return hard;
        }

        /** @return whether each load draws a new value */
        public boolean random() {
            return high > low;
        }

        /** @return the lower end of the drawn range */
        public double low() {
            return low;
        }

        /** @return the upper end of the drawn range */
        public double high() {
            return high;
        }
    }

    /**
     * Options of {@link #open(Path, Options)}; start from {@link #defaults()}.
     *
     * @param data the data source to report ({@code real} by default)
     * @param uncertainty the uncertainty policy (default LSR-Ones, BTL's default)
     * @param unknownLabel the label of a blank cell, 0 or 1 (BTL {@code --unknown_label}, default 0)
     * @param valFraction fraction of train.csv images carved into validation, patient-disjointly (default 0.1)
     * @param splitSeed seed of that carving
     * @param frontalOnly keep only frontal images (default false, as BTL)
     * @param strict whether a missing image is an error (default: counted and logged)
     */
    public record Options(String data, UncertaintyPolicy uncertainty, int unknownLabel, double valFraction,
            long splitSeed, boolean frontalOnly, boolean strict) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(uncertainty, "uncertainty");
            if (unknownLabel != 0 && unknownLabel != 1) {
                throw new IllegalArgumentException("unknownLabel must be 0 or 1, got " + unknownLabel);
            }
        }

        /** @return real data, LSR-Ones, blank = 0, validation 0.1, seed 0, frontal and lateral, lenient */
        public static Options defaults() {
            return new Options("real", UncertaintyPolicy.LSR_ONES, 0, 0.1, 0, false, false);
        }

        /** @return these options with another policy */
        public Options withUncertainty(UncertaintyPolicy p) {
            return new Options(data, p, unknownLabel, valFraction, splitSeed, frontalOnly, strict);
        }

        /** @return these options with another data source label */
        public Options withData(String d) {
            return new Options(d, uncertainty, unknownLabel, valFraction, splitSeed, frontalOnly, strict);
        }

        /** @return these options with another validation fraction and seed */
        public Options withValidation(double fraction, long seed) {
            return new Options(data, uncertainty, unknownLabel, fraction, seed, frontalOnly, strict);
        }

        /** @return these options keeping only frontal images, or not */
        public Options withFrontalOnly(boolean f) {
            return new Options(data, uncertainty, unknownLabel, valFraction, splitSeed, f, strict);
        }

        /** @return these options, strict or lenient about missing images */
        public Options withStrict(boolean s) {
            return new Options(data, uncertainty, unknownLabel, valFraction, splitSeed, frontalOnly, s);
        }
    }

    private final Path folder;
    private final Options options;
    private final Split<ImageRecord> split;
    private final Map<String, boolean[]> uncertain;
    private final LeftOut leftOut;

    private CheXpert(Path folder, Options options, Split<ImageRecord> split, Map<String, boolean[]> uncertain,
            LeftOut leftOut) {
        this.folder = folder;
        this.options = options;
        this.split = split;
        this.uncertain = uncertain;
        this.leftOut = leftOut;
    }

    /** Opens with {@link Options#defaults()}. */
    public static CheXpert open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder {@code CheXpert-v1.0-small/} or {@code CheXpert-v1.0/} (holding train.csv and valid.csv)
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException when the folder, train.csv or valid.csv does not exist
     * @throws IOException naming file, line and column for a wrong header, a label outside {1.0, 0.0, -1.0, blank},
     *     a path without a {@code patientNNNNN} component; naming the folder when no image at all is available; in
     *     strict mode naming the line of a missing image
     * @throws IllegalStateException when train and valid share a patient
     */
    public static CheXpert open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "CheXpert folder does not exist");
        }
        LeftOut.Recorder left = new LeftOut.Recorder(dir, options.strict(), LOG);
        Map<String, boolean[]> uncertain = new HashMap<>();
        List<ImageRecord> train = read(dir, dir.resolve("train.csv"), options, uncertain, left);
        List<ImageRecord> test = read(dir, dir.resolve("valid.csv"), options, uncertain, left);
        LeftOut leftOut = left.finish();
        if (train.isEmpty() || test.isEmpty()) {
            throw new IOException(dir + ": no image of " + (train.isEmpty() ? "train.csv" : "valid.csv")
                    + " is available (" + leftOut + ")");
        }
        Split<ImageRecord> s = PatientSplitter.split(train, options.valFraction(), 0.0, options.splitSeed());
        Split<ImageRecord> split = new Split<>(s.train(), s.val(), test).requirePatientDisjoint();
        LOG.info("{}: CheXpert ({}), split {}, uncertain labels {}", dir, options.data(), split,
                options.uncertainty());
        return new CheXpert(dir, options, split, Map.copyOf(uncertain), leftOut);
    }

    private static List<ImageRecord> read(Path dir, Path csv, Options options, Map<String, boolean[]> uncertain,
            LeftOut.Recorder left) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString(), null, "CheXpert label file does not exist");
        }
        List<ImageRecord> out = new ArrayList<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().get();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                CSVParser p = CSVParser.builder().setReader(r).setFormat(fmt).get()) {
            boolean header = true;
            for (CSVRecord rec : p) {
                long line = p.getCurrentLineNumber();
                List<String> f = rec.toList();
                if (header) {
                    checkHeader(csv, f);
                    header = false;
                    continue;
                }
                String where = csv + ":" + line;
                if (f.size() != HEADER.size()) {
                    throw new IOException(where + ": expected " + HEADER.size() + " fields (" + String.join(",",
                            HEADER) + "), got " + f.size());
                }
                String path = f.get(0).strip();
                Matcher m = PATIENT.matcher(path);
                if (!m.find()) {
                    throw new IOException(where + ": column Path '" + path + "' has no patientNNNNN component");
                }
                if (options.frontalOnly() && !"Frontal".equalsIgnoreCase(f.get(3).strip())) {
                    left.add(LATERAL, where, path);
                    continue;
                }
                float[] labels = new float[OBSERVATIONS.size()];
                boolean[] unc = new boolean[labels.length];
                boolean any = false;
                for (int i = 0; i < labels.length; i++) {
                    String v = f.get(5 + i).strip();
                    switch (v) {
                        case "1.0", "1" -> labels[i] = 1f;
                        case "0.0", "0" -> labels[i] = 0f;
                        case "-1.0", "-1" -> {
                            unc[i] = true;
                            any = true;
                            labels[i] = options.uncertainty().hardValue();
                        }
                        case "" -> labels[i] = options.unknownLabel();
                        default -> throw new IOException(where + ": column '" + OBSERVATIONS.get(i) + "' is '" + v
                                + "'; expected 1.0, 0.0, -1.0 (uncertain) or blank (unknown)");
                    }
                }
                Path image = resolve(dir, path);
                if (image == null) {
                    left.add(MISSING_IMAGE, where, path);
                    continue;
                }
                if (any) {
                    uncertain.put(path, unc);
                }
                out.add(new ImageRecord(path, m.group(1), image, labels));
            }
            if (header) {
                throw new IOException(csv + " is empty; expected the header " + String.join(",", HEADER));
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException("cannot parse " + csv + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void checkHeader(Path csv, List<String> f) throws IOException {
        List<String> names = new ArrayList<>();
        for (String s : f) {
            names.add(s.strip().replace("\uFEFF", ""));
        }
        for (int i = 0; i < HEADER.size(); i++) {
            if (i >= names.size()) {
                throw new IOException(csv + ":1: missing column '" + HEADER.get(i) + "' (column " + (i + 1)
                        + " of " + HEADER.size() + ")");
            }
            if (!names.get(i).equals(HEADER.get(i))) {
                throw new IOException(csv + ":1: column " + (i + 1) + " is '" + names.get(i) + "', expected '"
                        + HEADER.get(i) + "' (CheXpert header: " + String.join(",", HEADER) + ")");
            }
        }
        if (names.size() > HEADER.size()) {
            throw new IOException(csv + ":1: unexpected column '" + names.get(HEADER.size()) + "' after '"
                    + HEADER.get(HEADER.size() - 1) + "'");
        }
    }

    /** The image of a Path value: under the folder's parent, or under the folder without the first component. */
    private static Path resolve(Path dir, String path) {
        List<Path> tries = new ArrayList<>();
        if (dir.getParent() != null) {
            tries.add(dir.getParent().resolve(path));
        }
        tries.add(dir.resolve(path));
        int slash = path.indexOf('/');
        if (slash > 0) {
            tries.add(dir.resolve(path.substring(slash + 1)));
        }
        for (Path p : tries) {
            if (Files.isRegularFile(p)) {
                return p.normalize();
            }
        }
        return null;
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the options it was opened with */
    public Options options() {
        return options;
    }

    /** @return train (train.csv minus validation) / val (carved from train.csv) / test (valid.csv) */
    public Split<ImageRecord> split() {
        return split;
    }

    /** @return what was left out, by reason ({@link #MISSING_IMAGE}, {@link #LATERAL}) */
    public LeftOut leftOut() {
        return leftOut;
    }

    /**
     * @param imageId a record's id (its CSV {@code Path})
     * @return which of its 14 labels were uncertain ({@code -1.0}); all false for a record without any
     */
    public boolean[] uncertainLabels(String imageId) {
        boolean[] u = uncertain.get(imageId);
        return u == null ? new boolean[OBSERVATIONS.size()] : u.clone();
    }

    /**
     * @return task {@value #TASK}: 14 labels ({@link #OBSERVATIONS}), mean AUC over {@link #EVALUATED}; its
     *     {@code sampleLabels()} draws the uncertainty policy at each load
     */
    public ClassificationTask task() {
        String note = "train.csv split patient-disjointly into train / val (val " + options.valFraction() + ", seed "
                + options.splitSeed() + "); test = the shipped valid.csv (CheXpert's test set is not public)";
        return new ClassificationTask(TASK, options.data(), OBSERVATIONS, EVALUATED, split, sampler(),
                RecordImages.FILES, note);
    }

    /** @return the training label hook of the policy: uncertain labels re-drawn at every load */
    public SampleLabels sampler() {
        UncertaintyPolicy p = options.uncertainty();
        if (!p.random()) {
            return SampleLabels.FIXED;
        }
        Map<String, boolean[]> unc = uncertain;
        return (ImageRecord r, RandomGenerator rng) -> {
            float[] labels = r.labels();
            boolean[] u = unc.get(r.imageId());
            if (u != null) {
                for (int i = 0; i < labels.length; i++) {
                    if (u[i]) {
                        labels[i] = (float) rng.nextDouble(p.low(), p.high());
                    }
                }
            }
            return labels;
        };
    }
}
