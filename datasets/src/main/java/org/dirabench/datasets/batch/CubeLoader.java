package org.dirabench.datasets.batch;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.tasks.Candidate;
import org.dirabench.datasets.tasks.ClassificationTask3d;
import org.dirabench.datasets.tasks.CubeShape;
import org.dirabench.datasets.tasks.IntensityWindow;
import org.dirabench.datasets.tasks.MaskReader;
import org.dirabench.datasets.tasks.MaskedVolume;
import org.dirabench.datasets.tasks.SegmentationTask3d;
import org.dirabench.datasets.tasks.VolumeReader;
import org.dirabench.datasets.tasks.VolumeRegion;

/**
 * Batches of 3D cubes [N, 1, D, H, W] for the 3D target tasks, cut from CT or MRI volumes as Models Genesis feeds
 * its 3D networks (64 × 64 × 32 at paper scale, {@link CubeShape#MODELS_GENESIS}; smaller at the project's smaller
 * scales), intensities mapped to [0, 1] by the task's {@link IntensityWindow} (CT [-1000, 1000] HU, MRI [0, 4000];
 * MG keras/README.md:L99, REFERENCE.md §3.2).
 *
 * <p><b>Which cubes.</b> Axes are the volume's voxel axes: D along z (slices), H along y (rows), W along x (columns);
 * no resampling, so a cube spans D × H × W voxels whatever their spacing. A cube "centred" on a point c holds voxels
 * {@code round(c) − side/2 … round(c) + side/2 − 1} along each axis; voxels outside the volume are 0 (image, mask
 * and weight).
 * <ul>
 *   <li>Candidates ({@link #candidates}): one cube centred on each candidate, its label in [N, 1].</li>
 *   <li>Segmentation samples with centres ({@link MaskedVolume#centres()}: LIDC nodules, prepared Models Genesis
 *       cubes): one cube per centre.</li>
 *   <li>Segmentation samples without centres (LiTS, BraTS volumes): for {@link Mode#TRAIN},
 *       {@link Builder#cropsPerVolume(int)} random cubes per volume and epoch, each centred on a random mask voxel
 *       with probability {@link Builder#foregroundFraction(double)} and otherwise placed uniformly inside the
 *       volume's region; for {@link Mode#EVAL}, the tiles of a regular grid covering the region (the last tile of a
 *       row shifted back inside the volume), whose {@code weights} mark the voxels each tile owns so that every voxel
 *       counts once.</li>
 * </ul>
 * Models Genesis' fine-tuning augmentation is not in the sources REFERENCE.md read; the default here is none.
 * {@link Builder#jitter(int)} shifts centred training cubes by up to ±j voxels per axis and {@link
 * Builder#flips(boolean)} mirrors training cubes along each axis with probability 1/2; both are off by default.
 *
 * <p><b>Determinism.</b> {@link Mode#TRAIN}: the order is a permutation drawn from (seed, epoch) and each cube's
 * random decisions (shift, crop position, flips) come from a generator seeded by (seed, epoch, position) on their
 * own stream ({@link Seeds#CUBES}), as in the 2D loaders: batches are bit-identical for any number of workers and
 * on resume. {@link Mode#EVAL}: samples in order, no randomness.
 *
 * <p><b>Memory.</b> Volumes are read through their {@link VolumeReader}, windowed and kept in a small LRU cache
 * ({@link Builder#cachedVolumes(int)}, default 4; a volume several workers need at once is read once). Centred
 * cubes are cut once, with their jitter margin, and kept ({@link Builder#bank(boolean)}, default on: at paper scale
 * ~0.5 MB per candidate); {@link #precut()} cuts them all in volume order, so that shuffled epochs never re-read a
 * volume. Random crops and tiles are cut from the cached volume each time.
 *
 * <p><b>Errors</b> are re-thrown on the consumer's thread as {@link DataLoadingException} naming the volume file,
 * the sample, epoch, batch and position.
 */
public final class CubeLoader extends BatchLoader<CubeBatch> {
    /** Training (shuffled, random placement) or evaluation (in order, fixed placement). */
    public enum Mode {
        /** Shuffled; random crops, jitter and flips as configured. */
        TRAIN,
        /** In order; centred cubes and tiles, no randomness. */
        EVAL
    }

    enum Kind { CENTRED, RANDOM, TILE }

    /** A distinct volume: image and optional mask. */
    record Source(VolumeReader image, MaskReader mask) {
    }

    /**
     * One cube to make.
     *
     * @param id sample id for messages
     * @param source index into the sources
     * @param input index into the input list (candidates or masked volumes)
     * @param kind how the cube is placed
     * @param centre the centre (x, y, z) in voxels (CENTRED)
     * @param origin the corner (x, y, z) (TILE)
     * @param owned the voxels this cube's sample owns, or null for the whole volume
     * @param label the candidate label (classification)
     */
    record Sample(String id, int source, int input, Kind kind, double[] centre, int[] origin, VolumeRegion owned,
            float label) {
    }

    /**
     * Windowed image values (and mask bytes) of a box of voxels: a whole volume (origin 0, size = the volume's) or a
     * banked cube with its margin.
     */
    static final class Box {
        final float[] img;
        final byte[] mask;
        final int ox;
        final int oy;
        final int oz;
        final int bx;
        final int by;
        final int bz;
        final int vx;
        final int vy;
        final int vz;
        final String name;
        private final Map<VolumeRegion, int[]> foreground = new ConcurrentHashMap<>();

        Box(float[] img, byte[] mask, int ox, int oy, int oz, int bx, int by, int bz, int vx, int vy, int vz,
                String name) {
            this.img = img;
            this.mask = mask;
            this.ox = ox;
            this.oy = oy;
            this.oz = oz;
            this.bx = bx;
            this.by = by;
            this.bz = bz;
            this.vx = vx;
            this.vy = vy;
            this.vz = vz;
            this.name = name;
        }

        /** @return flat box indices of mask voxels inside {@code region} (whole box when null) */
        int[] foreground(VolumeRegion region) {
            if (mask == null) {
                return new int[0];
            }
            VolumeRegion key = region != null ? region : new VolumeRegion(0, 0, 0, vx, vy, vz);
            return foreground.computeIfAbsent(key, r -> {
                int n = 0;
                int[] tmp = new int[1024];
                for (int i = 0; i < mask.length; i++) {
                    if (mask[i] != 0) {
                        int x = ox + i % bx;
                        int y = oy + (i / bx) % by;
                        int z = oz + i / (bx * by);
                        if (r.contains(x, y, z)) {
                            if (n == tmp.length) {
                                tmp = java.util.Arrays.copyOf(tmp, n * 2);
                            }
                            tmp[n++] = i;
                        }
                    }
                }
                return java.util.Arrays.copyOf(tmp, n);
            });
        }
    }

    private final List<Source> sources;
    private final List<Sample> samples;
    private final CubeShape shape;
    private final IntensityWindow window;
    private final int batchSize;
    private final Mode mode;
    private final long seed;
    private final int jitter;
    private final boolean flips;
    private final double foregroundFraction;
    private final boolean dropLast;
    private final boolean classification;
    private final boolean masked;
    private final boolean bank;
    private final VolumeCache cache;
    private final AtomicReferenceArray<Box> banked;

    private CubeLoader(Builder b) {
        super(b.workers, b.prefetch, "dira-cube-prefetch");
        this.sources = b.sources;
        this.samples = b.samples;
        this.shape = b.shape;
        this.window = b.window;
        this.batchSize = b.batchSize;
        this.mode = b.mode;
        this.seed = b.seed;
        this.jitter = b.mode == Mode.TRAIN ? b.jitter : 0;
        this.flips = b.mode == Mode.TRAIN && b.flips;
        this.foregroundFraction = b.foregroundFraction;
        this.dropLast = b.dropLast && b.mode == Mode.TRAIN;
        this.classification = b.classification;
        this.masked = b.masked;
        this.bank = b.bank;
        this.cache = new VolumeCache(b.cachedVolumes, this::prepare);
        this.banked = new AtomicReferenceArray<>(b.samples.size());
    }

    // ---- factories ---------------------------------------------------------------------------------------------

    /**
     * Cubes centred on the candidates of a 3D classification task, with its intensity window.
     *
     * @param task the task (its {@link ClassificationTask3d#window()} is used)
     * @param candidates a part of its split
     * @param shape the cube (the task's {@link ClassificationTask3d#paperCube()} at paper scale)
     * @param batchSize N
     * @param mode training or evaluation
     * @return a builder
     */
    public static Builder candidates(ClassificationTask3d task, List<Candidate> candidates, CubeShape shape,
            int batchSize, Mode mode) {
        return candidates(candidates, task.window(), shape, batchSize, mode);
    }

    /**
     * @param candidates candidates (each names its volume and centre)
     * @param window the intensity window
     * @param shape the cube
     * @param batchSize N
     * @param mode training or evaluation
     * @return a builder; batches carry {@code labels} [n, 1], no masks
     */
    public static Builder candidates(List<Candidate> candidates, IntensityWindow window, CubeShape shape,
            int batchSize, Mode mode) {
        Builder b = new Builder(shape, window, batchSize, mode, true);
        Map<Source, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            int s = index.computeIfAbsent(new Source(c.volume(), null), k -> index.size());
            b.samples.add(new Sample(c.candidateId(), s, i, Kind.CENTRED, c.voxel(), null, null, c.label()));
        }
        b.sources.addAll(index.keySet());
        return b;
    }

    /**
     * Cubes of the volumes of a 3D segmentation task, with its intensity window.
     *
     * @param task the task (its {@link SegmentationTask3d#window()} is used)
     * @param volumes a part of its split
     * @param shape the cube (the task's {@link SegmentationTask3d#paperCube()} at paper scale)
     * @param batchSize N
     * @param mode training or evaluation
     * @return a builder
     * @throws IOException when an evaluation volume's grid (header) cannot be read to lay out its tiles
     */
    public static Builder segmentation(SegmentationTask3d task, List<MaskedVolume> volumes, CubeShape shape,
            int batchSize, Mode mode) throws IOException {
        return segmentation(volumes, task.window(), shape, batchSize, mode);
    }

    /**
     * @param volumes masked volumes (all labelled, or all unlabelled)
     * @param window the intensity window
     * @param shape the cube
     * @param batchSize N
     * @param mode training or evaluation
     * @return a builder; batches carry masks (when labelled) and weights, no labels
     * @throws IOException when an evaluation volume's grid (header) cannot be read to lay out its tiles
     * @throws IllegalArgumentException when some volumes are labelled and others not
     */
    public static Builder segmentation(List<MaskedVolume> volumes, IntensityWindow window, CubeShape shape,
            int batchSize, Mode mode) throws IOException {
        Builder b = new Builder(shape, window, batchSize, mode, false);
        long labelled = volumes.stream().filter(MaskedVolume::labelled).count();
        if (labelled != 0 && labelled != volumes.size()) {
            throw new IllegalArgumentException(labelled + " of " + volumes.size() + " volumes have masks; a loader"
                    + " takes all labelled or all unlabelled volumes");
        }
        b.masked = labelled > 0;
        Map<Source, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            MaskedVolume v = volumes.get(i);
            int s = index.computeIfAbsent(new Source(v.image(), v.mask()), k -> index.size());
            List<double[]> centres = v.centres();
            if (!centres.isEmpty()) {
                for (int c = 0; c < centres.size(); c++) {
                    b.samples.add(new Sample(v.volumeId() + (centres.size() > 1 ? "#" + c : ""), s, i, Kind.CENTRED,
                            centres.get(c), null, v.region(), 0f));
                }
            } else if (mode == Mode.TRAIN) {
                b.randomVolumes.add(new Sample(v.volumeId(), s, i, Kind.RANDOM, null, null, v.region(), 0f));
            } else {
                VoxelGrid g = v.image().grid();
                VolumeRegion r = v.region() != null ? v.region() : VolumeRegion.whole(g);
                if (!r.within(g)) {
                    throw new IllegalArgumentException(v.volumeId() + ": region " + r + " exceeds the volume " + g);
                }
                tiles(b.samples, v.volumeId(), s, i, r, g, shape);
            }
        }
        b.sources.addAll(index.keySet());
        return b;
    }

    /** The tiles of a regular grid over {@code r}; each owns its grid cell, shifted back inside the volume. */
    private static void tiles(List<Sample> out, String id, int source, int input, VolumeRegion r, VoxelGrid g,
            CubeShape s) {
        int[] size = {s.width(), s.height(), s.depth()};
        int[] dims = {g.nx(), g.ny(), g.nz()};
        int[] counts = new int[3];
        for (int a = 0; a < 3; a++) {
            counts[a] = (r.extent(a) + size[a] - 1) / size[a];
        }
        for (int tz = 0; tz < counts[2]; tz++) {
            for (int ty = 0; ty < counts[1]; ty++) {
                for (int tx = 0; tx < counts[0]; tx++) {
                    int[] t = {tx, ty, tz};
                    int[] lo = new int[3];
                    int[] hi = new int[3];
                    int[] origin = new int[3];
                    for (int a = 0; a < 3; a++) {
                        lo[a] = r.start(a) + t[a] * size[a];
                        hi[a] = Math.min(lo[a] + size[a], r.start(a) + r.extent(a));
                        // Keep the cube inside the volume where the volume is large enough (more real context).
                        origin[a] = Math.max(0, Math.min(lo[a], dims[a] - size[a]));
                    }
                    out.add(new Sample(id + "@tile(" + tx + "," + ty + "," + tz + ")", source, input, Kind.TILE, null,
                            origin, new VolumeRegion(lo[0], lo[1], lo[2], hi[0], hi[1], hi[2]), 0f));
                }
            }
        }
    }

    /** Options of a {@link CubeLoader}. */
    public static final class Builder extends BatchLoader.Builder<Builder> {
        private final CubeShape shape;
        private final IntensityWindow window;
        private final int batchSize;
        private final Mode mode;
        private final boolean classification;
        private final List<Source> sources = new ArrayList<>();
        private final List<Sample> samples = new ArrayList<>();
        private final List<Sample> randomVolumes = new ArrayList<>();
        private boolean masked;
        private long seed;
        private int jitter;
        private boolean flips;
        private int cropsPerVolume = 4;
        private double foregroundFraction = 0.5;
        private int cachedVolumes = 4;
        private boolean bank = true;
        private boolean dropLast;

        private Builder(CubeShape shape, IntensityWindow window, int batchSize, Mode mode, boolean classification) {
            this.shape = Objects.requireNonNull(shape, "shape");
            this.window = Objects.requireNonNull(window, "window");
            this.batchSize = batchSize;
            this.mode = Objects.requireNonNull(mode, "mode");
            this.classification = classification;
        }

        /** @return this; the seed of training orders and placements (default 0) */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** @return this; training shift of centred cubes, up to ±j voxels per axis (default 0) */
        public Builder jitter(int j) {
            this.jitter = j;
            return this;
        }

        /** @return this; training mirror along each axis with probability 1/2 (default false) */
        public Builder flips(boolean f) {
            this.flips = f;
            return this;
        }

        /** @return this; random training cubes per volume without centres, per epoch (default 4) */
        public Builder cropsPerVolume(int n) {
            this.cropsPerVolume = n;
            return this;
        }

        /** @return this; probability that a random training cube is centred on a mask voxel (default 0.5) */
        public Builder foregroundFraction(double p) {
            this.foregroundFraction = p;
            return this;
        }

        /** @return this; prepared volumes kept in memory (default 4) */
        public Builder cachedVolumes(int n) {
            this.cachedVolumes = n;
            return this;
        }

        /** @return this; keep each centred cube (with its jitter margin) once cut (default true) */
        public Builder bank(boolean b) {
            this.bank = b;
            return this;
        }

        /** @return this; drop the last partial training batch (default false) */
        public Builder dropLast(boolean d) {
            this.dropLast = d;
            return this;
        }



        /**
         * @return the loader
         * @throws IllegalArgumentException for no samples, a batch below 1, a negative jitter, crops per volume below
         *     1, a foreground fraction outside [0, 1], a cache below 1
         */
        public CubeLoader build() {
            if (batchSize < 1 || jitter < 0 || cropsPerVolume < 1 || !(foregroundFraction >= 0
                    && foregroundFraction <= 1) || cachedVolumes < 1) {
                throw new IllegalArgumentException("need batch >= 1, jitter >= 0, crops per volume >= 1, foreground"
                        + " fraction in [0, 1], cached volumes >= 1; got " + batchSize + ", " + jitter + ", "
                        + cropsPerVolume + ", " + foregroundFraction + ", " + cachedVolumes);
            }
            for (Sample r : randomVolumes) {
                for (int k = 0; k < cropsPerVolume; k++) {
                    samples.add(new Sample(r.id() + "@crop" + k, r.source(), r.input(), Kind.RANDOM, null, null,
                            r.owned(), 0f));
                }
            }
            randomVolumes.clear();
            if (samples.isEmpty()) {
                throw new IllegalArgumentException("no cubes to load (empty list)");
            }
            return new CubeLoader(this);
        }
    }

    // ---- loading -----------------------------------------------------------------------------------------------

    /** @return the number of cubes per epoch (before dropping a last partial batch) */
    public int sampleCount() {
        return samples.size();
    }

    /** @return the id of sample {@code i} (candidate id; volume id with {@code @tile(...)}, {@code @crop k}) */
    public String sampleId(int i) {
        return samples.get(i).id();
    }

    /** @return the index, in the list given to the factory, of the candidate or volume sample {@code i} comes from */
    public int inputIndex(int i) {
        return samples.get(i).input();
    }

    /** @return the number of distinct volumes */
    public int volumeCount() {
        return sources.size();
    }

    /** @return the cube shape */
    public CubeShape shape() {
        return shape;
    }

    /** @return how many volume reads were started so far (for tests of the cache) */
    int volumeReads() {
        return cache.loads();
    }

    @Override
    public int batchesPerEpoch() {
        int n = samples.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public int[] order(int epoch) {
        if (mode == Mode.TRAIN) {
            return Seeds.permutation(samples.size(), seed, epoch);
        }
        int[] o = new int[samples.size()];
        for (int i = 0; i < o.length; i++) {
            o[i] = i;
        }
        return o;
    }

    /**
     * Cuts and keeps every centred cube now, reading each volume once, in volume order (when banking is on).
     *
     * @throws DataLoadingException naming the volume when one cannot be read
     */
    public void precut() {
        if (!bank) {
            return;
        }
        for (int s = 0; s < sources.size(); s++) {
            for (int i = 0; i < samples.size(); i++) {
                Sample sm = samples.get(i);
                if (sm.source() == s && sm.kind() == Kind.CENTRED) {
                    try {
                        bankBox(i);
                    } catch (IOException | RuntimeException e) {
                        throw new DataLoadingException("cannot cut " + sm.id() + " from "
                                + sources.get(s).image().describe() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
    }

    /** Reads, windows and masks one volume. */
    Box prepare(int source) throws IOException {
        Source s = sources.get(source);
        Volume v = s.image().read();
        VoxelGrid g = v.grid();
        float[] img = window.apply(v.data());
        byte[] mask = null;
        if (s.mask() != null) {
            BitSet m = s.mask().read(g, s.image().describe());
            mask = new byte[img.length];
            for (int i = m.nextSetBit(0); i >= 0 && i < mask.length; i = m.nextSetBit(i + 1)) {
                mask[i] = 1;
            }
        }
        return new Box(img, mask, 0, 0, 0, g.nx(), g.ny(), g.nz(), g.nx(), g.ny(), g.nz(), s.image().describe());
    }

    private int[] centredOrigin(Sample s) {
        double[] c = s.centre();
        int[] size = {shape.width(), shape.height(), shape.depth()};
        int[] o = new int[3];
        for (int a = 0; a < 3; a++) {
            o[a] = (int) Math.floor(c[a] + 0.5) - size[a] / 2;
        }
        return o;
    }

    /** The banked box of centred sample i: the cube with its jitter margin, cut once. */
    private Box bankBox(int i) throws IOException {
        Box b = banked.get(i);
        if (b != null) {
            return b;
        }
        Sample s = samples.get(i);
        Box vol = cache.get(s.source());
        int[] o = centredOrigin(s);
        int bx = shape.width() + 2 * jitter;
        int by = shape.height() + 2 * jitter;
        int bz = shape.depth() + 2 * jitter;
        int ox = o[0] - jitter;
        int oy = o[1] - jitter;
        int oz = o[2] - jitter;
        float[] img = new float[bx * by * bz];
        byte[] mask = vol.mask != null ? new byte[img.length] : null;
        for (int z = 0; z < bz; z++) {
            int vz = oz + z;
            for (int y = 0; y < by; y++) {
                int vy = oy + y;
                if (vz < 0 || vz >= vol.vz || vy < 0 || vy >= vol.vy) {
                    continue;
                }
                int x0 = Math.max(0, -ox);
                int x1 = Math.min(bx, vol.vx - ox);
                if (x1 <= x0) {
                    continue;
                }
                int src = (vz * vol.vy + vy) * vol.vx + ox + x0;
                int dst = (z * by + y) * bx + x0;
                System.arraycopy(vol.img, src, img, dst, x1 - x0);
                if (mask != null) {
                    System.arraycopy(vol.mask, src, mask, dst, x1 - x0);
                }
            }
        }
        Box cut = new Box(img, mask, ox, oy, oz, bx, by, bz, vol.vx, vol.vy, vol.vz, vol.name);
        banked.compareAndSet(i, null, cut);
        return banked.get(i);
    }

    @Override
    CubeBatch make(int epoch, int batch, int[] order) {
        int start = batch * batchSize;
        int n = Math.min(batchSize, samples.size() - start);
        int d = shape.depth();
        int h = shape.height();
        int w = shape.width();
        BatchArrays.Owned cubes = BatchArrays.allocateOwned(n, 1, d, h, w);
        BatchArrays.Owned labels = classification ? BatchArrays.allocateOwned(n, 1) : null;
        BatchArrays.Owned masks = masked ? BatchArrays.allocateOwned(n, 1, d, h, w) : null;
        BatchArrays.Owned weights = classification ? null : BatchArrays.allocateOwned(n, 1, d, h, w);
        FloatBuffer bc = BatchArrays.buffer(cubes.array());
        FloatBuffer bm = masks != null ? BatchArrays.buffer(masks.array()) : null;
        FloatBuffer bw = weights != null ? BatchArrays.buffer(weights.array()) : null;
        FloatBuffer bl = labels != null ? BatchArrays.buffer(labels.array()) : null;
        int[] idx = new int[n];
        int[][] origins = new int[n][];
        boolean[][] flipped = new boolean[n][];
        for (int k = 0; k < n; k++) {
            int position = start + k;
            int i = order[position];
            idx[k] = i;
            Sample s = samples.get(i);
            try {
                SplittableRandom rng = mode == Mode.TRAIN ? Seeds.generator(seed, Seeds.CUBES, epoch, position)
                        : null;
                Box box;
                int[] origin;
                switch (s.kind()) {
                    case CENTRED -> {
                        origin = centredOrigin(s);
                        if (jitter > 0) {
                            for (int a = 0; a < 3; a++) {
                                origin[a] += rng.nextInt(-jitter, jitter + 1);
                            }
                        }
                        box = bank ? bankBox(i) : cache.get(s.source());
                    }
                    case RANDOM -> {
                        box = cache.get(s.source());
                        origin = randomOrigin(box, s.owned(), rng);
                    }
                    default -> {
                        box = cache.get(s.source());
                        origin = s.origin().clone();
                    }
                }
                boolean[] f = {false, false, false};
                if (flips) {
                    for (int a = 0; a < 3; a++) {
                        f[a] = rng.nextBoolean();
                    }
                }
                cut(box, origin, f, s.owned(), bc, bm, bw, k);
                if (bl != null) {
                    bl.put(k, s.label());
                }
                origins[k] = origin;
                flipped[k] = f;
            } catch (IOException | RuntimeException e) {
                for (BatchArrays.Owned a : new BatchArrays.Owned[] {cubes, labels, masks, weights}) {
                    if (a != null) {
                        a.free();
                    }
                }
                throw new DataLoadingException("cannot cut cube " + s.id() + " from "
                        + sources.get(s.source()).image().describe() + " (epoch " + epoch + ", batch " + batch
                        + ", position " + position + "): " + e.getMessage(), e);
            }
        }
        return new CubeBatch(epoch, batch, cubes, labels, masks, weights, idx, origins, flipped);
    }

    /** A random training cube inside {@code region}: on a mask voxel with probability foregroundFraction. */
    private int[] randomOrigin(Box box, VolumeRegion region, SplittableRandom rng) {
        VolumeRegion r = region != null ? region : new VolumeRegion(0, 0, 0, box.vx, box.vy, box.vz);
        int[] size = {shape.width(), shape.height(), shape.depth()};
        int[] o = new int[3];
        boolean onForeground = rng.nextDouble() < foregroundFraction;
        if (onForeground) {
            int[] fg = box.foreground(r);
            if (fg.length > 0) {
                int v = fg[rng.nextInt(fg.length)];
                int[] c = {box.ox + v % box.bx, box.oy + (v / box.bx) % box.by, box.oz + v / (box.bx * box.by)};
                for (int a = 0; a < 3; a++) {
                    o[a] = c[a] - size[a] / 2;
                }
                return o;
            }
        }
        for (int a = 0; a < 3; a++) {
            int free = r.extent(a) - size[a];
            o[a] = free >= 0 ? r.start(a) + rng.nextInt(free + 1) : r.start(a) + free / 2;
        }
        return o;
    }

    /**
     * Writes the cube with corner {@code origin} (volume voxels), mirrored as {@code flip} says, as row {@code k} of
     * the batch arrays.
     */
    private void cut(Box box, int[] origin, boolean[] flip, VolumeRegion owned, FloatBuffer bc, FloatBuffer bm,
            FloatBuffer bw, int k) {
        int d = shape.depth();
        int h = shape.height();
        int w = shape.width();
        float[] row = new float[w];
        float[] mrow = bm != null ? new float[w] : null;
        float[] wrow = bw != null ? new float[w] : null;
        int base = k * d * h * w;
        // Cube columns c in [lo, hi) hold volume columns origin + c inside the volume; [ownLo, ownHi) are owned.
        int lo = Math.max(0, -origin[0]);
        int hi = Math.min(w, box.vx - origin[0]);
        int ownLo = owned == null ? lo : Math.max(lo, owned.x0() - origin[0]);
        int ownHi = owned == null ? hi : Math.min(hi, owned.x1() - origin[0]);
        for (int zz = 0; zz < d; zz++) {
            int vz = origin[2] + (flip[2] ? d - 1 - zz : zz);
            for (int yy = 0; yy < h; yy++) {
                int vy = origin[1] + (flip[1] ? h - 1 - yy : yy);
                boolean rowInside = vz >= 0 && vz < box.vz && vy >= 0 && vy < box.vy && hi > lo;
                boolean rowOwned = rowInside && (owned == null || (vz >= owned.z0() && vz < owned.z1()
                        && vy >= owned.y0() && vy < owned.y1()));
                java.util.Arrays.fill(row, 0f);
                if (mrow != null) {
                    java.util.Arrays.fill(mrow, 0f);
                }
                if (rowInside) {
                    // Source index of volume column vx: boxRow + vx.
                    int boxRow = ((vz - box.oz) * box.by + (vy - box.oy)) * box.bx - box.ox;
                    // Cube column c (before the flip) holds volume column origin + c; it lands at position p.
                    if (!flip[0]) {
                        System.arraycopy(box.img, boxRow + origin[0] + lo, row, lo, hi - lo);
                    } else {
                        for (int c = lo; c < hi; c++) {
                            row[w - 1 - c] = box.img[boxRow + origin[0] + c];
                        }
                    }
                    if (mrow != null && box.mask != null) {
                        for (int c = lo; c < hi; c++) {
                            if (box.mask[boxRow + origin[0] + c] != 0) {
                                mrow[flip[0] ? w - 1 - c : c] = 1f;
                            }
                        }
                    }
                }
                if (wrow != null) {
                    java.util.Arrays.fill(wrow, 0f);
                    if (rowOwned) {
                        for (int c = ownLo; c < ownHi; c++) {
                            wrow[flip[0] ? w - 1 - c : c] = 1f;
                        }
                    }
                }
                int at = base + (zz * h + yy) * w;
                bc.put(at, row, 0, w);
                if (bm != null) {
                    bm.put(at, mrow, 0, w);
                }
                if (bw != null) {
                    bw.put(at, wrow, 0, w);
                }
            }
        }
    }
}
