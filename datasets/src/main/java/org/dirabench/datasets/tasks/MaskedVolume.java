package org.dirabench.datasets.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dirabench.datasets.split.PatientSample;

/**
 * One sample of a 3D segmentation task: a volume (or a prepared cube) with its mask, optionally restricted to a
 * region, optionally with the points cubes are centred on.
 *
 * <p>How a loader draws cubes from it: when {@link #centres()} is non-empty (an LIDC nodule, a prepared Models
 * Genesis cube), one cube per centre; otherwise random cubes inside {@link #region()} for training and the tiles
 * covering it for evaluation.
 *
 * @param volumeId unique within the task, e.g. {@code volume-17}, {@code LIDC-IDRI-0001/nodule-1}
 * @param patientId the patient
 * @param image the image volume
 * @param mask the mask on the image's grid, or {@code null} for an unlabelled volume (the BraTS 2023 example case)
 * @param region where cubes are drawn and voxels count, or {@code null} for the whole volume
 * @param centres cube centres as fractional voxel indices (x, y, z); may be empty
 */
public record MaskedVolume(String volumeId, String patientId, VolumeReader image, MaskReader mask,
        VolumeRegion region, List<double[]> centres) implements PatientSample {
    /** Validates and copies. */
    public MaskedVolume {
        Objects.requireNonNull(volumeId, "volumeId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(image, "image");
        List<double[]> c = new ArrayList<>();
        for (double[] p : centres) {
            if (p.length != 3) {
                throw new IllegalArgumentException(volumeId + ": a centre must be (x, y, z)");
            }
            c.add(p.clone());
        }
        centres = List.copyOf(c);
    }

    /** A whole, labelled volume without centres. */
    public MaskedVolume(String volumeId, String patientId, VolumeReader image, MaskReader mask) {
        this(volumeId, patientId, image, mask, null, List.of());
    }

    /** @return copies of the centres */
    @Override
    public List<double[]> centres() {
        List<double[]> c = new ArrayList<>();
        centres.forEach(p -> c.add(p.clone()));
        return c;
    }

    /** @return whether a mask is known */
    public boolean labelled() {
        return mask != null;
    }

    @Override
    public String sampleId() {
        return volumeId;
    }
}
