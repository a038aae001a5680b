package org.dirabench.harness.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dirabench.datasets.split.LabelFraction;
import org.dirabench.datasets.split.Split;
import org.dirabench.datasets.tasks.ChestXray14;
import org.dirabench.datasets.tasks.ClassificationTask;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.harness.spec.Settings;

/**
 * Opens the datasets a job reads, with the job's split settings, and applies what the job configuration says
 * ({@code data_options.limit_images}, {@code label_fraction}); also fingerprints the files read for the manifest. Opened
 * datasets are cached per (folder, split settings) for the life of the JVM.
 */
public final class TaskData {
    private static final Map<String, ChestXray14> CXR = new ConcurrentHashMap<>();
    private static final Map<String, Map<String, Object>> FINGERPRINTS = new ConcurrentHashMap<>();

    private TaskData() {
    }

    /**
     * @param folder the ChestX-ray14 folder (native layout; NIH1000 is detected as a stand-in)
     * @param config the job configuration (keys {@code split.seed}, {@code split.val_fraction},
     *               {@code split.test_fraction}, {@code data_options.limit_images})
     * @return the dataset, limited as the configuration says
     * @throws IOException when the dataset cannot be read
     */
    public static ChestXray14 chestXray14(Path folder, Settings config) throws IOException {
        ChestXray14.Options o = ChestXray14.Options.defaults()
                .withStrict(config.bool("data_options.strict"))
                .withSplitSeed(config.integer("split.seed"))
                .withFractions(config.number("split.val_fraction"), config.number("split.test_fraction"));
        String key = folder.toAbsolutePath().normalize() + "|" + o;
        ChestXray14 d = CXR.get(key);
        if (d == null) {
            try {
                d = ChestXray14.open(folder, o);
            } catch (org.dirabench.datasets.tasks.StrictDataException e) {
                throw new IOException(e.getMessage() + " (strict data checking is on; --set"
                        + " data_options.strict=false counts and logs such files instead)", e);
            }
            CXR.put(key, d);
        }
        return d;
    }

    /**
     * @return the images a pretraining job trains and validates on: the train and validation parts of the split (the
     *     test part is held out from pretraining, since the same images are fine-tuned on and tested), limited
     */
    public static Split<ImageRecord> pretrainingImages(ChestXray14 d, Settings config) {
        return limit(d.split(), config.integer("data_options.limit_images"));
    }

    /**
     * @param d      the dataset
     * @param task   {@code chestxray14} (14 findings) or {@code chestxray14_abnormal}
     * @param config the job configuration ({@code label_fraction}, {@code data_options.limit_images})
     * @return the task with its train part reduced to the label fraction (BTL's first p % after a Random(99)
     *     shuffle) and every part limited
     * @throws IllegalArgumentException for an unknown task
     */
    public static ClassificationTask classification(ChestXray14 d, String task, Settings config) {
        ClassificationTask t = switch (task) {
            case ChestXray14.TASK_FINDINGS -> d.findings();
            case ChestXray14.TASK_ABNORMAL -> d.abnormal();
            default -> throw new IllegalArgumentException("unknown classification task '" + task + "': this version"
                    + " fine-tunes chestxray14 and chestxray14_abnormal");
        };
        Split<ImageRecord> s = limit(t.split(), config.integer("data_options.limit_images"));
        double fraction = config.number("label_fraction");
        List<ImageRecord> train = fraction >= 1 ? s.train() : LabelFraction.firstFraction(s.train(), fraction);
        return new ClassificationTask(t.id(), t.data(), t.labelNames(), t.evaluatedLabels(),
                new Split<>(train, s.val(), s.test()), t.sampleLabels(), t.images(), t.splitNote());
    }

    /**
     * Keeps about {@code n} images, whole patients only, each part of the split in the same proportion (the first
     * patients in Patient ID order, so the subset is deterministic). 0 keeps everything.
     */
    static Split<ImageRecord> limit(Split<ImageRecord> s, int n) {
        if (n <= 0) {
            return s;
        }
        int total = s.train().size() + s.val().size() + s.test().size();
        if (n >= total) {
            return s;
        }
        return new Split<>(firstPatients(s.train(), (int) Math.round((double) n * s.train().size() / total)),
                firstPatients(s.val(), Math.max(2, (int) Math.round((double) n * s.val().size() / total))),
                firstPatients(s.test(), Math.max(2, (int) Math.round((double) n * s.test().size() / total))));
    }

    private static List<ImageRecord> firstPatients(List<ImageRecord> part, int n) {
        TreeMap<String, List<ImageRecord>> byPatient = new TreeMap<>();
        for (ImageRecord r : part) {
            byPatient.computeIfAbsent(r.patientId(), k -> new ArrayList<>()).add(r);
        }
        List<ImageRecord> out = new ArrayList<>();
        for (List<ImageRecord> p : byPatient.values()) {
            if (out.size() >= n) {
                break;
            }
            out.addAll(p);
        }
        return out;
    }

    /**
     * Decodes every image of a list once, in parallel, so that a corrupt or missing file stops the job at its start
     * rather than hours into training ({@code data_options.preload}); the first failure is thrown, naming the file.
     *
     * @param records the images
     * @param reader  how the task reads them
     * @throws IOException the first decoding failure
     */
    public static void checkImages(List<ImageRecord> records, org.dirabench.datasets.tasks.RecordImages reader)
            throws IOException {
        java.util.concurrent.atomic.AtomicReference<IOException> first = new java.util.concurrent.atomic
                .AtomicReference<>();
        records.parallelStream().forEach(r -> {
            if (first.get() != null) {
                return;
            }
            try {
                reader.read(r, 1);
            } catch (IOException | RuntimeException e) {
                first.compareAndSet(null, new IOException("image " + r.path() + " of record " + r.imageId()
                        + " cannot be read: " + e.getMessage(), e));
            }
        });
        if (first.get() != null) {
            throw first.get();
        }
    }

    /**
     * Fingerprint of the files a job reads: count and sha256 over the sorted (relative path, file sha256) list.
     *
     * @param root    the dataset folder
     * @param files   the files (images, metadata)
     * @param source  {@code real}, {@code stand-in:<name>} or {@code phantom}
     * @return {root, files, sha256, source}
     */
    public static Map<String, Object> fingerprint(Path root, List<Path> files, String source) throws IOException {
        Set<Path> unique = new LinkedHashSet<>(files);
        String key = root + "|" + unique.hashCode() + "|" + unique.size();
        Map<String, Object> cached = FINGERPRINTS.get(key);
        if (cached != null) {
            return cached;
        }
        TreeMap<String, String> sums = new TreeMap<>();
        for (Path f : unique) {
            sums.put(root.relativize(f.toAbsolutePath().normalize()).toString(), sha256(f));
        }
        MessageDigest all = digest();
        sums.forEach((k, v) -> all.update((k + "\t" + v + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("root", root.toString());
        m.put("files", sums.size());
        m.put("sha256", HexFormat.of().formatHex(all.digest()));
        m.put("source", source);
        FINGERPRINTS.put(key, m);
        return m;
    }

    /** @return the files behind a dataset's records plus its metadata files */
    public static List<Path> files(ChestXray14 d, List<ImageRecord> records) {
        List<Path> f = new ArrayList<>(d.inventory().csvFiles());
        for (ImageRecord r : records) {
            f.add(r.path());
        }
        return f;
    }

    /** @return sha256 of a file, hex */
    public static String sha256(Path f) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(f), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * SHA-256 of a zip archive's content: every entry's name and bytes, in name order, without the archive's
     * timestamps. The same weights saved twice (e.g. DL4J's {@code ModelSerializer} zips) give the same hash, where
     * {@link #sha256} of the file would differ.
     *
     * @param zip the archive
     * @return lower-case hex
     * @throws IOException when the file is unreadable or not a zip archive (the message names it)
     */
    public static String zipContentSha256(Path zip) throws IOException {
        MessageDigest md = digest();
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            List<? extends java.util.zip.ZipEntry> entries = z.stream()
                    .sorted(java.util.Comparator.comparing(java.util.zip.ZipEntry::getName)).toList();
            for (java.util.zip.ZipEntry e : entries) {
                md.update(e.getName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                try (InputStream in = new DigestInputStream(z.getInputStream(e), md)) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(zip + ": not a readable zip archive (" + e.getMessage() + ")", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
