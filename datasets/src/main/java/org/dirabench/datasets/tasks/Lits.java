package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.split.Split;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiTS 2017 liver segmentation (Bilic et al. 2023), task {@value #TASK}, IoU (Models Genesis LCS, REFERENCE.md §3.2).
 *
 * <p><b>Files</b> (LiTS's layout, any sub-folders such as "Training Batch 1"): {@code volume-N.nii} and
 * {@code segmentation-N.nii} ({@code .nii.gz} too). The segmentation's labels are 0 background, 1 liver, 2 tumour;
 * the liver mask is labels 1 ∪ 2 ({@link LabelMapMask}; another value is an error naming the file, voxel and value,
 * raised when the volume is loaded). Volume and segmentation sizes are compared from the headers at open time; a
 * difference is an error naming both files.
 *
 * <p><b>Split</b> (MG keras/downstream_tasks/config.py:L297-L321): volumes 0-99 train, 100-114 validation, 115-129
 * test. Volume 130 (LiTS has 131) is in none of those lists: left out and counted. Each volume is taken as its own
 * patient ({@code volume-N}); LiTS does not publish patient ids. Intensities: CT, [-1000, 1000] HU (config.py
 * {@code hu_min}, {@code hu_max}); paper cube 64 × 64 × 32. Models Genesis trained on volumes resized to 256 × 256 in
 * plane (its data path {@code 3D_LiTS_NPY_256x256xZ}); volumes are used here at their own resolution.
 *
 * <p><b>Left out</b> ({@link #leftOut()}): volumes without segmentation ({@link #WITHOUT_SEGMENTATION}; an error in
 * strict mode), segmentations without volume, and indices outside MG's lists ({@link #OUTSIDE_LISTS}).
 *
 * <p><b>Stand-in</b>: {@link #fromTotalSegmentator(Path)}.
 */
public final class Lits {
    /** Task id. */
    public static final String TASK = "lits";
    /** The liver labels of a LiTS segmentation. */
    public static final Set<Integer> LIVER = Set.of(1, 2);
    /** The labels a LiTS segmentation may hold. */
    public static final Set<Integer> LABELS = Set.of(0, 1, 2);
    /** The TotalSegmentator stand-in's data label. */
    public static final String STAND_IN = "stand-in:totalseg-abdomen-liver";
    /** TotalSegmentator's liver label (v2 numbering). */
    public static final int TOTALSEG_LIVER = 5;
    /** Left-out reason. */
    public static final String WITHOUT_SEGMENTATION = "volumes without a segmentation";
    /** Left-out reason. */
    public static final String WITHOUT_VOLUME = "segmentations without a volume";
    /** Left-out reason. */
    public static final String OUTSIDE_LISTS = "volumes outside Models Genesis' index lists 0-129";

    private static final Logger LOG = LoggerFactory.getLogger(Lits.class);
    private static final Pattern FILE = Pattern.compile("(volume|segmentation)-(\\d+)\\.nii(\\.gz)?");

    private final String data;
    private final Split<MaskedVolume> split;
    private final LeftOut leftOut;
    private final String splitNote;

    private Lits(String data, Split<MaskedVolume> split, LeftOut leftOut, String splitNote) {
        this.data = data;
        this.split = split;
        this.leftOut = leftOut;
        this.splitNote = splitNote;
    }

    /** Opens leniently. */
    public static Lits open(Path folder) throws IOException {
        return open(folder, false);
    }

    /**
     * @param folder a folder holding the LiTS volumes and segmentations (at any depth)
     * @param strict whether a volume without segmentation is an error
     * @return the dataset
     * @throws NoSuchFileException when the folder does not exist
     * @throws ImageFormatException naming both files when a volume and its segmentation differ in size
     * @throws IOException naming the folder when no volume has its segmentation; naming both files when an index
     *     appears twice
     */
    public static Lits open(Path folder, boolean strict) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "LiTS folder does not exist");
        }
        Map<Integer, Path> volumes = new TreeMap<>();
        Map<Integer, Path> segs = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            Matcher m = FILE.matcher(f.getFileName().toString());
            if (m.matches()) {
                Map<Integer, Path> target = m.group(1).equals("volume") ? volumes : segs;
                Path earlier = target.putIfAbsent(Integer.parseInt(m.group(2)), f);
                if (earlier != null) {
                    throw new IOException("two files for " + m.group(1) + " " + m.group(2) + ": " + earlier + " and "
                            + f);
                }
            }
        }
        LeftOut.Recorder left = new LeftOut.Recorder(dir, strict, LOG);
        List<List<MaskedVolume>> parts = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Map.Entry<Integer, Path> e : volumes.entrySet()) {
            int n = e.getKey();
            Path seg = segs.get(n);
            if (seg == null) {
                left.add(WITHOUT_SEGMENTATION, e.getValue().toString(), "no segmentation-" + n);
                continue;
            }
            if (n > 129) {
                left.note(OUTSIDE_LISTS, e.getValue().toString(), "index " + n);
                continue;
            }
            VolumeFile image = new VolumeFile(e.getValue());
            VolumeFile labels = new VolumeFile(seg);
            requireSameSize(image, labels);
            MaskedVolume mv = new MaskedVolume("volume-" + n, "volume-" + n, image,
                    new LabelMapMask(labels, LIVER, LABELS));
            parts.get(n < 100 ? 0 : n < 115 ? 1 : 2).add(mv);
        }
        for (Map.Entry<Integer, Path> e : segs.entrySet()) {
            if (!volumes.containsKey(e.getKey())) {
                left.note(WITHOUT_VOLUME, e.getValue().toString(), "no volume-" + e.getKey());
            }
        }
        LeftOut leftOut = left.finish();
        Split<MaskedVolume> split = new Split<>(parts.get(0), parts.get(1), parts.get(2));
        if (split.size() == 0) {
            throw new IOException(dir + " holds no volume-N.nii with its segmentation-N.nii (" + leftOut + ")");
        }
        split.requirePatientDisjoint();
        LOG.info("{}: LiTS, split {}", dir, split);
        return new Lits("real", split, leftOut, "LiTS volumes 0-99 train, 100-114 val, 115-129 test (Models Genesis"
                + " config.py); one volume per patient");
    }

    /** Compares image and label map sizes from their headers. */
    static void requireSameSize(VolumeReader image, VolumeReader labels) throws IOException {
        VoxelGrid a = image.grid();
        VoxelGrid b = labels.grid();
        if (a.nx() != b.nx() || a.ny() != b.ny() || a.nz() != b.nz()) {
            throw new ImageFormatException(null, "volume/mask size mismatch: " + labels.describe() + " is " + b.nx()
                    + " x " + b.ny() + " x " + b.nz() + " voxels but " + image.describe() + " is " + a.nx() + " x "
                    + a.ny() + " x " + a.nz());
        }
    }

    /**
     * A liver-segmentation stand-in: the real 3 mm abdomen CT of {@code totalseg_abdomen_ct_3mm} ({@code full/ct.nii.gz},
     * 122 × 101 × 112) with TotalSegmentator's <b>model-made</b> liver (label {@value #TOTALSEG_LIVER} of
     * {@code full/seg_total_fast.nii.gz}) as ground truth. Faithful for the loading, windowing, cube and IoU path of
     * a liver task; not for LiTS numbers (one patient, 3 mm voxels, a model's mask, no tumour class).
     *
     * <p>Split: one scan cannot be split by patient, so its slices are: the liver's slice range is cut at 60 % and
     * 80 %, and train takes every slice below the first cut, validation the next band, test the slices above
     * ({@link VolumeRegion}s of one volume; cubes may reach across a cut, but only their own band's voxels count,
     * {@code CubeBatch.weights}). <b>Not patient-disjoint.</b> Data {@value #STAND_IN}.
     *
     * @param folder {@code totalseg_abdomen_ct_3mm/}
     * @return the stand-in
     * @throws IOException when the files cannot be read or the liver label is absent
     */
    public static Lits fromTotalSegmentator(Path folder) throws IOException {
        VolumeFile ct = new VolumeFile(folder.resolve("full").resolve("ct.nii.gz"));
        VolumeFile seg = new VolumeFile(folder.resolve("full").resolve("seg_total_fast.nii.gz"));
        requireSameSize(ct, seg);
        LabelMapMask liver = new LabelMapMask(seg, Set.of(TOTALSEG_LIVER), Set.of());
        VoxelGrid g = ct.grid();
        BitSet m = liver.read(g, ct.describe());
        if (m.isEmpty()) {
            throw new ImageFormatException(seg.path(), "no voxel has the liver label " + TOTALSEG_LIVER);
        }
        int plane = g.nx() * g.ny();
        int z0 = m.nextSetBit(0) / plane;
        int z1 = m.previousSetBit(m.length()) / plane + 1;
        int a = z0 + (int) Math.round(0.6 * (z1 - z0));
        int b = z0 + (int) Math.round(0.8 * (z1 - z0));
        String patient = "totalseg-abdomen-ct";
        List<MaskedVolume> parts = new ArrayList<>();
        int[][] bands = {{0, a}, {a, b}, {b, g.nz()}};
        String[] names = {"train", "val", "test"};
        for (int i = 0; i < 3; i++) {
            parts.add(new MaskedVolume(patient + "/z" + bands[i][0] + "-" + bands[i][1], patient, ct, liver,
                    VolumeRegion.slices(g, bands[i][0], bands[i][1]), List.of()));
            LOG.debug("{} band z [{}, {})", names[i], bands[i][0], bands[i][1]);
        }
        Split<MaskedVolume> split = new Split<>(List.of(parts.get(0)), List.of(parts.get(1)), List.of(parts.get(2)));
        return new Lits(STAND_IN, split, LeftOut.none(), "one TotalSegmentator CT: slice bands z [0, " + a + ") train, ["
                + a + ", " + b + ") val, [" + b + ", " + g.nz() + ") test (liver slices " + z0 + "-" + (z1 - 1)
                + " cut at 60 % and 80 %); NOT patient-disjoint; the liver mask is a model's prediction");
    }

    /** @return the split */
    public Split<MaskedVolume> split() {
        return split;
    }

    /** @return what was left out */
    public LeftOut leftOut() {
        return leftOut;
    }

    /** @return task {@value #TASK}: liver masks, IoU, CT window, 64 × 64 × 32 */
    public SegmentationTask3d task() {
        return new SegmentationTask3d(TASK, data, split, CubeShape.MODELS_GENESIS, IntensityWindow.CT, splitNote);
    }
}
