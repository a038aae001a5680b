package org.dirabench.datasets.distort;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.PixelScale;

/**
 * DiRA's restoration distortion {@code Custom_Distoration} (DIRA transformation.py:L18-L59; REFERENCE.md §1.2 item 5),
 * applied to each view after jitter, blur and flip. One r ~ U[0, 1) per view picks the mode:
 * <ul>
 *   <li>r ≤ 0.30 <b>cut-out</b> (in-painting task): up to 10 rectangles, sides ~ U{10..70}, top-left
 *       ~ U{3..S−side−3}, are set to 0 (black); after each rectangle the loop stops with probability 0.1 (L25-L33);</li>
 *   <li>0.30 &lt; r ≤ 0.35 <b>out-painting</b>: the image is zeroed and up to 10 windows of side S − U{50..70} at
 *       random positions are copied back from the original, same early stop (L34-L44);</li>
 *   <li>0.35 &lt; r ≤ 0.65 <b>patch swapping</b> (local shuffling): 10 times, two squares of sides ~ U{10..15}
 *       (rows and columns drawn independently, shared by both squares) exchange contents; every swap reads from a
 *       copy taken before the first one, and the second write wins where the two squares overlap (L45-L58);</li>
 *   <li>r &gt; 0.65 <b>identity</b>.</li>
 * </ul>
 * The released non-overlap test of patch swapping compares the column terms with {@code <} instead of {@code >}, so
 * it always passes and the two squares may overlap (REFERENCE.md §1.8 item 2). {@link PatchOverlap#RELEASED} (the
 * default) reproduces that; {@link PatchOverlap#DISJOINT} redraws until the squares are apart as intended
 * ({@code x1 > x2+h or x2 > x1+h or y1 > y2+w or y2 > y1+w}).
 *
 * <p>All lengths (10, 70, 3, 50, 70, 10, 15) are the reference's at 224 pixels; under {@link PixelScale#RELATIVE}
 * (default) each is multiplied by S/224 and rounded ({@link PixelScale#scale}; sides at least 1 pixel), under
 * {@link PixelScale#ABSOLUTE} they are used as they are, which needs S ≥ 76. Operates on every channel alike, on
 * float images in [0, 1] where the reference works on uint8 arrays (black = 0 in both). Rows are the first image
 * axis ("x" in the reference code), columns the second.
 */
public final class RestorationDistortion2d {
    /** Upper end of the cut-out range of r. */
    public static final double CUT_OUT_UP_TO = 0.30;
    /** Upper end of the out-painting range of r. */
    public static final double OUT_PAINTING_UP_TO = 0.35;
    /** Upper end of the patch-swapping range of r. */
    public static final double PATCH_SWAPPING_UP_TO = 0.65;
    private static final int BLOCKS = 10;
    private static final double STOP = 0.1;
    private static final int SWAPS = 10;
    private static final int MAX_REDRAWS = 100_000;

    /** The four outcomes. */
    public enum Mode {
        /** Rectangles set to black. */
        CUT_OUT,
        /** Everything black except windows copied back. */
        OUT_PAINTING,
        /** Pairs of squares exchanged. */
        PATCH_SWAPPING,
        /** Unchanged. */
        IDENTITY
    }

    /** Whether patch-swapping squares may overlap. */
    public enum PatchOverlap {
        /** As released: the test always passes, squares may overlap. */
        RELEASED,
        /** As intended: squares are redrawn until they are apart. */
        DISJOINT
    }

    /**
     * A rectangle in pixels.
     *
     * @param row first row
     * @param col first column
     * @param height rows
     * @param width columns
     */
    public record Box(int row, int col, int height, int width) {
        /** @return whether the two rectangles share a pixel */
        public boolean overlaps(Box o) {
            return row < o.row + o.height && o.row < row + height && col < o.col + o.width && o.col < col + width;
        }
    }

    /**
     * One patch swap: {@code first} receives the original content of {@code second} and vice versa.
     *
     * @param first a square
     * @param second a square of the same size
     */
    public record Swap(Box first, Box second) {
    }

    /**
     * A drawn distortion.
     *
     * @param r the mode draw, in [0, 1)
     * @param mode the mode r selects
     * @param boxes cut-out rectangles or out-painting windows, in order (empty for the other modes)
     * @param swaps patch swaps, in order (empty for the other modes)
     */
    public record Params(double r, Mode mode, List<Box> boxes, List<Swap> swaps) {
        /** Copies the lists. */
        public Params {
            boxes = List.copyOf(boxes);
            swaps = List.copyOf(swaps);
        }
    }

    private final int size;
    private final PatchOverlap overlap;
    private final int cutMin;
    private final int cutMax;
    private final int margin;
    private final int outMin;
    private final int outMax;
    private final int patchMin;
    private final int patchMax;

    /**
     * @param size the side S of the (square) views in pixels
     * @param scale how the pixel constants carry over from 224 to S
     * @param overlap patch-swapping overlap policy
     * @throws IllegalArgumentException when the scaled rectangles do not fit into S (e.g. {@code ABSOLUTE} below 76)
     */
    public RestorationDistortion2d(int size, PixelScale scale, PatchOverlap overlap) {
        this.size = size;
        this.overlap = overlap;
        this.cutMin = Math.max(1, scale.scale(10, size));
        this.cutMax = Math.max(cutMin, scale.scale(70, size));
        this.margin = scale.scale(3, size);
        this.outMin = scale.scale(50, size);
        this.outMax = Math.max(outMin, scale.scale(70, size));
        this.patchMin = Math.max(1, scale.scale(10, size));
        this.patchMax = Math.max(patchMin, scale.scale(15, size));
        if (size - cutMax - 2 * margin < 0 || size - outMax < 1 || outMin - 2 * margin < 0
                || size - patchMax - 2 * margin < 0) {
            throw new IllegalArgumentException("distortion rectangles (" + scale + " pixel constants: cut-out sides "
                    + cutMin + ".." + cutMax + ", out-painting " + outMin + ".." + outMax + ", patches " + patchMin
                    + ".." + patchMax + ", margin " + margin + ") do not fit into " + size + "x" + size
                    + (scale == PixelScale.ABSOLUTE ? "; ABSOLUTE needs S >= 76" : ""));
        }
    }

    /** @return DiRA's distortion at size S: relative pixel constants, released overlap behaviour */
    public static RestorationDistortion2d dira(int size) {
        return new RestorationDistortion2d(size, PixelScale.RELATIVE, PatchOverlap.RELEASED);
    }

    /** @return the view side S */
    public int size() {
        return size;
    }

    /** @return {cut-out min, max, margin, out-painting min, max, patch min, max} side lengths in pixels at S */
    public int[] geometry() {
        return new int[] {cutMin, cutMax, margin, outMin, outMax, patchMin, patchMax};
    }

    /**
     * @param rng the generator
     * @return the drawn distortion
     */
    public Params draw(RandomGenerator rng) {
        double r = rng.nextDouble();
        List<Box> boxes = new ArrayList<>();
        List<Swap> swaps = new ArrayList<>();
        Mode mode;
        if (r <= CUT_OUT_UP_TO) {
            mode = Mode.CUT_OUT;
            drawBlocks(rng, cutMin, cutMax, false, boxes);
        } else if (r <= OUT_PAINTING_UP_TO) {
            mode = Mode.OUT_PAINTING;
            drawBlocks(rng, outMin, outMax, true, boxes);
        } else if (r <= PATCH_SWAPPING_UP_TO) {
            mode = Mode.PATCH_SWAPPING;
            for (int cnt = SWAPS; cnt > 0; cnt--) {
                swaps.add(drawSwap(rng));
            }
        } else {
            mode = Mode.IDENTITY;
        }
        return new Params(r, mode, boxes, swaps);
    }

    /**
     * Up to 10 rectangles, stopping after each with probability 0.1 (L25-L44): sides ~ U{min..max}, or S minus that
     * for out-painting windows ({@code complement}); top-left ~ U{margin..S−side−margin}.
     */
    private void drawBlocks(RandomGenerator rng, int min, int max, boolean complement, List<Box> out) {
        for (int cnt = BLOCKS; cnt > 0; cnt--) {
            int h = between(rng, min, max);
            int w = between(rng, min, max);
            if (complement) {
                h = size - h;
                w = size - w;
            }
            out.add(new Box(between(rng, margin, size - h - margin), between(rng, margin, size - w - margin), h, w));
            if (rng.nextDouble() < STOP) {
                break;
            }
        }
    }

    private Swap drawSwap(RandomGenerator rng) {
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            int h = between(rng, patchMin, patchMax);
            int w = between(rng, patchMin, patchMax);
            int r1 = between(rng, margin, size - h - margin);
            int c1 = between(rng, margin, size - w - margin);
            int r2 = between(rng, margin, size - h - margin);
            int c2 = between(rng, margin, size - w - margin);
            boolean accepted = overlap == PatchOverlap.RELEASED
                    // DIRA transformation.py:L53 as released: the column terms use '<', always true.
                    ? (r1 > r2 + h) || (r2 > r1 + h) || (c1 < c2 + w) || (c2 < c1 + w)
                    : (r1 > r2 + h) || (r2 > r1 + h) || (c1 > c2 + w) || (c2 > c1 + w);
            if (accepted) {
                return new Swap(new Box(r1, c1, h, w), new Box(r2, c2, h, w));
            }
        }
        throw new IllegalStateException("no two disjoint " + patchMax + "-pixel squares found in " + size + "x" + size);
    }

    /**
     * @param img a view [C, S, S] in [0, 1]
     * @param params a drawn distortion
     * @return the distorted view (the input itself for {@link Mode#IDENTITY})
     * @throws IllegalArgumentException when the image is not S × S
     */
    public Image2d apply(Image2d img, Params params) {
        if (img.height() != size || img.width() != size) {
            throw new IllegalArgumentException("distortion built for " + size + "x" + size + " got " + img);
        }
        return switch (params.mode()) {
            case IDENTITY -> img;
            case CUT_OUT -> {
                Image2d out = img.copy();
                for (Box b : params.boxes()) {
                    fill(out, b);
                }
                yield out;
            }
            case OUT_PAINTING -> {
                Image2d out = Image2d.zeros(img.channels(), size, size);
                for (Box b : params.boxes()) {
                    copy(img, b, out, b);
                }
                yield out;
            }
            case PATCH_SWAPPING -> {
                Image2d out = img.copy();
                for (Swap s : params.swaps()) {
                    copy(img, s.second(), out, s.first());
                    copy(img, s.first(), out, s.second());
                }
                yield out;
            }
        };
    }

    /** Python's {@code random.randint(a, b)}: uniform on a..b inclusive. */
    private static int between(RandomGenerator rng, int a, int b) {
        return a == b ? a : rng.nextInt(a, b + 1);
    }

    private static void fill(Image2d img, Box b) {
        float[] d = img.data();
        for (int c = 0; c < img.channels(); c++) {
            for (int y = b.row(); y < b.row() + b.height(); y++) {
                int base = (c * img.height() + y) * img.width() + b.col();
                java.util.Arrays.fill(d, base, base + b.width(), 0f);
            }
        }
    }

    private static void copy(Image2d from, Box src, Image2d to, Box dst) {
        float[] s = from.data();
        float[] d = to.data();
        int h = from.height();
        int w = from.width();
        for (int c = 0; c < from.channels(); c++) {
            for (int y = 0; y < src.height(); y++) {
                System.arraycopy(s, (c * h + src.row() + y) * w + src.col(), d, (c * h + dst.row() + y) * w + dst.col(),
                        src.width());
            }
        }
    }
}
