package org.dirabench.datasets.io.lidc;

import java.util.Arrays;

/**
 * One {@code roi} of an LIDC reading: the outline of a nodule on one CT slice.
 *
 * <p>{@code edgeMap} points are pixel coordinates on that slice: {@code xCoord} = column, {@code yCoord} = row (LIDC
 * XML schema). A nodule under 3 mm has one ROI with a single point (its approximate centre).
 *
 * @param imageZposition {@code imageZposition}: the slice's patient z (Image Position (Patient) z, mm)
 * @param imageSopUid {@code imageSOP_UID}: the slice's SOP Instance UID
 * @param inclusion {@code inclusion}: true for the nodule's outline, false for a hole to exclude
 * @param xs columns of the edge map, in order
 * @param ys rows of the edge map, in order
 */
public record LidcRoi(double imageZposition, String imageSopUid, boolean inclusion, int[] xs, int[] ys) {
    /** Copies the coordinate arrays. */
    public LidcRoi {
        if (xs.length != ys.length || xs.length == 0) {
            throw new IllegalArgumentException("edge map needs matching, non-empty x and y lists");
        }
        xs = xs.clone();
        ys = ys.clone();
    }

    /** @return number of edge-map points */
    public int pointCount() {
        return xs.length;
    }

    @Override
    public int[] xs() {
        return xs.clone();
    }

    @Override
    public int[] ys() {
        return ys.clone();
    }

    @Override
    public String toString() {
        return "LidcRoi[z " + imageZposition + ", SOP " + imageSopUid + (inclusion ? "" : ", exclusion") + ", "
                + xs.length + " points from (" + xs[0] + ", " + ys[0] + ")]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LidcRoi r && r.imageZposition == imageZposition && r.imageSopUid.equals(imageSopUid)
                && r.inclusion == inclusion && Arrays.equals(r.xs, xs) && Arrays.equals(r.ys, ys);
    }

    @Override
    public int hashCode() {
        return 31 * imageSopUid.hashCode() + Arrays.hashCode(xs) + 7 * Arrays.hashCode(ys);
    }
}
