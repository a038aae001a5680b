package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NIH ChestX-ray14 (Wang et al., CVPR 2017) read in place from its native layout, and the two classification tasks
 * made from it: {@code chestxray14} (14 findings, REFERENCE.md §3.1) and {@code chestxray14_abnormal} (normal vs.
 * abnormal).
 *
 * <p><b>Files.</b> The metadata are the {@code Data_Entry_2017*.csv} files at the top of the folder (all of them,
 * sorted by name, unless {@link Options#csv()} names one), parsed by position ({@link DataEntryCsv}: native header
 * with its trailing comma, 11 fields a row). A row repeated identically in two files (NIH1000 ships a 221-row subset
 * beside its 1000-row file) is counted and kept once; a row that repeats an Image Index with other values is an
 * error naming both places. The PNGs are found anywhere below the image folder by their file name = Image Index
 * (full set: {@code images_001/images/…}; NIH1000: {@code NIH1000/{train,valid,test}/{0_normal,1_abnormal}/}); two
 * files with the same name are an error naming both.
 *
 * <p><b>Labels.</b> {@code Finding Labels} is a {@code |}-separated list of the 14 findings in {@link #FINDINGS}
 * (reference order, BTL main_classification.py:L91-L94) or {@code No Finding} (all zero); any other name, an empty
 * field or {@code No Finding} combined with a finding is an error naming file, line and image. The binary label is
 * 1 ("abnormal") when any finding is present. The NIH row always wins over a folder name: NIH1000 keeps
 * {@code 00000193_019.png} in {@code valid/0_normal} although its row says {@code Pneumonia}; such disagreements
 * (a record below a {@code 0_normal}/{@code 1_abnormal} folder whose row says otherwise) are logged and listed in
 * {@link Inventory#folderLabelConflicts()}, and the record is labelled abnormal.
 *
 * <p><b>Missing files.</b> A user may hold only part of the 112,120 images, so neither case is fatal by default,
 * and neither is silent: a CSV row whose PNG is absent is left out, an image without a row is ignored, both are
 * counted, logged (WARN) and listed in {@link #inventory()}; {@link Options#strict()} makes either an error.
 *
 * <p><b>Split</b> ({@link SplitSource}), first match unless {@link Options#splitSource()} forces one:
 * <ol>
 *   <li>{@code Xray14_train_official.txt}, {@code Xray14_val_official.txt}, {@code Xray14_test_official.txt} at the
 *       top of the folder: BTL's patient-disjoint lists, which DiRA pretrains on (REFERENCE.md §1.5) — used as they
 *       are (first token of each line);</li>
 *   <li>NIH's {@code train_val_list.txt} and {@code test_list.txt}: test as listed, validation carved
 *       patient-disjointly out of train_val ({@link Options#valFraction()} of its images, seeded);</li>
 *   <li>otherwise a seeded patient-disjoint split by {@code Patient ID} ({@link PatientSplitter}): test
 *       {@link Options#testFraction()} of all images, validation {@link Options#valFraction()} of the rest.</li>
 * </ol>
 * List entries whose image is not available and available images in no list are counted and logged; an image in two
 * lists is an error. The split is always checked patient-disjoint ({@link Split#requirePatientDisjoint()}). NIH1000's
 * own train/valid/test folders are <em>not</em> used: they are not patient-disjoint (30 patients span two or three
 * folders, see the data README).
 *
 * <p><b>Data source</b> ({@code data} column of results.csv): {@value #STAND_IN_NIH1000} when the folder holds an
 * {@code NIH1000} folder (the 1000-image 64×64 subset; images are then searched below {@code NIH1000/} only, so its
 * {@code extra_128px/} copies of four images do not clash), {@value #REAL} otherwise; {@link Options#data()}
 * overrides.
 */
public final class ChestXray14 {
    /** The 14 findings in the reference label order (BTL main_classification.py:L91-L94). */
    public static final List<String> FINDINGS = List.of("Atelectasis", "Cardiomegaly", "Effusion", "Infiltration",
            "Mass", "Nodule", "Pneumonia", "Pneumothorax", "Consolidation", "Edema", "Emphysema", "Fibrosis",
            "Pleural_Thickening", "Hernia");
    /** The {@code Finding Labels} value of a normal image. */
    public static final String NO_FINDING = "No Finding";
    /** Task id of the 14-finding task. */
    public static final String TASK_FINDINGS = "chestxray14";
    /** Task id of the normal/abnormal task. */
    public static final String TASK_ABNORMAL = "chestxray14_abnormal";
    /** Label name of the binary task. */
    public static final String ABNORMAL = "abnormal";
    /** Data source of the full set. */
    public static final String REAL = "real";
    /** Data source of the NIH1000 subset. */
    public static final String STAND_IN_NIH1000 = "stand-in:nih1000";
    /** The NIH1000 subset's image folder, whose presence identifies it. */
    public static final String NIH1000_FOLDER = "NIH1000";

    private static final Logger LOG = LoggerFactory.getLogger(ChestXray14.class);
    private static final String[] BTL_LISTS = {"Xray14_train_official.txt", "Xray14_val_official.txt",
        "Xray14_test_official.txt"};
    private static final String[] NIH_LISTS = {"train_val_list.txt", "test_list.txt"};

    /** Where the split comes from. */
    public enum SplitSource {
        /** BTL's {@code Xray14_{train,val,test}_official.txt}. */
        BTL_LISTS,
        /** NIH's {@code train_val_list.txt} / {@code test_list.txt} with a carved validation part. */
        NIH_LISTS,
        /** A seeded patient-disjoint split by Patient ID. */
        PATIENT_SEEDED
    }

    /**
     * Options of {@link #open(Path, Options)}; start from {@link #defaults()} and change with the {@code with…}
     * methods.
     *
     * @param data the data source to report, or {@code null} to detect it
     * @param imagesUnder folder (relative to the dataset folder) below which PNGs are searched, or {@code null}
     *     for {@code NIH1000} when present, else the whole folder
     * @param csv the metadata file, or {@code null} for all {@code Data_Entry_2017*.csv} at the top of the folder
     * @param splitSource forced split source, or {@code null} for the first available
     * @param splitSeed seed of the patient shuffles (seeded split, carved validation)
     * @param valFraction validation fraction of the non-test images, in [0, 1); default 0.1
     * @param testFraction test fraction of all images for the seeded split, in [0, 1); default 0.2
     * @param strict whether a CSV row without image, an image without row or a list entry without image is an
     *     error (default: counted and logged)
     */
    public record Options(String data, String imagesUnder, Path csv, SplitSource splitSource, long splitSeed,
            double valFraction, double testFraction, boolean strict) {
        /** @return the defaults: detect, seed 0, validation 0.1, test 0.2, lenient */
        public static Options defaults() {
            return new Options(null, null, null, null, 0, 0.1, 0.2, false);
        }

        /** @return these options with another data source label */
        public Options withData(String d) {
            return new Options(d, imagesUnder, csv, splitSource, splitSeed, valFraction, testFraction, strict);
        }

        /** @return these options with another image folder */
        public Options withImagesUnder(String f) {
            return new Options(data, f, csv, splitSource, splitSeed, valFraction, testFraction, strict);
        }

        /** @return these options with one metadata file */
        public Options withCsv(Path f) {
            return new Options(data, imagesUnder, f, splitSource, splitSeed, valFraction, testFraction, strict);
        }

        /** @return these options with a forced split source */
        public Options withSplitSource(SplitSource s) {
            return new Options(data, imagesUnder, csv, s, splitSeed, valFraction, testFraction, strict);
        }

        /** @return these options with another split seed */
        public Options withSplitSeed(long seed) {
            return new Options(data, imagesUnder, csv, splitSource, seed, valFraction, testFraction, strict);
        }

        /** @return these options with other split fractions */
        public Options withFractions(double val, double test) {
            return new Options(data, imagesUnder, csv, splitSource, splitSeed, val, test, strict);
        }

        /** @return these options, strict or lenient about missing files */
        public Options withStrict(boolean s) {
            return new Options(data, imagesUnder, csv, splitSource, splitSeed, valFraction, testFraction, s);
        }
    }

    /**
     * What was found and what was left out, so that nothing is dropped silently.
     *
     * @param csvFiles the metadata files read
     * @param csvRows data rows read, over all files
     * @param duplicateRows rows that repeat an earlier row identically (kept once)
     * @param rowsWithoutImage Image Index of rows whose PNG was not found (left out)
     * @param imagesWithoutRow PNGs below the image folder that no row names (ignored)
     * @param folderLabelConflicts Image Index of records whose {@code 0_normal}/{@code 1_abnormal} folder disagrees
     *     with the NIH row (the row wins)
     * @param listedWithoutImage split-list entries whose image is not available
     * @param inNoList Image Index of available images that no split list names (left out of the split)
     */
    public record Inventory(List<Path> csvFiles, int csvRows, int duplicateRows, List<String> rowsWithoutImage,
            List<Path> imagesWithoutRow, List<String> folderLabelConflicts, int listedWithoutImage,
            List<String> inNoList) {
        /** Copies the lists. */
        public Inventory {
            csvFiles = List.copyOf(csvFiles);
            rowsWithoutImage = List.copyOf(rowsWithoutImage);
            imagesWithoutRow = List.copyOf(imagesWithoutRow);
            folderLabelConflicts = List.copyOf(folderLabelConflicts);
            inNoList = List.copyOf(inNoList);
        }
    }

    private final Path folder;
    private final String data;
    private final List<ImageRecord> records;
    private final Split<ImageRecord> split;
    private final SplitSource splitSource;
    private final Inventory inventory;
    private final String splitNote;

    private ChestXray14(Path folder, String data, List<ImageRecord> records, Split<ImageRecord> split,
            SplitSource splitSource, Inventory inventory,
            String splitNote) {
        this.folder = folder;
        this.data = data;
        this.records = List.copyOf(records);
        this.split = split;
        this.splitSource = splitSource;
        this.inventory = inventory;
        this.splitNote = splitNote;
    }

    /**
     * Opens a folder with the defaults.
     *
     * @param folder the dataset folder
     * @return the dataset
     * @throws IOException see {@link #open(Path, Options)}
     */
    public static ChestXray14 open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * Reads the metadata, finds the images and makes the split.
     *
     * @param folder the dataset folder (holding {@code Data_Entry_2017*.csv})
     * @param options see {@link Options}
     * @return the dataset
     * @throws NoSuchFileException when the folder, the named CSV or a forced split list does not exist
     * @throws IOException naming file and line for: no metadata file, a wrong header, a bad row, an unknown label, a
     *     conflicting duplicate row, two PNGs with the same name, no PNG at all, an image in two split lists, and
     *     (strict) any missing file
     * @throws IllegalStateException when the split is not patient-disjoint (official lists that leak patients)
     */
    public static ChestXray14 open(Path folder, Options options) throws IOException {
        Objects.requireNonNull(options, "options");
        folder = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            throw new NoSuchFileException(folder.toString(), null, "ChestX-ray14 folder does not exist");
        }
        boolean nih1000 = Files.isDirectory(folder.resolve(NIH1000_FOLDER));
        String data = options.data() != null ? options.data() : (nih1000 ? STAND_IN_NIH1000 : REAL);

        List<Path> csvFiles = csvFiles(folder, options);
        Map<String, DataEntryCsv.Row> rows = new LinkedHashMap<>();
        int csvRows = 0;
        int duplicates = 0;
        for (Path f : csvFiles) {
            for (DataEntryCsv.Row r : DataEntryCsv.read(f)) {
                csvRows++;
                DataEntryCsv.Row earlier = rows.putIfAbsent(r.imageIndex(), r);
                if (earlier != null) {
                    if (!earlier.fields().equals(r.fields())) {
                        throw new IOException(r.where() + ": row for " + r.imageIndex() + " differs from the row at "
                                + earlier.where() + ": " + r.fields() + " vs " + earlier.fields());
                    }
                    duplicates++;
                }
            }
        }
        if (duplicates > 0) {
            LOG.info("{}: {} rows repeat an earlier row identically and were kept once", folder, duplicates);
        }

        Path imageRoot = folder.resolve(options.imagesUnder() != null ? options.imagesUnder()
                : (nih1000 ? NIH1000_FOLDER : "")).normalize();
        Map<String, Path> images = findPngs(imageRoot);

        List<ImageRecord> records = new ArrayList<>();
        List<String> rowsWithoutImage = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (DataEntryCsv.Row r : rows.values()) {
            float[] labels = findings(r);
            Path png = images.get(r.imageIndex());
            if (png == null) {
                rowsWithoutImage.add(r.imageIndex());
                continue;
            }
            ImageRecord rec = new ImageRecord(r.imageIndex(), r.patientId(), png, labels);
            String folderLabel = png.getParent() == null ? "" : png.getParent().getFileName().toString();
            boolean abnormal = isAbnormal(rec);
            if (("0_normal".equals(folderLabel) && abnormal) || ("1_abnormal".equals(folderLabel) && !abnormal)) {
                conflicts.add(r.imageIndex());
                LOG.warn("{}: {} is in folder {} but its NIH row ({}) says '{}': labelled {} (the NIH row wins)",
                        folder, r.imageIndex(), folderLabel, r.where(), r.findingLabels(),
                        abnormal ? "abnormal" : "normal");
            }
            records.add(rec);
        }
        List<Path> imagesWithoutRow = new ArrayList<>();
        for (Map.Entry<String, Path> e : images.entrySet()) {
            if (!rows.containsKey(e.getKey())) {
                imagesWithoutRow.add(e.getValue());
            }
        }
        report(folder, options.strict(), rowsWithoutImage.size(), "CSV row(s) name an image that is not below "
                + imageRoot + " and were left out", rowsWithoutImage);
        report(folder, options.strict(), imagesWithoutRow.size(), "PNG(s) below " + imageRoot
                + " have no CSV row and were ignored", imagesWithoutRow);
        if (records.isEmpty()) {
            throw new IOException(folder + ": none of the " + rows.size() + " CSV rows has its image below "
                    + imageRoot);
        }

        SplitSource source = splitSource(folder, options.splitSource());
        Map<String, ImageRecord> byId = new HashMap<>();
        records.forEach(r -> byId.put(r.imageId(), r));
        int[] listedWithoutImage = {0};
        List<String> inNoList = new ArrayList<>();
        Split<ImageRecord> split = switch (source) {
            case BTL_LISTS -> {
                List<List<ImageRecord>> parts = listed(folder, BTL_LISTS, byId, listedWithoutImage, inNoList,
                        options.strict());
                yield new Split<>(parts.get(0), parts.get(1), parts.get(2));
            }
            case NIH_LISTS -> {
                List<List<ImageRecord>> parts = listed(folder, NIH_LISTS, byId, listedWithoutImage, inNoList,
                        options.strict());
                yield PatientSplitter.carveValidation(parts.get(0), parts.get(1), options.valFraction(),
                        options.splitSeed());
            }
            case PATIENT_SEEDED -> PatientSplitter.split(records, options.valFraction(), options.testFraction(),
                    options.splitSeed());
        };
        split.requirePatientDisjoint();
        Inventory inventory = new Inventory(csvFiles, csvRows, duplicates, rowsWithoutImage, imagesWithoutRow,
                conflicts, listedWithoutImage[0], inNoList);
        LOG.info("{}: ChestX-ray14 ({}), {} images of {} patients, split {} from {}", folder, data, records.size(),
                records.stream().map(ImageRecord::patientId).distinct().count(), split, source);
        String note = switch (source) {
            case BTL_LISTS -> "BTL's Xray14_{train,val,test}_official.txt as listed (patient-disjoint, REFERENCE.md"
                    + " §1.5)";
            case NIH_LISTS -> "NIH test_list.txt; validation " + options.valFraction() + " of train_val_list.txt"
                    + " carved patient-disjointly, seed " + options.splitSeed();
            case PATIENT_SEEDED -> "seeded patient-disjoint split by Patient ID (PatientSplitter), seed "
                    + options.splitSeed() + ", val " + options.valFraction() + ", test " + options.testFraction();
        };
        return new ChestXray14(folder, data, records, split, source, inventory, note);
    }

    /** @return the dataset folder (absolute) */
    public Path folder() {
        return folder;
    }

    /** @return {@value #REAL} or {@value #STAND_IN_NIH1000} (or the {@link Options#data()} given) */
    public String data() {
        return data;
    }

    /** @return every usable record (14 finding labels), in CSV order */
    public List<ImageRecord> records() {
        return records;
    }

    /** @return the patient-disjoint split of {@link #records()} (14 finding labels) */
    public Split<ImageRecord> split() {
        return split;
    }

    /** @return where the split came from */
    public SplitSource splitSource() {
        return splitSource;
    }

    /** @return where the split came from, as {@link TargetTask#splitNote()} says */
    public String splitNote() {
        return splitNote;
    }

    /** @return counts and lists of what was found and left out */
    public Inventory inventory() {
        return inventory;
    }

    /** @return task {@value #TASK_FINDINGS}: 14 labels in {@link #FINDINGS} order, mean AUC over all 14 */
    public ClassificationTask findings() {
        return new ClassificationTask(TASK_FINDINGS, data, FINDINGS, split, splitNote);
    }

    /** @return task {@value #TASK_ABNORMAL}: one label, 1 when the NIH row names any finding */
    public ClassificationTask abnormal() {
        Split<ImageRecord> binary = new Split<>(binary(split.train()), binary(split.val()), binary(split.test()));
        return new ClassificationTask(TASK_ABNORMAL, data, List.of(ABNORMAL), binary, splitNote);
    }

    /**
     * @param r a record with the 14 finding labels
     * @return whether any finding is present
     */
    public static boolean isAbnormal(ImageRecord r) {
        for (int i = 0; i < r.labelCount(); i++) {
            if (r.label(i) > 0) {
                return true;
            }
        }
        return false;
    }

    private static List<ImageRecord> binary(List<ImageRecord> records) {
        List<ImageRecord> out = new ArrayList<>(records.size());
        for (ImageRecord r : records) {
            out.add(r.withLabels(new float[] {isAbnormal(r) ? 1f : 0f}));
        }
        return out;
    }

    private static float[] findings(DataEntryCsv.Row r) throws IOException {
        float[] labels = new float[FINDINGS.size()];
        String text = r.findingLabels();
        if (NO_FINDING.equals(text)) {
            return labels;
        }
        for (String name : text.split("\\|", -1)) {
            int i = FINDINGS.indexOf(name);
            if (NO_FINDING.equals(name)) {
                throw new IOException(r.where() + ": Finding Labels '" + text + "' of " + r.imageIndex()
                        + " combines '" + NO_FINDING + "' with findings");
            }
            if (i < 0) {
                throw new IOException(r.where() + ": unknown finding '" + name + "' in Finding Labels '" + text
                        + "' of " + r.imageIndex() + "; expected '" + NO_FINDING + "' or '|'-separated names from "
                        + FINDINGS);
            }
            labels[i] = 1f;
        }
        return labels;
    }

    private static List<Path> csvFiles(Path folder, Options options) throws IOException {
        if (options.csv() != null) {
            Path f = folder.resolve(options.csv());
            if (!Files.isRegularFile(f)) {
                throw new NoSuchFileException(f.toString(), null, "ChestX-ray14 metadata file does not exist");
            }
            return List.of(f);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, "Data_Entry_2017*.csv")) {
            ds.forEach(files::add);
        }
        if (files.isEmpty()) {
            throw new IOException(folder + " holds no Data_Entry_2017*.csv (the NIH ChestX-ray14 metadata file)");
        }
        files.sort(null);
        return files;
    }

    private static Map<String, Path> findPngs(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null, "ChestX-ray14 image folder does not exist");
        }
        Map<String, Path> byName = new TreeMap<>();
        List<Path> found;
        try (Stream<Path> s = Files.walk(root)) {
            found = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")
                    && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path p : found) {
            Path earlier = byName.putIfAbsent(p.getFileName().toString(), p);
            if (earlier != null) {
                throw new IOException("two images named " + p.getFileName() + ": " + earlier + " and " + p
                        + "; keep one, or restrict the search with Options.withImagesUnder");
            }
        }
        if (byName.isEmpty()) {
            throw new IOException("no PNG images below " + root);
        }
        return byName;
    }

    private static SplitSource splitSource(Path folder, SplitSource forced) throws IOException {
        boolean btl = allPresent(folder, BTL_LISTS);
        boolean nih = allPresent(folder, NIH_LISTS);
        for (String[] set : new String[][] {BTL_LISTS, NIH_LISTS}) {
            if (!allPresent(folder, set) && anyPresent(folder, set)) {
                throw new IOException(folder + " holds only part of the split lists " + String.join(", ", set));
            }
        }
        if (forced != null) {
            if ((forced == SplitSource.BTL_LISTS && !btl) || (forced == SplitSource.NIH_LISTS && !nih)) {
                throw new NoSuchFileException(folder.toString(), null, "split " + forced + " requested but its"
                        + " list files are not in the folder");
            }
            return forced;
        }
        return btl ? SplitSource.BTL_LISTS : (nih ? SplitSource.NIH_LISTS : SplitSource.PATIENT_SEEDED);
    }

    private static boolean allPresent(Path folder, String[] names) {
        return Stream.of(names).allMatch(n -> Files.isRegularFile(folder.resolve(n)));
    }

    private static boolean anyPresent(Path folder, String[] names) {
        return Stream.of(names).anyMatch(n -> Files.isRegularFile(folder.resolve(n)));
    }

    /** Reads list files (first token of each non-blank line) into record lists, counting what is missing. */
    private static List<List<ImageRecord>> listed(Path folder, String[] names, Map<String, ImageRecord> byId,
            int[] listedWithoutImage, List<String> inNoList, boolean strict) throws IOException {
        Map<String, String> listOf = new HashMap<>();
        List<List<ImageRecord>> parts = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            Path f = folder.resolve(name);
            List<ImageRecord> part = new ArrayList<>();
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                String id = line.split("\\s+")[0];
                String earlier = listOf.putIfAbsent(id, name + ":" + (i + 1));
                if (earlier != null) {
                    throw new IOException(f + ":" + (i + 1) + ": " + id + " is already listed at " + earlier);
                }
                ImageRecord r = byId.get(id);
                if (r == null) {
                    missing.add(id);
                } else {
                    part.add(r);
                }
            }
            parts.add(part);
        }
        listedWithoutImage[0] = missing.size();
        report(folder, strict, missing.size(), "split-list entries have no available image and were left out",
                missing);
        for (ImageRecord r : byId.values()) {
            if (!listOf.containsKey(r.imageId())) {
                inNoList.add(r.imageId());
            }
        }
        inNoList.sort(null);
        report(folder, strict, inNoList.size(), "available images are in no split list and were left out",
                inNoList);
        return parts;
    }

    private static void report(Path folder, boolean strict, int count, String what, List<?> examples)
            throws IOException {
        if (count == 0) {
            return;
        }
        String shown = examples.subList(0, Math.min(5, examples.size())).toString()
                + (examples.size() > 5 ? " ..." : "");
        if (strict) {
            throw new StrictDataException(folder + ": " + count + " " + what + " (strict): " + shown);
        }
        LOG.warn("{}: {} {}, e.g. {}", folder, count, what, shown);
    }
}
