package org.dirabench.datasets.split;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that no patient has samples in two parts of a split (REFERENCE.md §6 P6; DiRA and BTL use the
 * patient-disjoint official ChestX-ray14 lists, §1.5).
 */
public final class PatientDisjointness {
    /** How many overlapping patients an error message lists before "…". */
    static final int LISTED = 20;

    private PatientDisjointness() {
    }

    /**
     * @param split a split
     * @param <T> the sample type
     * @return every patient found in more than one part, mapped to the parts ("train", "val", "test") it is in,
     *     sorted by patient id; empty when the split is patient-disjoint
     */
    public static <T extends PatientSample> Map<String, Set<String>> overlaps(Split<T> split) {
        Map<String, Set<String>> parts = new TreeMap<>();
        add(parts, split.train(), "train");
        add(parts, split.val(), "val");
        add(parts, split.test(), "test");
        parts.values().removeIf(s -> s.size() < 2);
        return parts;
    }

    /**
     * @param split a split
     * @param <T> the sample type
     * @throws IllegalStateException when a patient is in more than one part; the message gives their number and
     *     names the first {@value #LISTED} with their parts
     */
    public static <T extends PatientSample> void check(Split<T> split) {
        Map<String, Set<String>> o = overlaps(split);
        if (o.isEmpty()) {
            return;
        }
        List<String> named = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : o.entrySet()) {
            if (named.size() == LISTED) {
                named.add("...");
                break;
            }
            named.add(e.getKey() + " " + e.getValue());
        }
        throw new IllegalStateException("split is not patient-disjoint: " + o.size() + " patient(s) in more than one"
                + " part: " + String.join(", ", named));
    }

    private static <T extends PatientSample> void add(Map<String, Set<String>> parts, List<T> list, String part) {
        for (T s : list) {
            parts.computeIfAbsent(s.patientId(), k -> new LinkedHashSet<>()).add(part);
        }
    }
}
