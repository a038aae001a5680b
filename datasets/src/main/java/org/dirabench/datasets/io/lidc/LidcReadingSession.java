package org.dirabench.datasets.io.lidc;

import java.util.List;

/**
 * One {@code readingSession}: everything one radiologist marked on the series.
 *
 * @param index position in the file (0-based)
 * @param radiologistId {@code servicingRadiologistID} (anonymised)
 * @param nodules the {@code unblindedReadNodule}s
 * @param nonNodules the {@code nonNodule}s
 */
public record LidcReadingSession(int index, String radiologistId, List<LidcNoduleRead> nodules,
        List<LidcNonNodule> nonNodules) {
    /** Copies the lists. */
    public LidcReadingSession {
        nodules = List.copyOf(nodules);
        nonNodules = List.copyOf(nonNodules);
    }
}
