/**
 * Batches as float32 ND4J arrays with background prefetch: {@link org.dirabench.datasets.batch.PretrainLoader} (two
 * views and the restoration target, [N, C, H, W]), {@link org.dirabench.datasets.batch.ClassificationLoader} (images
 * [N, 3, S, S] and labels [N, L] for fine-tuning), {@link org.dirabench.datasets.batch.SegmentationLoader2d} (images
 * [N, 3, S, S] and masks [N, 1, S, S]) and {@link org.dirabench.datasets.batch.CubeLoader} (3D cubes
 * [N, 1, D, H, W] with labels [N, 1] or masks and weights [N, 1, D, H, W] for the 3D target tasks).
 *
 * <p>Determinism: a sample's random decisions come from a generator seeded by (seed, stream, epoch, position)
 * ({@link org.dirabench.datasets.batch.Seeds}: views, per-load labels, cube placement each on their own stream), so
 * batches are bit-identical for any number of workers and when a run resumes at (epoch, batch). Arrays are allocated
 * off-heap per batch; a consumer done with a batch may {@code close()} its arrays to free the memory at once instead
 * of waiting for the garbage collector ({@link org.dirabench.datasets.batch.CubeBatch#close()} for cube batches).
 *
 * <p>Decisions: (1) the classification loader's per-load label hook ({@link
 * org.dirabench.datasets.tasks.SampleLabels}) is applied to training views only; evaluation views use the records'
 * binary labels, so AUC is defined (BTL applies CheXpert's LSR-Ones to every list). (2) Cubes are cut along the
 * volume's voxel axes without resampling; outside the volume image, mask and weight are 0; Models Genesis'
 * fine-tuning augmentation is not in the read sources, so jitter and flips are off by default. (3) Evaluation of a
 * volume without centres is by tiles whose weights own each voxel once, so global IoU over the weighted voxels equals
 * the whole-volume IoU. (4) Cube batches live on JavaCPP memory, not ND4J's allocator: on the reference machine
 * {@code Nd4j.createUninitialized} costs about 5 ms per MB (an 8 MB batch of 16 cubes of 64 × 64 × 32: ~45 ms, more
 * than cutting the cubes), a JavaCPP allocation well under a millisecond; the 2D segmentation loader does the same.
 * (5) The 2D segmentation loader resizes by nearest neighbour as BTL and does not reproduce BTL's albumentations
 * training augmentation (optional left-right flips only).
 */
package org.dirabench.datasets.batch;
