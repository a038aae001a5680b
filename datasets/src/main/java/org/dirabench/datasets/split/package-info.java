/**
 * Train / validation / test lists ({@link org.dirabench.datasets.split.Split}), the patient-disjointness check
 * (REFERENCE.md §6 P6), seeded patient-disjoint splits, and BTL's label fractions.
 *
 * <p>Decisions: CPython's {@code random.Random} is reproduced bit-for-bit
 * ({@link org.dirabench.datasets.split.PythonRandom}, tested against CPython 3.11 output), so
 * {@link org.dirabench.datasets.split.LabelFraction} selects exactly the subset BTL's {@code random.Random(99)}
 * selects from a list in the same order, and a seeded patient split can be redone in Python. Split fractions are of
 * images; whole patients move, so sizes are approximate.
 */
package org.dirabench.datasets.split;
