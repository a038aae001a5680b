package org.dirabench.datasets.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dirabench.datasets.split.Split;

/**
 * What the fine-tuning code needs to know about a 2D image classification task: its id, where the data came from,
 * its labels, its patient-disjoint split, how a record's labels are drawn at each load and how its image is read.
 * One dataset class ({@link ChestXray14}, {@link CheXpert}, {@link PneumoniaMnist}) builds one or more of these.
 * Metric: mean ROC AUC over {@link #evaluatedLabels()} ({@link Metric#AUC}). Batches: {@code
 * ClassificationLoader.builder(task, part, size, batch, views)} gives images [N, 3, S, S] and labels [N, L].
 *
 * <p><b>Pattern for a new dataset class</b> (see {@link ChestXray14}): a static {@code open(Path folder, Options)}
 * that reads the dataset in its native layout in place; bad input throws naming file and line; anything
 * skipped (missing images, rows without images) is counted, logged and exposed, never dropped silently; a split from
 * the official lists when present, else a seeded patient-disjoint split ({@link
 * org.dirabench.datasets.split.PatientSplitter}); the split is checked with
 * {@link Split#requirePatientDisjoint()}; and one method per task returning a {@code ClassificationTask}.
 *
 * @param id the task id used in results.csv (docs/FORMATS.md), e.g. {@code chestxray14}, {@code chestxray14_abnormal}
 * @param data {@code real}, {@code stand-in:<name>} or {@code phantom} (results.csv column {@code data})
 * @param labelNames the L label names, in the order of every record's label vector
 * @param evaluatedLabels the labels the headline metric averages over (a subset of {@code labelNames}; CheXpert trains
 *     on 14 and evaluates 5, REFERENCE.md §6 P7); all labels by default
 * @param split train / val / test records, each with L labels
 * @param sampleLabels the labels a loader puts into a batch for a record ({@link SampleLabels#FIXED}, or CheXpert's
 *     uncertainty policy)
 * @param images how a record's image is read ({@link RecordImages#FILES}, or PneumoniaMNIST's arrays)
 * @param splitNote where the split came from (see {@link TargetTask#splitNote()})
 */
public record ClassificationTask(String id, String data, List<String> labelNames, List<String> evaluatedLabels,
        Split<ImageRecord> split, SampleLabels sampleLabels, RecordImages images, String splitNote)
        implements TargetTask<ImageRecord> {
    /** Validates: non-empty labels, evaluated labels among them, every record with L labels. */
    public ClassificationTask {
        Objects.requireNonNull(sampleLabels, "sampleLabels");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(splitNote, "splitNote");
        labelNames = List.copyOf(labelNames);
        evaluatedLabels = List.copyOf(evaluatedLabels);
        if (labelNames.isEmpty()) {
            throw new IllegalArgumentException("task " + id + " has no labels");
        }
        if (!labelNames.containsAll(evaluatedLabels) || evaluatedLabels.isEmpty()) {
            throw new IllegalArgumentException("task " + id + ": evaluated labels " + evaluatedLabels
                    + " must be a non-empty subset of " + labelNames);
        }
        for (List<ImageRecord> part : List.of(split.train(), split.val(), split.test())) {
            for (ImageRecord r : part) {
                if (r.labelCount() != labelNames.size()) {
                    throw new IllegalArgumentException("task " + id + ": " + r.imageId() + " has " + r.labelCount()
                            + " labels, expected " + labelNames.size());
                }
            }
        }
    }

    /** A task with fixed labels read from image files, evaluated on {@code evaluatedLabels}. */
    public ClassificationTask(String id, String data, List<String> labelNames, List<String> evaluatedLabels,
            Split<ImageRecord> split, String splitNote) {
        this(id, data, labelNames, evaluatedLabels, split, SampleLabels.FIXED, RecordImages.FILES, splitNote);
    }

    /** A task with fixed labels read from image files whose headline metric averages over all labels. */
    public ClassificationTask(String id, String data, List<String> labelNames, Split<ImageRecord> split,
            String splitNote) {
        this(id, data, labelNames, labelNames, split, splitNote);
    }

    /** @return {@link Metric#AUC} */
    @Override
    public Metric metric() {
        return Metric.AUC;
    }

    /** @return the number of labels L (the width of the network's output) */
    public int labelCount() {
        return labelNames.size();
    }

    /** @return the positions of {@link #evaluatedLabels()} in {@link #labelNames()} */
    public int[] evaluatedIndices() {
        List<Integer> idx = new ArrayList<>();
        for (String l : evaluatedLabels) {
            idx.add(labelNames.indexOf(l));
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}
