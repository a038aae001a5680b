package org.dirabench.datasets.io;

import java.util.Arrays;

/**
 * The geometry of a 3D voxel grid: its size and the affine map from voxel indices to patient (world) coordinates
 * in millimetres.
 *
 * <p><b>Index order.</b> A voxel is addressed as {@code (x, y, z)} where {@code x} is the index that varies fastest
 * in memory and on disk, then {@code y}, then {@code z}. The flat index is {@code (z * ny + y) * nx + x}. In each
 * format this means: NIfTI-1 {@code (i, j, k)} = {@code (x, y, z)} (i fastest on disk, header field {@code dim[1..3]});
 * MetaImage {@code DimSize} lists {@code nx ny nz}; a DICOM series has {@code x} = column, {@code y} = row and
 * {@code z} = slice, sorted by position along the slice normal.
 *
 * <p><b>Affine.</b> {@code world = M · (x, y, z) + t}: column {@code c} of {@code M} is the world direction of voxel
 * axis {@code c} times the voxel spacing along it, and {@code t} is the world position of the centre of voxel
 * {@code (0, 0, 0)}. {@link #spacing()} is the column norms of {@code M} (mm), {@link #direction()} the unit columns.
 * This is nibabel's {@code img.affine} for NIfTI and ITK's {@code origin + direction · diag(spacing) · index} for
 * MetaImage and DICOM.
 *
 * <p><b>Frame.</b> The world axes are those of the source format: {@link Frame#RAS} for NIfTI (NIfTI-1 qform/sform
 * convention), {@link Frame#LPS} for DICOM and MetaImage (DICOM PS3.3 C.7.6.2.1.1, ITK). {@link #inFrame(Frame)} converts by negating the first two world axes.
 *
 * <p>Instances are immutable.
 */
public final class VoxelGrid {
    /** The patient coordinate system of the world axes. */
    public enum Frame {
        /** +x towards the patient's Left, +y Posterior, +z Superior: DICOM (PS3.3 C.7.6.2.1.1), ITK, MetaImage. */
        LPS,
        /** +x towards the patient's Right, +y Anterior, +z Superior: NIfTI-1 qform/sform, nibabel. */
        RAS
    }

    private final int nx;
    private final int ny;
    private final int nz;
    private final double[][] m; // 3x4: [M | t]
    private final Frame frame;

    /**
     * @param nx number of voxels along x (fastest)
     * @param ny number of voxels along y
     * @param nz number of voxels along z (slowest)
     * @param affine 3x4 or 4x4 row-major affine {@code [M | t]} in mm (a 4x4's last row is ignored)
     * @param frame the world frame
     * @throws IllegalArgumentException for non-positive sizes or a malformed affine
     */
    public VoxelGrid(int nx, int ny, int nz, double[][] affine, Frame frame) {
        if (nx <= 0 || ny <= 0 || nz <= 0) {
            throw new IllegalArgumentException("grid size must be positive: " + nx + " x " + ny + " x " + nz);
        }
        if (affine == null || affine.length < 3) {
            throw new IllegalArgumentException("affine must have 3 or 4 rows");
        }
        this.m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            if (affine[r].length != 4) {
                throw new IllegalArgumentException("affine row " + r + " must have 4 entries");
            }
            System.arraycopy(affine[r], 0, m[r], 0, 4);
        }
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.frame = java.util.Objects.requireNonNull(frame, "frame");
    }

    /**
     * Builds the grid ITK-style: {@code world = origin + direction · diag(spacing) · index}.
     *
     * @param spacing voxel spacing (sx, sy, sz) in mm
     * @param origin world position of voxel (0, 0, 0) in mm
     * @param direction 3x3 row-major; column c is the unit world direction of voxel axis c
     */
    public static VoxelGrid of(int nx, int ny, int nz, double[] spacing, double[] origin, double[][] direction,
            Frame frame) {
        double[][] a = new double[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                a[r][c] = direction[r][c] * spacing[c];
            }
            a[r][3] = origin[r];
        }
        return new VoxelGrid(nx, ny, nz, a, frame);
    }

    /** @return voxels along x (fastest-varying index) */
    public int nx() {
        return nx;
    }

    /** @return voxels along y */
    public int ny() {
        return ny;
    }

    /** @return voxels along z (slowest-varying index) */
    public int nz() {
        return nz;
    }

    /** @return {@code nx * ny * nz} */
    public long voxelCount() {
        return (long) nx * ny * nz;
    }

    /** @return the flat index {@code (z * ny + y) * nx + x} */
    public int index(int x, int y, int z) {
        return (z * ny + y) * nx + x;
    }

    /** @return the world frame */
    public Frame frame() {
        return frame;
    }

    /** @return voxel spacing (sx, sy, sz) in mm: the norms of the affine's columns */
    public double[] spacing() {
        double[] s = new double[3];
        for (int c = 0; c < 3; c++) {
            s[c] = Math.sqrt(m[0][c] * m[0][c] + m[1][c] * m[1][c] + m[2][c] * m[2][c]);
        }
        return s;
    }

    /** @return world position (mm) of the centre of voxel (0, 0, 0) */
    public double[] origin() {
        return new double[] {m[0][3], m[1][3], m[2][3]};
    }

    /** @return 3x3 row-major direction matrix: column c is the unit world direction of voxel axis c */
    public double[][] direction() {
        double[] s = spacing();
        double[][] d = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                d[r][c] = s[c] == 0 ? 0 : m[r][c] / s[c];
            }
        }
        return d;
    }

    /** @return a fresh 4x4 row-major affine (mm) in this grid's frame */
    public double[][] affine() {
        double[][] a = new double[4][4];
        for (int r = 0; r < 3; r++) {
            a[r] = Arrays.copyOf(m[r], 4);
        }
        a[3][3] = 1;
        return a;
    }

    /** @return this grid with its world axes expressed in {@code target} (first two world axes negated if needed) */
    public VoxelGrid inFrame(Frame target) {
        if (target == frame) {
            return this;
        }
        double[][] a = affine();
        for (int r = 0; r < 2; r++) {
            for (int c = 0; c < 4; c++) {
                a[r][c] = -a[r][c];
            }
        }
        return new VoxelGrid(nx, ny, nz, a, target);
    }

    /** @return this geometry with another size (same affine), e.g. for a single slice of a series */
    public VoxelGrid withSize(int nx2, int ny2, int nz2) {
        return new VoxelGrid(nx2, ny2, nz2, m, frame);
    }

    /**
     * @param x voxel index along x (may be fractional)
     * @return world coordinates in mm, in {@link #frame()}
     */
    public double[] voxelToWorld(double x, double y, double z) {
        double[] w = new double[3];
        for (int r = 0; r < 3; r++) {
            w[r] = m[r][0] * x + m[r][1] * y + m[r][2] * z + m[r][3];
        }
        return w;
    }

    /**
     * Inverse of {@link #voxelToWorld}: {@code index = M⁻¹ (world - t)}, the LUNA16/ITK convention
     * {@code diag(1/spacing) · direction⁻¹ · (world - origin)}.
     *
     * @return fractional voxel indices (x, y, z)
     * @throws IllegalStateException when the affine is singular
     */
    public double[] worldToVoxel(double wx, double wy, double wz) {
        double[][] inv = inverse3(m);
        double[] d = {wx - m[0][3], wy - m[1][3], wz - m[2][3]};
        double[] v = new double[3];
        for (int r = 0; r < 3; r++) {
            v[r] = inv[r][0] * d[0] + inv[r][1] * d[1] + inv[r][2] * d[2];
        }
        return v;
    }

    private static double[][] inverse3(double[][] a) {
        double c00 = a[1][1] * a[2][2] - a[1][2] * a[2][1];
        double c01 = a[1][2] * a[2][0] - a[1][0] * a[2][2];
        double c02 = a[1][0] * a[2][1] - a[1][1] * a[2][0];
        double det = a[0][0] * c00 + a[0][1] * c01 + a[0][2] * c02;
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalStateException("voxel-to-world affine is singular (determinant " + det + ")");
        }
        double[][] inv = new double[3][3];
        inv[0][0] = c00 / det;
        inv[1][0] = c01 / det;
        inv[2][0] = c02 / det;
        inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
        inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
        inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
        inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
        inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
        inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
        return inv;
    }

    @Override
    public String toString() {
        double[] s = spacing();
        double[] o = origin();
        return String.format("VoxelGrid[%d x %d x %d (x, y, z), spacing %.4g x %.4g x %.4g mm, origin (%.4g, %.4g, %.4g)"
                + " mm, %s]", nx, ny, nz, s[0], s[1], s[2], o[0], o[1], o[2], frame);
    }
}
