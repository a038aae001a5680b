package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lung-segmentation stand-in for {@link Montgomery}: real COVID-19 chest X-rays of the Cohen et al. collection
 * ({@code covid_chestxray_severity}) with <b>model-made</b> lung masks (lungVAE, Selvan et al. 2020), not manual
 * ones. Task id {@value Montgomery#TASK}, data {@value #DATA}.
 *
 * <p><b>Files</b> (the folder's README): {@code labels.csv} (one row per image; columns {@code filename},
 * {@code patientid}, {@code lungVAE_mask}, …) and {@code images/<filename>} (JPEG or PNG, various sizes);
 * {@code lungVAE_mask} names the mask PNG relative to the folder, blank for the 47 images without one (left out and
 * counted). Non-zero mask pixels are lung, as for Montgomery. A mask whose size differs from its image is an error
 * naming both.
 *
 * <p>What it can stand in for: the loading, resizing and Dice path of a lung segmentation task on real chest
 * X-rays (46 images of the stand-in's patients). What it cannot: a Montgomery number — the masks are model
 * predictions and the images are COVID-19 pneumonia cases, not tuberculosis screening radiographs.
 *
 * <p><b>Split</b>: seeded patient-disjoint by {@code patientid} (patients have 1-4 images), test 0.2, val 0.1 of the
 * rest, seed 0 by default.
 */
public final class CovidLungMasks {
    /** The data label of this stand-in. */
    public static final String DATA = "stand-in:covid-lungvae";
    /** Left-out reason. */
    public static final String WITHOUT_MASK = "images without a lungVAE mask";
    /** Left-out reason. */
    public static final String MISSING_FILE = "rows whose image or mask file is missing";
    private static final List<String> COLUMNS = List.of("filename", "patientid", "lungVAE_mask");
    private static final Logger LOG = LoggerFactory.getLogger(CovidLungMasks.class);

    private final List<MaskedImage> images;
    private final Split<MaskedImage> split;
    private final LeftOut leftOut;
    private final String splitNote;

    private CovidLungMasks(List<MaskedImage> images, Split<MaskedImage> split, LeftOut leftOut, String splitNote) {
        this.images = images;
        this.split = split;
        this.leftOut = leftOut;
        this.splitNote = splitNote;
    }

    /** Opens with validation 0.1, test 0.2, seed 0, lenient. */
    public static CovidLungMasks open(Path folder) throws IOException {
        return open(folder, 0.1, 0.2, 0, false);
    }

    /**
     * @param folder {@code covid_chestxray_severity/}
     * @param valFraction validation fraction of the non-test images
     * @param testFraction test fraction of all images
     * @param seed split seed
     * @param strict whether a missing image or mask file is an error
     * @return the stand-in
     * @throws NoSuchFileException when labels.csv is missing
     * @throws IOException naming labels.csv and the column when a column is missing, or a line with an empty
     *     patientid; naming both files when a mask's size differs from its image
     */
    public static CovidLungMasks open(Path folder, double valFraction, double testFraction, long seed,
            boolean strict) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path csv = dir.resolve("labels.csv");
        if (!Files.isRegularFile(csv)) {
            throw new NoSuchFileException(csv.toString(), null, "COVID-19 labels.csv does not exist");
        }
        LeftOut.Recorder rec = new LeftOut.Recorder(dir, strict, LOG);
        List<MaskedImage> out = new ArrayList<>();
        CSVFormat fmt = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        try (Reader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8); CSVParser p = fmt.parse(r)) {
            for (String c : COLUMNS) {
                if (!p.getHeaderNames().contains(c)) {
                    throw new IOException(csv + ":1: missing column '" + c + "' (found " + p.getHeaderNames() + ")");
                }
            }
            for (CSVRecord row : p) {
                String where = csv + ":" + p.getCurrentLineNumber();
                String file = row.get("filename");
                String mask = row.get("lungVAE_mask").strip();
                String patient = row.get("patientid").strip();
                if (patient.isEmpty()) {
                    throw new IOException(where + ": column 'patientid' is empty for " + file);
                }
                if (mask.isEmpty()) {
                    rec.add(WITHOUT_MASK, where, file);
                    continue;
                }
                Path img = dir.resolve("images").resolve(file);
                Path mk = dir.resolve(mask);
                if (!Files.isRegularFile(img) || !Files.isRegularFile(mk)) {
                    rec.add(MISSING_FILE, where, Files.isRegularFile(img) ? mk.toString() : img.toString());
                    continue;
                }
                Mask2d.Files m = new Mask2d.Files(List.of(mk));
                m.checkSize(img);
                out.add(new MaskedImage(file, patient, img, m));
            }
        } catch (IllegalStateException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new IOException("cannot parse " + csv + ": " + e.getMessage(), e);
        }
        LeftOut leftOut = rec.finish();
        if (out.isEmpty()) {
            throw new IOException(csv + ": no row has both its image and a lungVAE mask");
        }
        Split<MaskedImage> split = PatientSplitter.split(out, valFraction, testFraction, seed)
                .requirePatientDisjoint();
        LOG.info("{}: lung-mask stand-in ({}), {} images, split {}", dir, DATA, out.size(), split);
        return new CovidLungMasks(List.copyOf(out), split, leftOut, "seeded patient-disjoint split by patientid, seed "
                + seed + ", val " + valFraction + ", test " + testFraction);
    }

    /** @return the usable images (with masks), in labels.csv order */
    public List<MaskedImage> images() {
        return images;
    }

    /** @return what was left out ({@link #WITHOUT_MASK}, {@link #MISSING_FILE}) */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value Montgomery#TASK} with data {@value #DATA} */
    public SegmentationTask2d task() {
        return new SegmentationTask2d(Montgomery.TASK, DATA, split, splitNote);
    }
}
