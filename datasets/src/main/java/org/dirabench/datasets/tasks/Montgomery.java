package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dirabench.datasets.split.PatientSplitter;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NLM Montgomery County chest X-ray set (Jaeger et al., QIMS 2014) read in place: task {@value #TASK}, lung
 * masks, Dice (REFERENCE.md §3.1).
 *
 * <p><b>Files</b> (the set's own layout): {@code CXR_png/MCUCXR_NNNN_L.png} (L = 0 normal, 1 tuberculosis) and the
 * manual masks {@code ManualMask/leftMask/<same name>} and {@code ManualMask/rightMask/<same name>}. The lung mask
 * is their union, non-zero = inside (BTL's MontgomeryDataset reads one pre-merged mask per image the same way,
 * BTL dataloader.py). Image and mask sizes are compared from the PNG headers at open time; a difference is an error
 * naming both files. An image lacking a mask, or a mask without its image, is left out, counted and logged
 * ({@link #leftOut()}); strict mode makes the first an error.
 *
 * <p><b>Patients</b>: {@code MCUCXR_NNNN} (one image per patient in the released set).
 *
 * <p><b>Split</b>: not published (REFERENCE.md §3.1, "NOT FOUND"); a documented choice: a seeded patient-disjoint
 * split ({@link PatientSplitter}), test 0.2, validation 0.1 of the rest, seed 0 by default.
 */
public final class Montgomery {
    /** Task id. */
    public static final String TASK = "montgomery";
    /** Left-out reason. */
    public static final String IMAGE_WITHOUT_MASK = "images without a left or right lung mask";
    /** Left-out reason. */
    public static final String MASK_WITHOUT_IMAGE = "masks without an image";

    private static final Logger LOG = LoggerFactory.getLogger(Montgomery.class);
    private static final Pattern NAME = Pattern.compile("(MCUCXR_\\d+)_\\d\\.png");

    /**
     * Options; start from {@link #defaults()}.
     *
     * @param data the data source to report
     * @param valFraction validation fraction of the non-test images
     * @param testFraction test fraction of all images
     * @param splitSeed seed of the patient split
     * @param strict whether an image without mask is an error
     */
    public record Options(String data, double valFraction, double testFraction, long splitSeed, boolean strict) {
        /** @return real, val 0.1, test 0.2, seed 0, lenient */
        public static Options defaults() {
            return new Options("real", 0.1, 0.2, 0, false);
        }

        /** @return these options with other split fractions and seed */
        public Options withSplit(double val, double test, long seed) {
            return new Options(data, val, test, seed, strict);
        }

        /** @return these options, strict or lenient */
        public Options withStrict(boolean s) {
            return new Options(data, valFraction, testFraction, splitSeed, s);
        }
    }

    private final Options options;
    private final List<MaskedImage> images;
    private final Split<MaskedImage> split;
    private final LeftOut leftOut;

    private Montgomery(Options options, List<MaskedImage> images, Split<MaskedImage> split, LeftOut leftOut) {
        this.options = options;
        this.images = images;
        this.split = split;
        this.leftOut = leftOut;
    }

    /** Opens with {@link Options#defaults()}. */
    public static Montgomery open(Path folder) throws IOException {
        return open(folder, Options.defaults());
    }

    /**
     * @param folder {@code MontgomerySet/} (holding {@code CXR_png/} and {@code ManualMask/})
     * @param options options
     * @return the dataset
     * @throws NoSuchFileException naming {@code CXR_png} or a mask folder when absent
     * @throws org.dirabench.datasets.io.ImageFormatException naming image and mask when their sizes differ
     * @throws IOException naming the folder when it holds no image, or (strict) an image without mask
     */
    public static Montgomery open(Path folder, Options options) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Path cxr = dir.resolve("CXR_png");
        Path left = dir.resolve("ManualMask").resolve("leftMask");
        Path right = dir.resolve("ManualMask").resolve("rightMask");
        for (Path p : List.of(cxr, left, right)) {
            if (!Files.isDirectory(p)) {
                throw new NoSuchFileException(p.toString(), null, "Montgomery folder is missing");
            }
        }
        LeftOut.Recorder rec = new LeftOut.Recorder(dir, options.strict(), LOG);
        List<MaskedImage> out = new ArrayList<>();
        for (Path img : pngs(cxr)) {
            String name = img.getFileName().toString();
            Matcher m = NAME.matcher(name);
            if (!m.matches()) {
                rec.add("PNG files not named MCUCXR_NNNN_L.png", img.toString(), name);
                continue;
            }
            Path l = left.resolve(name);
            Path r = right.resolve(name);
            if (!Files.isRegularFile(l) || !Files.isRegularFile(r)) {
                rec.add(IMAGE_WITHOUT_MASK, img.toString(), "missing " + (Files.isRegularFile(l) ? r : l));
                continue;
            }
            Mask2d.Files mask = new Mask2d.Files(List.of(l, r));
            mask.checkSize(img);
            out.add(new MaskedImage(name.substring(0, name.length() - 4), m.group(1), img, mask));
        }
        for (Path maskDir : List.of(left, right)) {
            for (Path mk : pngs(maskDir)) {
                if (!Files.isRegularFile(cxr.resolve(mk.getFileName()))) {
                    rec.add(MASK_WITHOUT_IMAGE, mk.toString(), "no " + cxr.resolve(mk.getFileName()));
                }
            }
        }
        LeftOut leftOut = rec.finish();
        if (out.isEmpty()) {
            throw new IOException(cxr + " holds no usable image (MCUCXR_NNNN_L.png with both lung masks)");
        }
        Split<MaskedImage> split = PatientSplitter.split(out, options.valFraction(), options.testFraction(),
                options.splitSeed()).requirePatientDisjoint();
        LOG.info("{}: Montgomery ({}), {} images, split {}", dir, options.data(), out.size(), split);
        return new Montgomery(options, List.copyOf(out), split, leftOut);
    }

    private static List<Path> pngs(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.png")) {
            ds.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    /** @return every usable image, by name */
    public List<MaskedImage> images() {
        return images;
    }

    /** @return the patient-disjoint split */
    public Split<MaskedImage> split() {
        return split;
    }

    /** @return what was left out */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: lung masks (left ∪ right), Dice */
    public SegmentationTask2d task() {
        return new SegmentationTask2d(TASK, options.data(), split, "seeded patient-disjoint split, seed "
                + options.splitSeed() + ", val " + options.valFraction() + ", test " + options.testFraction()
                + " (the paper's split is not published)");
    }
}
