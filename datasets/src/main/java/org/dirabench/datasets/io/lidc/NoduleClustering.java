package org.dirabench.datasets.io.lidc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups the readers' nodule reads into physical nodules: LIDC's readers each give their own nodule IDs, so which
 * reads mean the same nodule has to be inferred.
 *
 * <p><b>Rule</b> (single linkage): two reads by <i>different</i> readers are linked when their filled masks share a
 * voxel, or when their centroids are at most {@code linkDistanceMm} apart; physical nodules are the connected
 * components. Overlap catches large nodules whose outlines differ (their centroids can be several mm apart); the
 * distance catches point marks of nodules under 3 mm, which rarely fall on the same voxel (in LIDC-IDRI-0001 the
 * three readers' points of one small nodule lie within 1.6 mm of each other, and distinct nodules are at least
 * 30 mm apart). The default, {@value #DEFAULT_LINK_DISTANCE_MM} mm, is about the size limit of a "small" nodule
 * plus marking scatter. Reads of one reader are never linked to each other directly; should a component still hold
 * two reads of one reader (one reader split what others saw as one nodule), it stays one physical nodule and that
 * reader's mask is the union of the reads.
 */
public final class NoduleClustering {
    /** Default centroid link distance in mm. */
    public static final double DEFAULT_LINK_DISTANCE_MM = 5.0;

    private NoduleClustering() {
    }

    /** Clusters with {@link #DEFAULT_LINK_DISTANCE_MM}. */
    public static List<PhysicalNodule> cluster(List<NoduleMask> reads) {
        return cluster(reads, DEFAULT_LINK_DISTANCE_MM);
    }

    /**
     * @param reads the filled reads of all readers, on one series grid
     * @param linkDistanceMm centroid distance (mm) up to which two reads are linked
     * @return physical nodules, most readers first, then by centroid z (ascending)
     */
    public static List<PhysicalNodule> cluster(List<NoduleMask> reads, double linkDistanceMm) {
        int n = reads.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            c[i] = reads.get(i).centroidMm();
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                NoduleMask a = reads.get(i);
                NoduleMask b = reads.get(j);
                if (a.read().readerIndex() == b.read().readerIndex()) {
                    continue;
                }
                double d = Math.sqrt(sq(c[i][0] - c[j][0]) + sq(c[i][1] - c[j][1]) + sq(c[i][2] - c[j][2]));
                if (d <= linkDistanceMm || a.overlaps(b)) {
                    parent[find(parent, i)] = find(parent, j);
                }
            }
        }
        Map<Integer, List<NoduleMask>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(reads.get(i));
        }
        List<PhysicalNodule> out = new ArrayList<>();
        groups.values().forEach(g -> out.add(new PhysicalNodule(g)));
        out.sort(Comparator.comparingInt(PhysicalNodule::readerCount).reversed()
                .thenComparingDouble(p -> p.centroidMm()[2]));
        return out;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static double sq(double v) {
        return v * v;
    }
}
