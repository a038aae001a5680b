package org.dirabench.datasets.tasks;

import java.util.Objects;
import org.dirabench.datasets.split.Split;

/**
 * A 3D false-positive-reduction task (LUNA16 nodules = Models Genesis NCC, PE-CAD emboli = ECC): candidate locations
 * in CT volumes, each labelled true or false; the network classifies the cube centred on each candidate; the headline
 * metric is ROC AUC over the test candidates (REFERENCE.md §3.2). Batches: {@code CubeLoader.candidates(task, part,
 * shape, batch, mode)} gives cubes [N, 1, D, H, W] in [0, 1] ({@link #window()} applied) and labels [N, 1].
 *
 * @param id {@code luna16} or {@code pe_cad}
 * @param data {@code real}, {@code stand-in:<name>} or {@code phantom}
 * @param split the candidates, split by patient
 * @param paperCube the cube at paper scale (64 × 64 × 32 for NCC, 64 × 64 × 64 for ECC)
 * @param window the intensity convention (CT [-1000, 1000] HU)
 * @param splitNote where the split came from
 */
public record ClassificationTask3d(String id, String data, Split<Candidate> split, CubeShape paperCube,
        IntensityWindow window, String splitNote) implements TargetTask<Candidate> {
    /** Validates. */
    public ClassificationTask3d {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(paperCube, "paperCube");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(splitNote, "splitNote");
    }

    /** @return {@link Metric#AUC} */
    @Override
    public Metric metric() {
        return Metric.AUC;
    }
}
