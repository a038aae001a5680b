package org.dirabench.datasets.io.lidc;

import java.util.BitSet;
import java.util.List;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.io.dicom.SeriesLayout;

/**
 * One reader's nodule filled into a 3D mask on the series grid (x = column, y = row, z = sorted slice; the flat index
 * is {@link VoxelGrid#index}).
 *
 * <p><b>Slice.</b> Each ROI goes to the slice whose SOP Instance UID is its {@code imageSOP_UID}; when no slice has
 * that UID, to the slice whose Image Position (Patient) z is within half a slice step of {@code imageZposition}.
 *
 * <p><b>Fill.</b> A pixel belongs to an inclusion ROI when its centre lies inside the closed edge-map polygon (even-odd
 * rule) or it is one of the edge-map pixels itself. LIDC readers drew the outline on the nodule's boundary pixels, so
 * the outline is kept; this reproduces the volumes of {@code lidc_idri_0001/nodules_from_xml.csv} (equivalent
 * diameters 25.3, 23.3, 23.8 and 24.7 mm for the four reads of the large nodule). Exclusion ROIs
 * ({@code inclusion = FALSE}) clear the pixels strictly inside them (inside by the same rule and not on their own
 * edge map), after all inclusions of the slice. A nodule under
 * 3 mm (one point) is one voxel.
 */
public final class NoduleMask {
    private final LidcNoduleRead read;
    private final VoxelGrid grid;
    private final BitSet voxels;
    private final double[] centroidVoxel;

    private NoduleMask(LidcNoduleRead read, VoxelGrid grid, BitSet voxels) {
        this.read = read;
        this.grid = grid;
        this.voxels = voxels;
        double sx = 0;
        double sy = 0;
        double sz = 0;
        int plane = grid.nx() * grid.ny();
        for (int i = voxels.nextSetBit(0); i >= 0; i = voxels.nextSetBit(i + 1)) {
            sz += i / plane;
            sy += (i % plane) / grid.nx();
            sx += i % grid.nx();
        }
        int n = voxels.cardinality();
        this.centroidVoxel = new double[] {sx / n, sy / n, sz / n};
    }

    /**
     * @param read one reader's nodule
     * @param layout the series the reading refers to
     * @return the filled mask
     * @throws IllegalArgumentException naming reader, nodule and ROI when an ROI matches no slice (neither by SOP
     *     Instance UID nor by z) or has a point outside the image
     */
    public static NoduleMask rasterize(LidcNoduleRead read, SeriesLayout layout) {
        VoxelGrid g = layout.grid();
        BitSet mask = new BitSet();
        List<LidcRoi> rois = read.rois();
        int[] slices = new int[rois.size()];
        for (int i = 0; i < rois.size(); i++) {
            LidcRoi r = rois.get(i);
            int k = layout.indexOfSop(r.imageSopUid());
            if (k < 0) {
                k = layout.indexAtPatientZ(r.imageZposition());
            }
            if (k < 0) {
                throw new IllegalArgumentException("reader " + read.readerIndex() + ", nodule '" + read.noduleId()
                        + "', roi " + i + ": no slice of series " + layout.seriesInstanceUid() + " has SOP Instance UID "
                        + r.imageSopUid() + " or z " + r.imageZposition() + " mm");
            }
            int[] xs = r.xs();
            int[] ys = r.ys();
            for (int p = 0; p < xs.length; p++) {
                if (xs[p] < 0 || xs[p] >= g.nx() || ys[p] < 0 || ys[p] >= g.ny()) {
                    throw new IllegalArgumentException("reader " + read.readerIndex() + ", nodule '" + read.noduleId()
                            + "', roi " + i + ": edge point (" + xs[p] + ", " + ys[p] + ") outside the "
                            + g.nx() + " x " + g.ny() + " image");
                }
            }
            slices[i] = k;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < rois.size(); i++) {
                LidcRoi r = rois.get(i);
                if (r.inclusion() == (pass == 0)) {
                    fill(r, slices[i], g, mask, r.inclusion());
                }
            }
        }
        return new NoduleMask(read, g, mask);
    }

    private static void fill(LidcRoi r, int z, VoxelGrid g, BitSet mask, boolean include) {
        int[] xs = r.xs();
        int[] ys = r.ys();
        int n = xs.length;
        int x0 = Integer.MAX_VALUE;
        int x1 = Integer.MIN_VALUE;
        int y0 = Integer.MAX_VALUE;
        int y1 = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            x0 = Math.min(x0, xs[i]);
            x1 = Math.max(x1, xs[i]);
            y0 = Math.min(y0, ys[i]);
            y1 = Math.max(y1, ys[i]);
        }
        java.util.Set<Long> edge = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            edge.add(((long) xs[i] << 32) | ys[i]);
        }
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                if (include) {
                    if (inside(xs, ys, x, y) || edge.contains(((long) x << 32) | y)) {
                        mask.set(g.index(x, y, z));
                    }
                } else if (inside(xs, ys, x, y) && !edge.contains(((long) x << 32) | y)) {
                    mask.clear(g.index(x, y, z));
                }
            }
        }
    }

    /** Even-odd rule for the point (x, y) against the closed polygon (crossings of a ray towards +x). */
    private static boolean inside(int[] xs, int[] ys, double x, double y) {
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y)) {
                double cross = xs[i] + (double) (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]);
                if (x < cross) {
                    in = !in;
                }
            }
        }
        return in;
    }

    /** @return the reading it was filled from */
    public LidcNoduleRead read() {
        return read;
    }

    /** @return the series grid */
    public VoxelGrid grid() {
        return grid;
    }

    /** @return the voxels (flat index as {@link VoxelGrid#index}); a copy */
    public BitSet voxels() {
        return (BitSet) voxels.clone();
    }

    /** @return true when the flat voxel index is in the mask */
    public boolean contains(int index) {
        return voxels.get(index);
    }

    /** @return number of voxels */
    public int voxelCount() {
        return voxels.cardinality();
    }

    /** @return true when the two masks share a voxel */
    public boolean overlaps(NoduleMask other) {
        return voxels.intersects(other.voxels);
    }

    /** @return volume in mm³: voxel count × the voxel volume of the grid */
    public double volumeMm3() {
        double[] s = grid.spacing();
        return voxelCount() * s[0] * s[1] * s[2];
    }

    /** @return the diameter (mm) of a sphere of the same volume, {@code (6 V / π)^(1/3)} */
    public double equivalentDiameterMm() {
        return Math.cbrt(6 * volumeMm3() / Math.PI);
    }

    /** @return the mean voxel index (x, y, z) */
    public double[] centroidVoxel() {
        return centroidVoxel.clone();
    }

    /** @return the centroid in patient coordinates (LPS, mm) */
    public double[] centroidMm() {
        return grid.voxelToWorld(centroidVoxel[0], centroidVoxel[1], centroidVoxel[2]);
    }
}
