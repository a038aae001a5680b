/**
 * Downstream evaluation: multi-label ROC AUC ({@link org.dirabench.harness.downstream.metrics.RocAuc}), global Dice
 * and IoU ({@link org.dirabench.harness.downstream.metrics.SegmentationOverlap}) and the soft Dice fine-tuning loss
 * ({@link org.dirabench.harness.downstream.metrics.SoftDiceLoss}).
 *
 * <p>AUC takes plain {@code double[][]} [N][C] (or INDArrays [N, C], copied to doubles) and returns doubles;
 * Dice/IoU and the soft Dice take INDArrays [N, C, H, W] or [N, C, D, H, W]. Undefined values are
 * {@link java.lang.Double#NaN} and are documented where they arise; bad input raises
 * {@link java.lang.IllegalArgumentException} naming the argument.
 */
package org.dirabench.harness.downstream.metrics;
