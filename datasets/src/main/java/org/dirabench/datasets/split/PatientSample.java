package org.dirabench.datasets.split;

/**
 * Anything that belongs to one patient: an image, a volume, a candidate. Splits are made and checked by patient so
 * that no patient's data is in two parts (REFERENCE.md §6 P6: image-level splits of ChestX-ray14 leak patients and
 * make AUCs incomparable).
 */
public interface PatientSample {
    /** @return an identifier unique within its dataset, e.g. the ChestX-ray14 {@code Image Index} */
    String sampleId();

    /** @return the patient identifier, e.g. the ChestX-ray14 {@code Patient ID} */
    String patientId();
}
