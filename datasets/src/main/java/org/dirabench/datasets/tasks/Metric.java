package org.dirabench.datasets.tasks;

/**
 * The headline metric of a target task, as the {@code metric} column of results.csv names it (docs/FORMATS.md).
 *
 * <p>Sources: ROC AUC for classification, mean over the evaluated labels (BTL utils.py:L47-L56, REFERENCE.md §3.1);
 * Dice for the 2D segmentation tasks, global over all test pixels at 0.5 (BTL engine.py:L244-L247, §3.1); IoU for the
 * 3D segmentation tasks and AUC for the 3D false-positive reduction tasks (Models Genesis keras/downstream_tasks/
 * config.py, §3.2).
 */
public enum Metric {
    /** Area under the ROC curve. */
    AUC("auc"),
    /** Dice coefficient 2TP / (2TP + FP + FN). */
    DICE("dice"),
    /** Intersection over union (Jaccard) TP / (TP + FP + FN). */
    IOU("iou");

    private final String id;

    Metric(String id) {
        this.id = id;
    }

    /** @return the name used in results.csv: {@code auc}, {@code dice} or {@code iou} */
    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }
}
