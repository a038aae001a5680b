package org.dirabench.datasets.tasks;

import java.util.Arrays;
import java.util.Objects;
import org.dirabench.datasets.split.PatientSample;

/**
 * One candidate of a 3D false-positive-reduction task (LUNA16, PE-CAD): a location in a CT volume and whether it is
 * a true finding. The cube the network sees is centred on {@link #voxel()}.
 *
 * @param candidateId unique within the task, e.g. {@code <seriesuid>#<csv line>}
 * @param patientId the patient (LUNA16: the seriesuid, its only identifier)
 * @param volume the CT volume
 * @param voxel the centre as fractional voxel indices (x, y, z) of {@code volume}'s grid
 * @param worldMm the centre in world coordinates (LPS, mm) as the candidate list gives it; {@code null} if none
 * @param label 1 = nodule / embolus, 0 = not
 */
public record Candidate(String candidateId, String patientId, VolumeReader volume, double[] voxel, double[] worldMm,
        float label) implements PatientSample {
    /** Validates and copies. */
    public Candidate {
        Objects.requireNonNull(candidateId, "candidateId");
        Objects.requireNonNull(patientId, "patientId");
        Objects.requireNonNull(volume, "volume");
        if (voxel == null || voxel.length != 3) {
            throw new IllegalArgumentException("voxel must be (x, y, z)");
        }
        voxel = voxel.clone();
        worldMm = worldMm == null ? null : worldMm.clone();
        if (label != 0f && label != 1f) {
            throw new IllegalArgumentException("candidate " + candidateId + ": label must be 0 or 1, got " + label);
        }
    }

    /** @return a copy of the centre (x, y, z) in voxels */
    @Override
    public double[] voxel() {
        return voxel.clone();
    }

    /** @return a copy of the centre in world mm (LPS), or null */
    @Override
    public double[] worldMm() {
        return worldMm == null ? null : worldMm.clone();
    }

    @Override
    public String sampleId() {
        return candidateId;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Candidate c && c.candidateId.equals(candidateId) && c.patientId.equals(patientId)
                && c.volume.equals(volume) && Arrays.equals(c.voxel, voxel) && Arrays.equals(c.worldMm, worldMm)
                && c.label == label;
    }

    @Override
    public int hashCode() {
        return Objects.hash(candidateId, patientId, volume) * 31 + Arrays.hashCode(voxel);
    }

    @Override
    public String toString() {
        return "Candidate[" + candidateId + ", patient " + patientId + ", voxel " + Arrays.toString(voxel)
                + ", label " + label + "]";
    }
}
