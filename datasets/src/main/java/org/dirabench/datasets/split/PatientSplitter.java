package org.dirabench.datasets.split;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deterministic patient-disjoint splits, for datasets without official lists (and to carve a validation part out of
 * an official train_val list).
 *
 * <p>Procedure: the distinct patient ids are sorted (so the result does not depend on the input order), shuffled with
 * {@link PythonRandom}{@code (seed)} (reproducible in Python as {@code random.Random(seed).shuffle(sorted(ids))}), and
 * walked in that order until the part reaches its target {@code Math.round(fraction · n)} samples; a patient is taken
 * when adding all its samples brings the part closer to the target, else skipped (so one patient with many images
 * does not overshoot the part by much). The test part is filled first, then validation from the remaining patients,
 * and the rest form train. Whole patients move, so part sizes match their targets only approximately. Within each part
 * samples keep their input order.
 */
public final class PatientSplitter {
    private PatientSplitter() {
    }

    /**
     * @param samples all samples
     * @param valFraction fraction of the non-test samples put in validation, in [0, 1)
     * @param testFraction fraction of all samples put in test, in [0, 1)
     * @param seed shuffle seed
     * @param <T> the sample type
     * @return a patient-disjoint split
     * @throws IllegalArgumentException for fractions outside [0, 1)
     */
    public static <T extends PatientSample> Split<T> split(List<T> samples, double valFraction, double testFraction,
            long seed) {
        checkFraction("test", testFraction);
        checkFraction("validation", valFraction);
        Map<String, List<T>> byPatient = byPatient(samples);
        List<String> patients = new ArrayList<>(byPatient.keySet());
        patients.sort(null);
        new PythonRandom(seed).shuffle(patients);
        Set<String> test = take(patients, byPatient, Math.round(testFraction * samples.size()));
        List<String> rest = new ArrayList<>(patients);
        rest.removeAll(test);
        long nonTest = rest.stream().mapToLong(p -> byPatient.get(p).size()).sum();
        Set<String> val = take(rest, byPatient, Math.round(valFraction * nonTest));
        return assemble(samples, val, test);
    }

    /**
     * Carves a patient-disjoint validation part out of a train_val list.
     *
     * @param trainVal the official train_val samples
     * @param test the official test samples (kept as they are)
     * @param valFraction fraction of {@code trainVal} put in validation, in [0, 1)
     * @param seed shuffle seed
     * @param <T> the sample type
     * @return the split
     */
    public static <T extends PatientSample> Split<T> carveValidation(List<T> trainVal, List<T> test,
            double valFraction, long seed) {
        Split<T> s = split(trainVal, valFraction, 0.0, seed);
        return new Split<>(s.train(), s.val(), test);
    }

    private static void checkFraction(String what, double f) {
        if (!(f >= 0 && f < 1)) {
            throw new IllegalArgumentException(what + " fraction must be in [0, 1), got " + f);
        }
    }

    private static <T extends PatientSample> Map<String, List<T>> byPatient(List<T> samples) {
        Map<String, List<T>> m = new LinkedHashMap<>();
        for (T s : samples) {
            m.computeIfAbsent(s.patientId(), k -> new ArrayList<>()).add(s);
        }
        return m;
    }

    private static <T> Set<String> take(List<String> order, Map<String, List<T>> byPatient, long target) {
        Set<String> chosen = new HashSet<>();
        long count = 0;
        for (String p : order) {
            if (count >= target) {
                break;
            }
            int n = byPatient.get(p).size();
            // Take the patient when that brings the part closer to its target; otherwise try the next one.
            if (count + n - target < target - count) {
                chosen.add(p);
                count += n;
            }
        }
        return chosen;
    }

    private static <T extends PatientSample> Split<T> assemble(List<T> samples, Set<String> val, Set<String> test) {
        List<T> tr = new ArrayList<>();
        List<T> va = new ArrayList<>();
        List<T> te = new ArrayList<>();
        for (T s : samples) {
            if (test.contains(s.patientId())) {
                te.add(s);
            } else if (val.contains(s.patientId())) {
                va.add(s);
            } else {
                tr.add(s);
            }
        }
        return new Split<>(tr, va, te);
    }
}
