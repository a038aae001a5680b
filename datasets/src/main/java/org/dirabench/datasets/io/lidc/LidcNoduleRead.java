package org.dirabench.datasets.io.lidc;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * One {@code unblindedReadNodule}: a nodule as one radiologist marked it.
 *
 * @param readerIndex index of the {@code readingSession} in the file (0-based), i.e. which of the (usually 4)
 *     readers
 * @param noduleId {@code noduleID} (reader-specific, not shared between readers)
 * @param characteristics {@code characteristics} (subtlety, internalStructure, calcification, sphericity, margin,
 *     lobulation, spiculation, texture, malignancy), present for nodules of 3 mm or more; empty otherwise
 * @param rois the outlines, one per slice (several per slice when there are exclusions)
 */
public record LidcNoduleRead(int readerIndex, String noduleId, Map<String, Integer> characteristics,
        List<LidcRoi> rois) {
    /** Copies the collections. */
    public LidcNoduleRead {
        characteristics = Map.copyOf(characteristics);
        rois = List.copyOf(rois);
    }

    /** @return true for a nodule under 3 mm: one ROI with a single edge-map point */
    public boolean isSmall() {
        return rois.size() == 1 && rois.get(0).pointCount() == 1;
    }

    /** @return the malignancy rating 1-5, when given */
    public OptionalInt malignancy() {
        Integer m = characteristics.get("malignancy");
        return m == null ? OptionalInt.empty() : OptionalInt.of(m);
    }
}
