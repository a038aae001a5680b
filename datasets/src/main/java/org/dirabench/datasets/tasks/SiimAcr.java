package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.SiimRunLength;
import org.dirabench.datasets.io.dicom.DicomSlice;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIIM-ACR Pneumothorax Segmentation (Kaggle 2019) read in place: task {@value #TASK}, pneumothorax masks, Dice
 * (REFERENCE.md §3.1).
 *
 * <p><b>Files.</b> The run-length table {@code train-rle.csv} (or {@code stage_2_train.csv}, same columns) at the top
 * of the folder, columns {@code ImageId} and {@code EncodedPixels} ({@link SiimRunLength#readTable}: every encoding
 * is decoded once on {@link Options#imageSize()}² pixels, a bad one is an error naming the row); the DICOM files
 * anywhere below, named {@code <ImageId>.dcm} (Kaggle: {@code dicom-images-train/<study>/<series>/<ImageId>.dcm}).
 * An image's mask is the union of all its rows ({@code -1} = empty), decoded column-major as the challenge's
 * {@code rle2mask(...).T}. BTL read pre-made mask PNGs instead (BTL dataloader.py, PNEDataset); the table is the
 * challenge's own format.
 *
 * <p><b>Patients</b>: the DICOM Patient ID (0010,0020) of each image ({@link PatientIds#DICOM}, read from the headers
 * at open time), or each image its own patient ({@link PatientIds#IMAGE_ID}).
 *
 * <p><b>Split</b>: the paper's is unknown (REFERENCE.md §4.5; BTL takes user-supplied folders and has no SIIM
 * subsetting), so a documented choice: a seeded patient-disjoint split ({@link PatientSplitter}), by default test
 * 0.2 and validation 0.1 of the rest, seed 0 ({@link Options}).
 *
 * <p><b>Left out</b> ({@link #leftOut()}): table image ids without a DICOM file ({@link #ROW_WITHOUT_IMAGE}), DICOM
 * files without a table row ({@link #IMAGE_WITHOUT_ROW}; the challenge's test images); strict mode makes the first an
 * error. A DICOM whose Rows × Columns differ from the table's image size is always an error naming both files.
 */
public final class SiimAcr {
    /** Task id. */
    public static final String TASK = "siim_acr";
    /** The run-length table names looked for, in order. */
    public static final List<String> TABLES = List.of("train-rle.csv", "stage_2_train.csv");
    /** Left-out reason. */
    public static final String ROW_WITHOUT_IMAGE = "table image ids without a DICOM file";
    /** Left-out reason. */
    public static final String IMAGE_WITHOUT_ROW = "DICOM files without a table row";

    private static final Logger LOG = LoggerFactory.getLogger(SiimAcr.class);
    private static final int PATIENT_ID = 0x00100020;

    /** Where the patient of an image comes from. */
    public enum PatientIds {
        /** DICOM Patient ID (0010,0020). */
        DICOM,
        /** The image id: every image its own patient. */
        IMAGE_ID
    }

    /**
     * Options; start from {@link #defaults()}.
     *
     * @param data the data source to report
     * @param imageSize the side of every image in pixels (1024 in SIIM-ACR)
     * @param patientIds where patients come from
     * @param valFraction validation fraction of the non-test images
     * @param testFraction test fraction of all images
     * @param splitSeed seed of the patient split
     * @param strict whether a table image without DICOM is an error
     */
    public record Options(String data, int imageSize, PatientIds patientIds, double valFraction, double testFraction,
            long splitSeed, boolean strict) {
        /** Validates. */
        public Options {
            Objects.requireNonNull(patientIds, "patientIds");
            if (imageSize < 1) {
                throw new IllegalArgumentException("imageSize must be >= 1, got " + imageSize);
            }
        }

        /** @return real, 1024 px, DICOM patients, val 0.1, test 0.2, seed 0, lenient */
        public static Options defaults() {
            return new Options("real", 1024, PatientIds.DICOM, 0.1, 0.2, 0, false);
        }

        /** @return these options with another image size */
        public Options withImageSize(int s) {
            return new Options(data, s, patientIds, valFraction, testFraction, splitSeed, strict);
        }

        /** @return these options with another patient source */
        public Options withPatientIds(PatientIds p) {
            return new Options(data, imageSize, p, valFraction, testFraction, splitSeed, strict);
        }

        /** @return these options with other split fractions and seed */
        public Options withSplit(double val, double test, long seed) {
            return new Options(data, imageSize, patientIds, val, test, seed, strict);
        }

        /** @return these options, strict or lenient */
        public Options withStrict(boolean s) {
            return new Options(data, imageSize, patientIds, valFraction, testFraction, splitSeed, s);
        }

        /** @return these options with another data label */
        public Options withData(String d) {
            return new Options(d, imageSize, patientIds, valFraction, testFraction, splitSeed, strict);
        }
    }

    private final Path folder;
    private final Options options;
    private final List<MaskedImage> images;
    private final Split<MaskedImage> split;
    private final LeftOut leftOut;

    private SiimAcr(Path folder, Options options, List<MaskedImage> images, Split<MaskedImage> split,
            LeftOut leftOut) {
        this.folder = folder;
        this.options = options;
        this.images = images;
        this.split = split;
        this.leftOut = leftOut;
    }

    /** Opens with {@link Options#defaults()}. */
    public static SiimAcr open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder the dataset folder (the table at its top, DICOMs below)
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException when the folder or its table is missing
     * @throws ImageFormatException naming the table and row for a missing column or a bad encoding; naming a DICOM
     *     and the table when the image size differs from {@link Options#imageSize()}
     * @throws IOException naming the folder when no table image has a DICOM, or two DICOMs share a name; in strict
     *     mode naming a table image without DICOM
     */
    public static SiimAcr open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "SIIM-ACR folder does not exist");
        }
        Path table = null;
        for (String n : TABLES) {
            if (Files.isRegularFile(dir.resolve(n))) {
                table = dir.resolve(n);
                break;
            }
        }
        if (table == null) {
            throw new NoSuchFileException(dir.resolve(TABLES.get(0)).toString(), null, "SIIM-ACR run-length table"
                    + " not found (looked for " + TABLES + ")");
        }
        int size = options.imageSize();
        Map<String, List<String>> rows = SiimRunLength.readTable(table, size, size);
        Map<String, Path> dicoms = dicoms(dir);
        LeftOut.Recorder left = new LeftOut.Recorder(dir, options.strict(), LOG);
        List<MaskedImage> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : rows.entrySet()) {
            Path dcm = dicoms.get(e.getKey());
            if (dcm == null) {
                left.add(ROW_WITHOUT_IMAGE, table.toString(), "ImageId " + e.getKey());
                continue;
            }
            DicomSlice h = DicomSlice.readHeader(dcm);
            if (h.rows() != size || h.columns() != size) {
                throw new ImageFormatException(dcm, "volume/mask size mismatch: image is " + h.columns() + " x "
                        + h.rows() + " pixels but the masks of " + table + " are " + size + " x " + size);
            }
            String patient = options.patientIds() == PatientIds.DICOM ? h.string(PATIENT_ID) : e.getKey();
            if (patient.isEmpty()) {
                throw new ImageFormatException(dcm, "Patient ID (0010,0020) is empty; open with PatientIds.IMAGE_ID"
                        + " to treat each image as its own patient");
            }
            out.add(new MaskedImage(e.getKey(), patient, dcm, new Mask2d.RunLength(table, e.getValue())));
        }
        for (Map.Entry<String, Path> d : dicoms.entrySet()) {
            if (!rows.containsKey(d.getKey())) {
                left.add(IMAGE_WITHOUT_ROW, d.getValue().toString(), "no row in " + table.getFileName());
            }
        }
        LeftOut leftOut = left.finish();
        if (out.isEmpty()) {
            throw new IOException(dir + ": none of the " + rows.size() + " image ids of " + table + " has a DICOM file"
                    + " below the folder");
        }
        Split<MaskedImage> split = PatientSplitter.split(out, options.valFraction(), options.testFraction(),
                options.splitSeed()).requirePatientDisjoint();
        LOG.info("{}: SIIM-ACR ({}), {} images, split {}", dir, options.data(), out.size(), split);
        return new SiimAcr(dir, options, List.copyOf(out), split, leftOut);
    }

    private static Map<String, Path> dicoms(Path dir) throws IOException {
        Map<String, Path> out = new TreeMap<>();
        List<Path> found;
        try (Stream<Path> s = Files.walk(dir)) {
            found = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")
                    && Files.isRegularFile(p)).sorted().toList();
        }
        for (Path p : found) {
            String name = p.getFileName().toString();
            String id = name.substring(0, name.length() - 4);
            Path earlier = out.putIfAbsent(id, p);
            if (earlier != null) {
                throw new IOException("two DICOM files for ImageId " + id + ": " + earlier + " and " + p);
            }
        }
        return out;
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return every usable image, in table order */
    public List<MaskedImage> images() {
        return images;
    }

    /** @return the patient-disjoint split */
    public Split<MaskedImage> split() {
        return split;
    }

    /** @return what was left out ({@link #ROW_WITHOUT_IMAGE}, {@link #IMAGE_WITHOUT_ROW}) */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: pneumothorax masks, Dice */
    public SegmentationTask2d task() {
        return new SegmentationTask2d(TASK, options.data(), split, "seeded patient-disjoint split by "
                + (options.patientIds() == PatientIds.DICOM ? "DICOM Patient ID" : "image") + ", seed "
                + options.splitSeed() + ", val " + options.valFraction() + ", test " + options.testFraction()
                + " (the paper's split is not published)");
    }
}
