/**
 * Restoration distortions: DiRA's 2D {@code Custom_Distoration}
 * ({@link org.dirabench.datasets.distort.RestorationDistortion2d}: cut-out, out-painting, patch swapping, identity at
 * 0.30 / 0.05 / 0.30 / 0.35), with the released patch-overlap behaviour as the default.
 */
package org.dirabench.datasets.distort;
