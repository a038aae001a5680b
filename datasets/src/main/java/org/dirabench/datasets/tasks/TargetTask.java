package org.dirabench.datasets.tasks;

import java.util.Set;
import java.util.TreeSet;
import org.dirabench.datasets.split.PatientSample;
import org.dirabench.datasets.split.Split;

/**
 * What every target task tells the harness, whatever its kind: its id and data source (the {@code task} and
 * {@code data} columns of results.csv), its headline metric, its train / val / test split, and where that split came
 * from.
 *
 * <p>The four kinds: {@link ClassificationTask} (2D images and labels, AUC), {@link SegmentationTask2d} (2D image and
 * mask, Dice), {@link ClassificationTask3d} (candidate cubes and labels, AUC), {@link SegmentationTask3d} (volume or
 * cube and mask, IoU).
 *
 * @param <T> the sample type (image, candidate, volume); each names its patient
 */
public interface TargetTask<T extends PatientSample> {
    /** @return the task id used in results.csv, e.g. {@code chexpert}, {@code luna16} */
    String id();

    /** @return {@code real}, {@code stand-in:<name>} or {@code phantom} */
    String data();

    /** @return the headline metric */
    Metric metric();

    /** @return the split */
    Split<T> split();

    /**
     * @return one line saying where the split came from and whether it is patient-disjoint, e.g. "subsets 0-4 / 5-6 /
     *     7-9 (Models Genesis config.py)" or "seeded patient-disjoint split, seed 0, val 0.1, test 0.2"
     */
    String splitNote();

    /** @return the distinct patient ids of all three parts, sorted */
    default Set<String> patients() {
        Set<String> p = new TreeSet<>();
        for (var part : java.util.List.of(split().train(), split().val(), split().test())) {
            part.forEach(s -> p.add(s.patientId()));
        }
        return p;
    }
}
