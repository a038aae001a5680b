package org.dirabench.datasets.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.dirabench.datasets.io.ImageFormatException;
import org.dirabench.datasets.io.MetaImage;
import org.dirabench.datasets.io.Nifti1Header;
import org.dirabench.datasets.io.Nifti1Image;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.io.dicom.DicomSeries;
import org.dirabench.datasets.io.dicom.SeriesLayout;

/**
 * A volume on disk, its format told by its name: a folder is a DICOM series ({@link DicomSeries}, Hounsfield units,
 * LPS, padding set to -1024 HU), {@code .mhd}/{@code .mha} a MetaImage (LUNA16; LPS), {@code .nii}/{@code .nii.gz}
 * NIfTI-1 (LiTS, BraTS; RAS). Voxel axes are kept as stored (no reorientation), as Models Genesis keeps nibabel's and
 * SimpleITK's arrays.
 *
 * @param path the file or series folder
 */
public record VolumeFile(Path path) implements VolumeReader {
    /** The formats. */
    public enum Format {
        /** A folder of DICOM slices. */
        DICOM_SERIES,
        /** {@code .mhd} or {@code .mha}. */
        METAIMAGE,
        /** {@code .nii} or {@code .nii.gz}. */
        NIFTI
    }

    /**
     * @return the format from the name (a folder: DICOM series)
     * @throws ImageFormatException for any other name
     */
    public Format format() throws ImageFormatException {
        if (Files.isDirectory(path)) {
            return Format.DICOM_SERIES;
        }
        String n = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".mhd") || n.endsWith(".mha")) {
            return Format.METAIMAGE;
        }
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) {
            return Format.NIFTI;
        }
        throw new ImageFormatException(path, "not a volume: expected a DICOM series folder, .mhd/.mha or"
                + " .nii/.nii.gz");
    }

    /**
     * @throws NoSuchFileException naming the path when it does not exist
     * @throws ImageFormatException for an unknown format, a 4D NIfTI, or a malformed file
     */
    @Override
    public Volume read() throws IOException {
        requireExists();
        switch (format()) {
            case DICOM_SERIES:
                return DicomSeries.read(path).volume();
            case METAIMAGE:
                return MetaImage.read(path).volume();
            default:
                Nifti1Image img = Nifti1Image.read(path);
                if (img.volumeCount() != 1) {
                    throw new ImageFormatException(path, "dim holds " + img.volumeCount() + " volumes; expected one"
                            + " 3D volume");
                }
                return img.volume();
        }
    }

    /** Reads the header only (all slice headers for a DICOM series). */
    @Override
    public VoxelGrid grid() throws IOException {
        requireExists();
        switch (format()) {
            case DICOM_SERIES:
                return SeriesLayout.read(path).grid();
            case METAIMAGE:
                return MetaImage.readHeader(path).grid();
            default:
                Nifti1Header h = Nifti1Image.readHeader(path);
                return new VoxelGrid(h.dim(1), h.rank() > 1 ? h.dim(2) : 1, h.rank() > 2 ? h.dim(3) : 1, h.affine(),
                        VoxelGrid.Frame.RAS);
        }
    }

    @Override
    public String describe() {
        return path.toString();
    }

    private void requireExists() throws NoSuchFileException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString(), null, "volume does not exist");
        }
    }
}
