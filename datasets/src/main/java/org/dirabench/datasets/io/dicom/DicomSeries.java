package org.dirabench.datasets.io.dicom;

import java.io.IOException;
import java.nio.file.Path;
import java.util.BitSet;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.Volume;

/**
 * A DICOM series folder read into one volume: slices sorted along the slice normal ({@link SeriesLayout}), values
 * rescaled to Hounsfield units for CT (stored × Rescale Slope + Rescale Intercept, per slice), and the
 * outside-the-field-of-view padding detected and handled as {@link PaddingPolicy} says.
 *
 * <p>Index order is the volume's: x = column, y = row, z = sorted slice, {@code data[(z * rows + y) * columns + x]};
 * the grid is LPS in mm. The real LIDC-IDRI-0001 series reads as 133 x 512 x 512 (z, y, x) with 0.703125 mm pixels
 * and 2.5 mm slice steps.
 */
public final class DicomSeries {
    private final SeriesLayout layout;
    private final Volume volume;
    private final BitSet padding;

    private DicomSeries(SeriesLayout layout, Volume volume, BitSet padding) {
        this.layout = layout;
        this.volume = volume;
        this.padding = padding;
    }

    /**
     * Reads a series with {@link PaddingPolicy#AIR}.
     *
     * @param folder the folder of one series
     * @return the volume, its layout and its padding mask
     * @throws ImageFormatException see {@link SeriesLayout#read(Path)} and {@link DicomSlice#read(Path)}
     * @throws IOException when a file cannot be read
     */
    public static DicomSeries read(Path folder) throws IOException {
        return read(folder, PaddingPolicy.AIR);
    }

    /**
     * Reads a series.
     *
     * @param folder the folder of one series
     * @param policy what to do with padding voxels
     * @return the volume, its layout and its padding mask
     * @throws ImageFormatException see {@link SeriesLayout#read(Path)} and {@link DicomSlice#read(Path)}; also when a
     *     file changed between the header pass and the pixel pass (its SOP Instance UID differs)
     * @throws IOException when a file cannot be read
     */
    public static DicomSeries read(Path folder, PaddingPolicy policy) throws IOException {
        SeriesLayout layout = SeriesLayout.read(folder);
        int nx = layout.grid().nx();
        int ny = layout.grid().ny();
        int nz = layout.grid().nz();
        long total = (long) nx * ny * nz;
        if (total > Integer.MAX_VALUE - 8) {
            throw new ImageFormatException(folder, "series of " + nz + " slices of " + ny + " x " + nx + " = " + total
                    + " voxels is larger than one Java array");
        }
        float[] data = new float[(int) total];
        BitSet pad = new BitSet((int) total);
        int plane = nx * ny;
        for (int z = 0; z < nz; z++) {
            DicomSlice header = layout.slices().get(z);
            DicomSlice s = DicomSlice.read(header.file());
            if (!s.sopInstanceUid().equals(header.sopInstanceUid())) {
                throw new ImageFormatException(s.file(), "SOP Instance UID changed while reading the series");
            }
            int off = z * plane;
            s.rescaleInto(data, off);
            markPadding(s, data, off, pad, policy);
        }
        return new DicomSeries(layout, new Volume(layout.grid(), data), pad);
    }

    private static void markPadding(DicomSlice s, float[] data, int off, BitSet pad, PaddingPolicy policy) {
        Integer ppv = s.pixelPaddingValue();
        Integer limit = s.pixelPaddingRangeLimit();
        int lo = 0;
        int hi = -1;
        if (ppv != null) {
            lo = limit == null ? ppv : Math.min(ppv, limit);
            hi = limit == null ? ppv : Math.max(ppv, limit);
        }
        boolean ct = s.modality().equals("CT");
        int n = s.rows() * s.columns();
        int[] stored = ppv == null ? null : s.storedValues();
        for (int i = 0; i < n; i++) {
            boolean p = (stored != null && stored[i] >= lo && stored[i] <= hi)
                    || (ct && data[off + i] < policy.belowHu());
            if (p) {
                pad.set(off + i);
                if (policy.replace()) {
                    data[off + i] = policy.fillHu();
                }
            }
        }
    }

    /** @return the slice layout (files, SOP Instance UIDs and positions in z order) */
    public SeriesLayout layout() {
        return layout;
    }

    /** @return the volume (Hounsfield units for CT; padding handled per the policy) */
    public Volume volume() {
        return volume;
    }

    /** @return padding voxels, indexed like the volume's data; shared, do not modify */
    public BitSet paddingMask() {
        return padding;
    }
}
