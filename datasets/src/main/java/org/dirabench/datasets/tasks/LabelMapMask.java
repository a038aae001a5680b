package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.util.BitSet;
import java.util.Set;
import java.util.TreeSet;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;

/**
 * A mask taken from a label map (an integer-valued volume on the image grid): the voxels whose label is one of
 * {@code foreground}. LiTS: labels {0, 1 liver, 2 tumour}, liver task = {1, 2}; BraTS: {0, 1, 2, 4} (2018-2021) or
 * {0, 1, 2, 3} (2023), regions as {@link Brats.TumourRegion}; TotalSegmentator: liver = {5}.
 *
 * @param labels the label volume
 * @param foreground labels inside the mask
 * @param known every label the map may hold (a value outside, or a non-integer value, is an error); empty = any
 *     integer
 */
public record LabelMapMask(VolumeReader labels, Set<Integer> foreground, Set<Integer> known) implements MaskReader {
    /** Copies the sets. */
    public LabelMapMask {
        foreground = Set.copyOf(foreground);
        known = Set.copyOf(known);
    }

    /**
     * @throws ImageFormatException naming label map and image when their sizes differ ("volume/mask size mismatch"),
     *     or naming the label map, the voxel (x, y, z) and the value when a value is not an integer or not known
     */
    @Override
    public BitSet read(VoxelGrid grid, String image) throws IOException {
        Volume v = labels.read();
        if (v.nx() != grid.nx() || v.ny() != grid.ny() || v.nz() != grid.nz()) {
            throw new ImageFormatException(null, "volume/mask size mismatch: label map " + labels.describe() + " is "
                    + v.nx() + " x " + v.ny() + " x " + v.nz() + " voxels but image " + image + " is " + grid.nx()
                    + " x " + grid.ny() + " x " + grid.nz());
        }
        float[] d = v.data();
        BitSet out = new BitSet(d.length);
        int[] fg = foreground.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < d.length; i++) {
            float x = d[i];
            int label = (int) x;
            if (label != x || (!known.isEmpty() && !known.contains(label))) {
                int plane = v.nx() * v.ny();
                throw new ImageFormatException(null, "label map " + labels.describe() + ": voxel (" + (i % v.nx())
                        + ", " + ((i % plane) / v.nx()) + ", " + (i / plane) + ") has value " + x + "; expected one of "
                        + new TreeSet<>(known));
            }
            for (int f : fg) {
                if (label == f) {
                    out.set(i);
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return labels.describe() + " labels " + new TreeSet<>(foreground);
    }
}
