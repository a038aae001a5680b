package org.dirabench.datasets.io.lidc;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reads of several radiologists that refer to one nodule ({@link NoduleClustering}), and their consensus.
 *
 * <p>Each reader's mask is the union of that reader's reads in the cluster (normally one). {@link #consensus(int)}
 * is the set of voxels in at least k readers' masks, the usual LIDC consensus (k = 2 for "50% agreement" of four
 * readers; LUNA16 accepted nodules marked by at least 3 of 4 readers).
 */
public final class PhysicalNodule {
    private final List<NoduleMask> reads;
    private final Map<Integer, BitSet> byReader = new TreeMap<>();

    PhysicalNodule(List<NoduleMask> reads) {
        this.reads = List.copyOf(reads);
        for (NoduleMask m : reads) {
            byReader.computeIfAbsent(m.read().readerIndex(), k -> new BitSet()).or(m.voxels());
        }
    }

    /** @return the reads, in input order */
    public List<NoduleMask> reads() {
        return reads;
    }

    /** @return the indices of the readers who marked it, ascending */
    public List<Integer> readers() {
        return new ArrayList<>(byReader.keySet());
    }

    /** @return number of distinct readers who marked it */
    public int readerCount() {
        return byReader.size();
    }

    /** @return true when every read is a point mark (a nodule under 3 mm) */
    public boolean isSmall() {
        return reads.stream().allMatch(r -> r.read().isSmall());
    }

    /** @return the union of all readers' masks */
    public BitSet union() {
        BitSet u = new BitSet();
        byReader.values().forEach(u::or);
        return u;
    }

    /**
     * @param k minimum number of readers (1 = union, {@link #readerCount()} = intersection)
     * @return voxels inside at least k readers' masks (flat index on the series grid)
     */
    public BitSet consensus(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        BitSet u = union();
        BitSet out = new BitSet();
        for (int i = u.nextSetBit(0); i >= 0; i = u.nextSetBit(i + 1)) {
            int c = 0;
            for (BitSet b : byReader.values()) {
                if (b.get(i)) {
                    c++;
                }
            }
            if (c >= k) {
                out.set(i);
            }
        }
        return out;
    }

    /** @return the mean of the reads' centroids (LPS, mm) */
    public double[] centroidMm() {
        double[] c = new double[3];
        for (NoduleMask m : reads) {
            double[] x = m.centroidMm();
            for (int d = 0; d < 3; d++) {
                c[d] += x[d] / reads.size();
            }
        }
        return c;
    }
}
