package org.dirabench.datasets.tasks;

import java.util.Objects;
import org.dirabench.datasets.split.Split;

/**
 * A 3D segmentation task (LIDC-IDRI nodules = Models Genesis NCS, LiTS liver = LCS, BraTS tumour = BMS): volumes or
 * prepared cubes with binary masks; the headline metric is IoU over all test voxels (REFERENCE.md §3.2). Batches:
 * {@code CubeLoader.segmentation(task, part, shape, batch, mode)} gives cubes [N, 1, D, H, W] in [0, 1] ({@link
 * #window()} applied), masks [N, 1, D, H, W] of 0/1 and, for evaluation tiles, weights [N, 1, D, H, W] marking the
 * voxels each tile counts once.
 *
 * @param id {@code lidc_idri}, {@code lits} or {@code brats}
 * @param data {@code real}, {@code stand-in:<name>} or {@code phantom}
 * @param split the volumes, split by patient (or as the stand-in's note says)
 * @param paperCube the cube at paper scale (64 × 64 × 32)
 * @param window the intensity convention (CT [-1000, 1000] HU, MRI [0, 4000], prepared cubes [0, 1])
 * @param splitNote where the split came from
 */
public record SegmentationTask3d(String id, String data, Split<MaskedVolume> split, CubeShape paperCube,
        IntensityWindow window, String splitNote) implements TargetTask<MaskedVolume> {
    /** Validates. */
    public SegmentationTask3d {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(paperCube, "paperCube");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(splitNote, "splitNote");
    }

    /** @return {@link Metric#IOU} */
    @Override
    public Metric metric() {
        return Metric.IOU;
    }
}
