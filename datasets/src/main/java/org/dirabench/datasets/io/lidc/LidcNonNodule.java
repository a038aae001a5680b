package org.dirabench.datasets.io.lidc;

/**
 * One {@code nonNodule}: a finding a reader marked as not a nodule, with a single point ({@code locus}).
 *
 * @param readerIndex index of the reading session (0-based)
 * @param id {@code nonNoduleID}
 * @param imageZposition the slice's patient z (mm)
 * @param imageSopUid the slice's SOP Instance UID
 * @param x column
 * @param y row
 */
public record LidcNonNodule(int readerIndex, String id, double imageZposition, String imageSopUid, int x, int y) {
}
