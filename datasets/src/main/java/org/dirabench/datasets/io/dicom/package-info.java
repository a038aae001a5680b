/**
 * DICOM: single slices ({@link org.dirabench.datasets.io.dicom.DicomSlice}), series folders
 * ({@link org.dirabench.datasets.io.dicom.SeriesLayout} for the sorted headers and grid,
 * {@link org.dirabench.datasets.io.dicom.DicomSeries} for the volume) and transfer syntaxes.
 *
 * <p>The parser is this package's own (PS3.5, PS3.10): ImageJ's {@code ij.plugin.DICOM} decodes the same files (the
 * tests compare both pixel by pixel) but signals failures through log messages instead of exceptions. Native
 * (uncompressed) transfer syntaxes are decoded; compressed ones raise
 * {@link org.dirabench.datasets.io.dicom.UnsupportedTransferSyntaxException} naming the UID and its name.
 *
 * <p><b>Decision: outside-the-field-of-view padding.</b> Padding is detected by Pixel Padding Value, or for CT by
 * values below -1500 HU, reported as a mask, and by default set to -1024 HU (air as the scanner writes it); see
 * {@link org.dirabench.datasets.io.dicom.PaddingPolicy}. In LIDC-IDRI-0001, about 21% of the voxels are padding (stored -1024,
 * i.e. -2048 HU, which does not match the file's Pixel Padding Value 63536).
 */
package org.dirabench.datasets.io.dicom;
