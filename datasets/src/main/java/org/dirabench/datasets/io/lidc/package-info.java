/**
 * LIDC-IDRI radiologist annotations: the XML reads ({@link org.dirabench.datasets.io.lidc.LidcXml}), their contours
 * filled on the CT series grid ({@link org.dirabench.datasets.io.lidc.NoduleMask}), the grouping of the readers' reads
 * into physical nodules ({@link org.dirabench.datasets.io.lidc.NoduleClustering}) and the consensus masks
 * ({@link org.dirabench.datasets.io.lidc.PhysicalNodule#consensus(int)}).
 *
 * <p><b>Decisions.</b> Fill: pixel centres inside the edge-map polygon (even-odd) plus the edge pixels themselves,
 * which reproduces {@code lidc_idri_0001/nodules_from_xml.csv} to its 0.1 mm rounding. ROI to slice: by
 * {@code imageSOP_UID}, else by {@code imageZposition} within half a slice step. Clustering: single linkage between
 * reads of different readers whose masks overlap or whose centroids are within 5 mm. Consensus: a voxel belongs when
 * at least k readers' masks hold it (k = 1 union, k = 2 the common 50% consensus of four readers, k = number of
 * readers the intersection).
 */
package org.dirabench.datasets.io.lidc;
