package org.dirabench.datasets.io.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.VoxelGrid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The slices of one DICOM series folder, read header-only and sorted, and the voxel grid they form.
 *
 * <p><b>Which files.</b> Every regular file in the folder (not sub-folders) is tried. A file named {@code *.dcm} must
 * be a DICOM image with pixel data; any other file that is not DICOM (an LIDC {@code .xml}, a README) or that has no
 * Pixel Data (a DICOMDIR, a structured report) is left out, logged, and listed in {@link #ignoredFiles()} with the
 * reason. All slices must share one Series Instance UID, Rows, Columns, Pixel Spacing and Image Orientation
 * (Patient).
 *
 * <p><b>Order.</b> Slices are sorted by the position of Image Position (Patient) along the slice normal
 * {@code n = row direction × column direction} (from Image Orientation (Patient)), ascending; not by file name or
 * Instance Number. Slice index {@code z = 0} is the most negative position along {@code n} (for axial LPS: the most
 * inferior slice).
 *
 * <p><b>Grid</b> (LPS, mm): x = column, y = row, z = sorted slice; column 0 of the affine is the row direction times
 * the column spacing (Pixel Spacing[1]), column 1 the column direction times the row spacing (Pixel Spacing[0]),
 * column 2 the step between consecutive Image Positions, {@code (IPP_last - IPP_first) / (n - 1)}; the origin is the
 * first slice's Image Position. Positions must be distinct and evenly spaced (within 1% of the median step, or
 * 0.01 mm): a missing slice is an error, not a silently stretched volume. A one-slice series uses Spacing Between
 * Slices, else Slice Thickness, else 1 mm along n.
 */
public final class SeriesLayout {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesLayout.class);

    private final Path folder;
    private final List<DicomSlice> slices;
    private final double[] positions;
    private final VoxelGrid grid;
    private final Map<Path, String> ignored;
    private final Map<String, Integer> bySop;

    private SeriesLayout(Path folder, List<DicomSlice> slices, double[] positions, VoxelGrid grid,
            Map<Path, String> ignored) {
        this.folder = folder;
        this.slices = Collections.unmodifiableList(slices);
        this.positions = positions;
        this.grid = grid;
        this.ignored = Collections.unmodifiableMap(ignored);
        this.bySop = new LinkedHashMap<>();
        for (int i = 0; i < slices.size(); i++) {
            bySop.put(slices.get(i).sopInstanceUid(), i);
        }
    }

    /**
     * Reads the headers of a series folder.
     *
     * @param folder the folder holding the slices of one series
     * @return the sorted slice headers and their grid
     * @throws ImageFormatException naming the file(s) and attribute when: a {@code .dcm} file is not a readable
     *     image, the folder has no image, slices differ in Series Instance UID, Rows/Columns, Pixel Spacing or Image
     *     Orientation (Patient), a slice lacks Image Position/Orientation (Patient) or Pixel Spacing, two slices share
     *     a position, or the positions are not evenly spaced
     * @throws UnsupportedTransferSyntaxException when a slice's pixel data are compressed
     * @throws IOException when a file cannot be read
     */
    public static SeriesLayout read(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<DicomSlice> slices = new ArrayList<>();
        Map<Path, String> ignored = new LinkedHashMap<>();
        for (Path f : files) {
            boolean dcm = f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm");
            DicomSlice s;
            try {
                s = DicomSlice.readHeader(f);
                if (!s.hasPixelData()) {
                    throw new ImageFormatException(f, "no Pixel Data (7FE0,0010) element: not an image (SOP Class"
                            + " UID " + s.sopClassUid() + ")");
                }
            } catch (ImageFormatException e) {
                if (dcm) {
                    throw e;
                }
                ignored.put(f, e.getMessage());
                LOG.info("series {}: ignoring {}: {}", folder, f.getFileName(), e.getMessage());
                continue;
            }
            s.checkDecodable();
            slices.add(s);
        }
        if (slices.isEmpty()) {
            throw new ImageFormatException(folder, "no DICOM image in the folder (" + files.size() + " files, "
                    + ignored.size() + " ignored)");
        }
        DicomSlice first = slices.get(0);
        TreeSet<String> series = new TreeSet<>();
        slices.forEach(s -> series.add(s.seriesInstanceUid()));
        if (series.size() > 1) {
            throw new ImageFormatException(folder, "the folder mixes " + series.size() + " series (Series Instance UID "
                    + series + "); give one series per folder");
        }
        double[] iop = require(first.imageOrientationPatient(), first, "Image Orientation (Patient) (0020,0037)");
        double[] ps = require(first.pixelSpacing(), first, "Pixel Spacing (0028,0030)");
        double[] normal = cross(iop);
        for (DicomSlice s : slices) {
            require(s.imagePositionPatient(), s, "Image Position (Patient) (0020,0032)");
            if (s.rows() != first.rows() || s.columns() != first.columns()) {
                throw new ImageFormatException(s.file(), "Rows x Columns " + s.rows() + " x " + s.columns()
                        + " differ from " + first.rows() + " x " + first.columns() + " in " + first.file().getFileName());
            }
            double[] o = require(s.imageOrientationPatient(), s, "Image Orientation (Patient) (0020,0037)");
            for (int i = 0; i < 6; i++) {
                if (Math.abs(o[i] - iop[i]) > 1e-4) {
                    throw new ImageFormatException(s.file(), "Image Orientation (Patient) " + java.util.Arrays
                            .toString(o) + " differs from " + java.util.Arrays.toString(iop) + " in "
                            + first.file().getFileName());
                }
            }
            double[] p = require(s.pixelSpacing(), s, "Pixel Spacing (0028,0030)");
            if (Math.abs(p[0] - ps[0]) > 1e-6 * ps[0] || Math.abs(p[1] - ps[1]) > 1e-6 * ps[1]) {
                throw new ImageFormatException(s.file(), "Pixel Spacing " + java.util.Arrays.toString(p)
                        + " differs from " + java.util.Arrays.toString(ps) + " in " + first.file().getFileName());
            }
        }
        slices.sort(Comparator.comparingDouble(s -> dot(normal, s.imagePositionPatient())));
        int n = slices.size();
        double[] pos = new double[n];
        for (int i = 0; i < n; i++) {
            pos[i] = dot(normal, slices.get(i).imagePositionPatient());
        }
        double[] step = new double[3];
        double[] ipp0 = slices.get(0).imagePositionPatient();
        if (n == 1) {
            double dz = first.spacingBetweenSlices();
            if (!(dz > 0)) {
                dz = first.sliceThickness();
            }
            if (!(dz > 0)) {
                dz = 1;
            }
            for (int r = 0; r < 3; r++) {
                step[r] = normal[r] * dz;
            }
        } else {
            double[] steps = new double[n - 1];
            for (int i = 1; i < n; i++) {
                steps[i - 1] = pos[i] - pos[i - 1];
            }
            double[] sortedSteps = steps.clone();
            java.util.Arrays.sort(sortedSteps);
            double median = sortedSteps[(n - 1) / 2];
            for (int i = 1; i < n; i++) {
                double d = steps[i - 1];
                if (d <= 1e-6) {
                    throw new ImageFormatException(folder, "slices " + slices.get(i - 1).file().getFileName()
                            + " and " + slices.get(i).file().getFileName() + " share the position " + pos[i]
                            + " mm along the slice normal");
                }
                if (Math.abs(d - median) > Math.max(0.01, 0.01 * median)) {
                    throw new ImageFormatException(folder, "uneven slice spacing: " + slices.get(i - 1).file()
                            .getFileName() + " and " + slices.get(i).file().getFileName() + " are " + d
                            + " mm apart along the slice normal, the median step is " + median
                            + " mm (missing slice?)");
                }
            }
            double[] ippN = slices.get(n - 1).imagePositionPatient();
            for (int r = 0; r < 3; r++) {
                step[r] = (ippN[r] - ipp0[r]) / (n - 1);
            }
        }
        double[][] a = new double[3][4];
        for (int r = 0; r < 3; r++) {
            a[r][0] = iop[r] * ps[1];
            a[r][1] = iop[3 + r] * ps[0];
            a[r][2] = step[r];
            a[r][3] = ipp0[r];
        }
        VoxelGrid grid = new VoxelGrid(first.columns(), first.rows(), n, a, VoxelGrid.Frame.LPS);
        return new SeriesLayout(folder, slices, pos, grid, ignored);
    }

    private static double[] require(double[] v, DicomSlice s, String what) throws ImageFormatException {
        if (v == null) {
            throw new ImageFormatException(s.file(), what + " is missing; a series needs it to place the slice");
        }
        return v;
    }

    private static double[] cross(double[] iop) {
        return new double[] {
            iop[1] * iop[5] - iop[2] * iop[4],
            iop[2] * iop[3] - iop[0] * iop[5],
            iop[0] * iop[4] - iop[1] * iop[3],
        };
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    /** @return the folder */
    public Path folder() {
        return folder;
    }

    /** @return the slices (header only) in z order */
    public List<DicomSlice> slices() {
        return slices;
    }

    /** @return number of slices, {@code nz} */
    public int sliceCount() {
        return slices.size();
    }

    /** @return the voxel grid (x = column, y = row, z = sorted slice), LPS mm */
    public VoxelGrid grid() {
        return grid;
    }

    /** @return Series Instance UID */
    public String seriesInstanceUid() {
        return slices.get(0).seriesInstanceUid();
    }

    /** @return SOP Instance UIDs in z order */
    public List<String> sopInstanceUids() {
        return List.copyOf(bySop.keySet());
    }

    /** @return each slice's Image Position (Patient) projected on the slice normal (mm), in z order (ascending) */
    public double[] slicePositions() {
        return positions.clone();
    }

    /**
     * @param sopInstanceUid a SOP Instance UID, as LIDC's {@code imageSOP_UID}
     * @return the z index of the slice with this UID, or -1
     */
    public int indexOfSop(String sopInstanceUid) {
        return bySop.getOrDefault(sopInstanceUid.strip(), -1);
    }

    /**
     * @param zMm a patient z coordinate (the third component of Image Position (Patient), mm), as LIDC's
     *     {@code imageZposition}
     * @return the z index of the slice whose Image Position z is nearest, when within half a slice step (or 0.5 mm
     *     for one slice); else -1
     */
    public int indexAtPatientZ(double zMm) {
        int best = -1;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < slices.size(); i++) {
            double d = Math.abs(slices.get(i).imagePositionPatient()[2] - zMm);
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        double tol = slices.size() > 1 ? Math.abs(grid.affine()[2][2]) / 2 : 0.5;
        return bestD <= tol ? best : -1;
    }

    /** @return files left out (not DICOM, or without pixel data) and why */
    public Map<Path, String> ignoredFiles() {
        return ignored;
    }
}
