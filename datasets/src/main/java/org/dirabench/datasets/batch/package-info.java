/**
 * Batches as float32 ND4J arrays ([N, C, H, W]) with background prefetch:
 * {@link org.dirabench.datasets.batch.PretrainLoader} (two views and the restoration target) and
 * {@link org.dirabench.datasets.batch.ClassificationLoader} (images and labels for fine-tuning).
 *
 * <p>Determinism: a sample's random decisions come from a generator seeded by (seed, epoch, position)
 * ({@link org.dirabench.datasets.batch.Seeds}), so batches are bit-identical for any number of workers and when a run
 * resumes at (epoch, batch). Arrays are allocated off-heap per batch; a consumer done with a batch may
 * {@code close()} its arrays to free the memory at once instead of waiting for the garbage collector.
 */
package org.dirabench.datasets.batch;
