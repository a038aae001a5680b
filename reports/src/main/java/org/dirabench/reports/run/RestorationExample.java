package org.dirabench.reports.run;

import java.nio.file.Path;

/**
 * One (input, distorted, restored) triple saved by a DiRA pretraining job in {@code restoration/}: the restoration
 * target (gray crop before distortion), what the network saw, and the network's output ({@code docs/FORMATS.md}).
 * A file the job did not save is null.
 *
 * @param index the example number k
 * @param input {@code example_<k>_input.png}, or null
 * @param distorted {@code example_<k>_distorted.png}, or null
 * @param restored {@code example_<k>_restored.png}, or null
 */
public record RestorationExample(int index, Path input, Path distorted, Path restored) {
    /** @return true when all three images exist */
    public boolean complete() {
        return input != null && distorted != null && restored != null;
    }
}
