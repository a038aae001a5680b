package org.dirabench.datasets.split;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.testng.annotations.Test;

public class SplitTest {

    record S(String sampleId, String patientId) implements PatientSample {
    }

    /** Expected values printed by CPython 3.11.7 (see the comment of each). */
    @Test
    public void pythonRandomMatchesCPythonBitForBit() {
        // random.Random(99).shuffle(list(range(20)))
        int[] x = IntStream.range(0, 20).toArray();
        new PythonRandom(99).shuffle(x);
        assertEquals(x, new int[] {9, 0, 13, 16, 15, 14, 10, 11, 8, 17, 4, 1, 18, 2, 3, 7, 5, 6, 19, 12});
        // random.Random(99).shuffle(list(range(1000))): first 12 and last 3
        int[] y = IntStream.range(0, 1000).toArray();
        new PythonRandom(99).shuffle(y);
        assertEquals(java.util.Arrays.copyOf(y, 12), new int[] {852, 720, 591, 114, 174, 191, 589, 483, 462, 912,
                895, 790});
        assertEquals(java.util.Arrays.copyOfRange(y, 997, 1000), new int[] {204, 389, 413});
        // random.Random(0).shuffle(list(range(7))); random.Random(2**40 + 5).shuffle(list(range(5)))
        int[] z = IntStream.range(0, 7).toArray();
        new PythonRandom(0).shuffle(z);
        assertEquals(z, new int[] {4, 2, 1, 0, 5, 3, 6});
        int[] w = IntStream.range(0, 5).toArray();
        new PythonRandom((1L << 40) + 5).shuffle(w);
        assertEquals(w, new int[] {1, 0, 3, 2, 4});
        // r = random.Random(7); [r.getrandbits(k) for k in (1, 5, 17, 32)], r.randrange(1000)
        PythonRandom r = new PythonRandom(7);
        assertEquals(r.getrandbits(1), 0);
        assertEquals(r.getrandbits(5), 30);
        assertEquals(r.getrandbits(17), 19772);
        assertEquals(r.getrandbits(32), 1695753998L);
        assertEquals(r.randbelow(1000), 666);
    }

    @Test
    public void labelFractionIsBtlsFirstPercentOfTheRandom99Shuffle() {
        List<Integer> items = IntStream.range(0, 37).boxed().toList();
        // idx = list(range(37)); random.Random(99).shuffle(idx); idx[:int(37 * 25 / 100.0)]
        assertEquals(LabelFraction.firstPercent(items, 25), List.of(33, 9, 0, 27, 30, 1, 29, 7, 20));
        assertEquals(LabelFraction.firstFraction(items, 0.25), List.of(33, 9, 0, 27, 30, 1, 29, 7, 20));
        assertEquals(LabelFraction.firstPercent(items, 100), items, "100 % keeps the original order");
        expectThrows(IllegalArgumentException.class, () -> LabelFraction.firstPercent(items, 1)); // int(0.37) = 0
        expectThrows(IllegalArgumentException.class, () -> LabelFraction.firstFraction(items, 0));
        expectThrows(IllegalArgumentException.class, () -> LabelFraction.firstFraction(items, 1.5));
    }

    private static List<S> samples(int patients, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<S> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            int n = 1 + r.nextInt(6);
            for (int k = 0; k < n; k++) {
                out.add(new S(String.format("%08d_%03d.png", p, k), Integer.toString(p)));
            }
        }
        return out;
    }

    @Test
    public void patientSplitIsDisjointDeterministicAndNearItsFractions() {
        List<S> all = samples(300, 1);
        Split<S> a = PatientSplitter.split(all, 0.1, 0.2, 5);
        Split<S> b = PatientSplitter.split(all, 0.1, 0.2, 5);
        assertEquals(a, b, "same seed, same split");
        List<S> reversed = new ArrayList<>(all);
        java.util.Collections.reverse(reversed);
        Split<S> c = PatientSplitter.split(reversed, 0.1, 0.2, 5);
        assertEquals(new HashSet<>(c.test()), new HashSet<>(a.test()), "input order does not matter");
        assertNotEquals(PatientSplitter.split(all, 0.1, 0.2, 6).test(), a.test(), "another seed, another split");
        a.requirePatientDisjoint();
        assertEquals(a.size(), all.size());
        int n = all.size();
        assertTrue(Math.abs(a.test().size() - 0.2 * n) <= 6, "test " + a.test().size() + " of " + n);
        int nonTest = n - a.test().size();
        assertTrue(Math.abs(a.val().size() - 0.1 * nonTest) <= 6, "val " + a.val().size() + " of " + nonTest);
        Set<S> seen = new HashSet<>();
        for (List<S> part : List.of(a.train(), a.val(), a.test())) {
            for (S s : part) {
                assertTrue(seen.add(s), "sample in two parts: " + s);
            }
        }
    }

    @Test
    public void carvedValidationKeepsTheOfficialTestList() {
        List<S> all = samples(100, 2);
        List<S> test = all.subList(0, 30);
        List<S> trainVal = all.subList(30, all.size());
        Split<S> s = PatientSplitter.carveValidation(trainVal, test, 0.15, 0);
        assertEquals(s.test(), test);
        assertEquals(s.train().size() + s.val().size(), trainVal.size());
        assertTrue(!s.val().isEmpty());
    }

    @Test
    public void overlappingPatientsAreNamedInTheError() {
        S a1 = new S("a1", "A");
        S a2 = new S("a2", "A");
        S b1 = new S("b1", "B");
        S c1 = new S("c1", "C");
        S c2 = new S("c2", "C");
        Split<S> leaky = new Split<>(List.of(a1, b1, c1), List.of(c2), List.of(a2));
        IllegalStateException e = expectThrows(IllegalStateException.class, leaky::requirePatientDisjoint);
        assertTrue(e.getMessage().contains("2 patient(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("A [train, test]"), e.getMessage());
        assertTrue(e.getMessage().contains("C [train, val]"), e.getMessage());
        assertTrue(!e.getMessage().contains("B "), e.getMessage());
    }
}
