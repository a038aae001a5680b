/**
 * Augmentations: DiRA's two pretraining views ({@link org.dirabench.datasets.views.TwoViewAugmentation},
 * REFERENCE.md §1.2) and BTL's fine-tuning views ({@link org.dirabench.datasets.views.FineTuneViews}, §3.1).
 *
 * <p>Every random transform separates the draw from the application (MONAI style): {@code draw(RandomGenerator …)}
 * returns a parameter record, {@code apply(image, params)} is deterministic. torchvision's sampling is followed
 * (e.g. {@code RandomResizedCrop}'s 10 tries and central fallback), not torch's random streams.
 *
 * <p>Decisions: gray images travel as one channel and are replicated to RGB when batched (identical numbers, since
 * every operation treats the channels of a gray-replicated image alike and saturation/hue are exact no-ops on it);
 * pixel constants defined at 224 (blur σ, distortion sizes) scale with S/224 by default
 * ({@link org.dirabench.datasets.image.PixelScale#RELATIVE}); no normalisation by default
 * ({@link org.dirabench.datasets.views.Normalization#NONE}).
 */
package org.dirabench.datasets.views;
