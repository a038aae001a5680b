/**
 * Readers for the medical image formats of the benchmark's datasets, and the in-memory volume they produce.
 *
 * <table>
 * <caption>Readers</caption>
 * <tr><th>format</th><th>entry point</th><th>result</th></tr>
 * <tr><td>NIfTI-1 {@code .nii}, {@code .nii.gz}</td><td>{@link org.dirabench.datasets.io.Nifti1Image#read}</td>
 *     <td>header, float32 values (scaled by {@code scl_slope}/{@code scl_inter}), {@link
 *     org.dirabench.datasets.io.Volume} per 3D volume, RAS affine with nibabel's sform/qform precedence</td></tr>
 * <tr><td>MetaImage {@code .mhd} + raw, {@code .mha}</td><td>{@link org.dirabench.datasets.io.MetaImage#read}</td>
 *     <td>header keys, {@link org.dirabench.datasets.io.Volume} (LPS, ITK direction convention)</td></tr>
 * <tr><td>DICOM slice</td><td>{@link org.dirabench.datasets.io.dicom.DicomSlice#read}</td>
 *     <td>attributes, stored / rescaled (HU) / display values, row-major</td></tr>
 * <tr><td>DICOM series folder</td><td>{@link org.dirabench.datasets.io.dicom.DicomSeries#read}</td>
 *     <td>{@link org.dirabench.datasets.io.Volume} in HU sorted along the slice normal, padding mask</td></tr>
 * <tr><td>LIDC-IDRI XML</td><td>{@link org.dirabench.datasets.io.lidc.LidcXml#read}</td>
 *     <td>reading sessions, nodule reads, masks, consensus, physical nodules</td></tr>
 * <tr><td>SIIM-ACR {@code train-rle.csv}</td><td>{@link org.dirabench.datasets.io.SiimRunLength}</td>
 *     <td>row-major boolean masks from Kaggle's relative, column-major run lengths</td></tr>
 * <tr><td>2D image of any of PNG, JPEG, DICOM (by content)</td><td>{@link
 *     org.dirabench.datasets.io.RasterImages#read}</td><td>gray or RGB [C, H, W] in [0, 1]; header-only size</td></tr>
 * <tr><td>NumPy {@code .npz} / {@code .npy}</td><td>{@link org.dirabench.datasets.io.Npz#read}</td>
 *     <td>{@link org.dirabench.datasets.io.NpyArray} per entry, C order</td></tr>
 * </table>
 *
 * <p><b>One index order everywhere.</b> A {@link org.dirabench.datasets.io.Volume} holds float32 values with x
 * fastest: {@code data[(z * ny + y) * nx + x]}; as an ND4J array it is [nz, ny, nx]. x is NIfTI's i (dim[1]),
 * MetaImage's first DimSize entry and a DICOM column; y is NIfTI's j, the second DimSize entry and a DICOM row; z is
 * NIfTI's k, the third DimSize entry and the DICOM slice sorted along the normal. 2D images are read row-major
 * ({@code [y * width + x]}).
 *
 * <p><b>World coordinates</b> are in mm through {@link org.dirabench.datasets.io.VoxelGrid}'s affine, in the
 * source's frame: RAS for NIfTI, LPS for DICOM and MetaImage; {@link
 * org.dirabench.datasets.io.VoxelGrid#inFrame} converts.
 *
 * <p><b>Errors.</b> Every reader throws {@link org.dirabench.datasets.io.ImageFormatException} (an
 * {@link java.io.IOException}) whose message names the file, the field (or row, entry, attribute) at fault and what
 * was expected; nothing is skipped silently. Checked against the values pydicom, nibabel and NumPy report for the
 * real files in {@code shared/data} ({@code shared/golden/formats_real_files.json}).
 */
package org.dirabench.datasets.io;
