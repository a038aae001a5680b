package org.dirabench.datasets.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The 348-byte NIfTI-1 header (nifti1.h, NIFTI-1 Data Format Working Group), the fields this project uses, and the
 * voxel-to-world affine chosen as nibabel does.
 *
 * <p>Byte order is detected from {@code sizeof_hdr} (offset 0), which must read 348 in one of the two orders; 540 is
 * NIfTI-2 and is refused. Field offsets: {@code dim} 40 (8 × int16), {@code datatype} 70, {@code bitpix} 72,
 * {@code pixdim} 76 (8 × float32), {@code vox_offset} 108, {@code scl_slope} 112, {@code scl_inter} 116,
 * {@code xyzt_units} 123, {@code descrip} 148, {@code qform_code} 252, {@code sform_code} 254, {@code quatern_b/c/d}
 * 256-264, {@code qoffset_x/y/z} 268-276, {@code srow_x/y/z} 280-312, {@code magic} 344.
 */
public final class Nifti1Header {
    /** Size of the header proper; extensions, if any, follow the 4 extension bytes at 348. */
    public static final int SIZEOF_HDR = 348;

    private final Path file;
    private final ByteOrder order;
    private final int[] dim; // dim[0] .. dim[7]
    private final int datatype;
    private final int bitpix;
    private final float[] pixdim; // pixdim[0] .. pixdim[7]
    private final float voxOffset;
    private final float sclSlope;
    private final float sclInter;
    private final int xyztUnits;
    private final String descrip;
    private final int qformCode;
    private final int sformCode;
    private final float[] quatern; // b, c, d
    private final float[] qoffset; // x, y, z
    private final float[][] srow; // 3 x 4
    private final String magic;

    private Nifti1Header(Path file, ByteBuffer b) throws ImageFormatException {
        this.file = file;
        this.order = b.order();
        this.dim = new int[8];
        for (int i = 0; i < 8; i++) {
            dim[i] = b.getShort(40 + 2 * i);
        }
        this.datatype = b.getShort(70);
        this.bitpix = b.getShort(72);
        this.pixdim = new float[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = b.getFloat(76 + 4 * i);
        }
        this.voxOffset = b.getFloat(108);
        this.sclSlope = b.getFloat(112);
        this.sclInter = b.getFloat(116);
        this.xyztUnits = b.get(123) & 0xff;
        this.descrip = cString(b, 148, 80);
        this.qformCode = b.getShort(252);
        this.sformCode = b.getShort(254);
        this.quatern = new float[] {b.getFloat(256), b.getFloat(260), b.getFloat(264)};
        this.qoffset = new float[] {b.getFloat(268), b.getFloat(272), b.getFloat(276)};
        this.srow = new float[3][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                srow[r][c] = b.getFloat(280 + 16 * r + 4 * c);
            }
        }
        this.magic = cString(b, 344, 4);
        validate();
    }

    /**
     * Parses a header from its first 348 bytes.
     *
     * @param file the file, for messages
     * @param bytes at least 348 bytes
     * @return the header
     * @throws ImageFormatException for a short buffer, a {@code sizeof_hdr} that is not 348 in either byte order,
     *     NIfTI-2, a magic other than {@code n+1}, or impossible {@code dim}/{@code vox_offset}/{@code bitpix}
     */
    public static Nifti1Header parse(Path file, byte[] bytes) throws ImageFormatException {
        if (bytes.length < SIZEOF_HDR) {
            throw new ImageFormatException(file, "truncated NIfTI-1 header: expected " + SIZEOF_HDR + " bytes, got "
                    + bytes.length);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, SIZEOF_HDR);
        int le = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int be = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (le == SIZEOF_HDR) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (be == SIZEOF_HDR) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (le == 540 || be == 540) {
            throw new ImageFormatException(file, "sizeof_hdr is 540: a NIfTI-2 file; only NIfTI-1 is supported");
        } else {
            throw new ImageFormatException(file, "not a NIfTI-1 file: sizeof_hdr reads " + le + " (little-endian) / "
                    + be + " (big-endian), expected 348");
        }
        return new Nifti1Header(file, b);
    }

    private void validate() throws ImageFormatException {
        if (magic.equals("ni1")) {
            throw new ImageFormatException(file, "magic 'ni1': a .hdr/.img pair; only single-file NIfTI-1 ('n+1')"
                    + " is supported");
        }
        if (!magic.equals("n+1")) {
            throw new ImageFormatException(file, "magic is '" + magic + "', expected 'n+1' (single-file NIfTI-1)");
        }
        if (dim[0] < 1 || dim[0] > 7) {
            throw new ImageFormatException(file, "dim[0] (number of dimensions) is " + dim[0] + ", expected 1..7");
        }
        for (int i = 1; i <= dim[0]; i++) {
            if (dim[i] < 1) {
                throw new ImageFormatException(file, "dim[" + i + "] is " + dim[i] + ", expected >= 1");
            }
        }
        SampleType t = sampleType(file, datatype);
        if (bitpix != t.bytes() * 8) {
            throw new ImageFormatException(file, "header/data size mismatch: bitpix is " + bitpix + " but datatype "
                    + datatype + " (" + t.label() + ") has " + t.bytes() * 8 + " bits per voxel");
        }
        if (!(voxOffset >= SIZEOF_HDR) || voxOffset != Math.rint(voxOffset)) {
            throw new ImageFormatException(file, "vox_offset is " + voxOffset + ", expected a whole number >= 348"
                    + " for a single-file NIfTI-1 (usually 352)");
        }
    }

    private static String cString(ByteBuffer b, int off, int len) {
        byte[] s = new byte[len];
        for (int i = 0; i < len; i++) {
            s[i] = b.get(off + i);
        }
        int n = 0;
        while (n < len && s[n] != 0) {
            n++;
        }
        return new String(s, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** @return the file the header came from */
    public Path file() {
        return file;
    }

    /** @return the byte order detected from {@code sizeof_hdr} */
    public ByteOrder byteOrder() {
        return order;
    }

    /** @return {@code dim[0]}, the number of dimensions (1..7) */
    public int rank() {
        return dim[0];
    }

    /** @return {@code dim[1..dim[0]]}: the array shape in the file's (i, j, k, t, ...) order, i fastest on disk */
    public int[] shape() {
        return Arrays.copyOfRange(dim, 1, dim[0] + 1);
    }

    /**
     * @param i dimension 1..7
     * @return {@code dim[i]}, or 1 past {@code dim[0]}
     */
    public int dim(int i) {
        return i <= dim[0] ? dim[i] : 1;
    }

    /** @return number of voxels, the product of {@code dim[1..dim[0]]} */
    public long voxelCount() {
        long n = 1;
        for (int i = 1; i <= dim[0]; i++) {
            n *= dim[i];
        }
        return n;
    }

    /** @return the {@code datatype} code */
    public int datatypeCode() {
        return datatype;
    }

    /** @return the element type named by {@code datatype} */
    public SampleType datatype() {
        try {
            return sampleType(file, datatype);
        } catch (ImageFormatException e) {
            throw new IllegalStateException(e); // validated in the constructor
        }
    }

    /**
     * Maps a NIfTI-1 {@code datatype} code (nifti1.h {@code NIFTI_TYPE_*}) to a sample type.
     *
     * @throws ImageFormatException naming the code (and its nifti1.h name when it has one) for complex, RGB,
     *     float128, binary and unknown codes
     */
    static SampleType sampleType(Path file, int code) throws ImageFormatException {
        switch (code) {
            case 2: return SampleType.UINT8;
            case 4: return SampleType.INT16;
            case 8: return SampleType.INT32;
            case 16: return SampleType.FLOAT32;
            case 64: return SampleType.FLOAT64;
            case 256: return SampleType.INT8;
            case 512: return SampleType.UINT16;
            case 768: return SampleType.UINT32;
            case 1024: return SampleType.INT64;
            case 1280: return SampleType.UINT64;
            default:
                break;
        }
        String name;
        switch (code) {
            case 0: name = "DT_UNKNOWN"; break;
            case 1: name = "DT_BINARY"; break;
            case 32: name = "complex64"; break;
            case 128: name = "RGB24"; break;
            case 1536: name = "float128"; break;
            case 1792: name = "complex128"; break;
            case 2048: name = "complex256"; break;
            case 2304: name = "RGBA32"; break;
            default: name = null;
        }
        String supported = "supported: 2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, 256 int8, 512 uint16,"
                + " 768 uint32, 1024 int64, 1280 uint64";
        if (name == null) {
            throw new ImageFormatException(file, "unknown NIfTI-1 datatype code " + code + " in field datatype; "
                    + supported);
        }
        throw new ImageFormatException(file, "unsupported NIfTI-1 datatype " + code + " (" + name
                + ") in field datatype; " + supported);
    }

    /** @return {@code bitpix} */
    public int bitpix() {
        return bitpix;
    }

    /** @return a copy of {@code pixdim[0..7]}; {@code pixdim[0]} is qfac, {@code pixdim[1..3]} the voxel spacing */
    public float[] pixdim() {
        return pixdim.clone();
    }

    /** @return the byte offset of the voxel data in the (decompressed) file */
    public long voxOffset() {
        return (long) voxOffset;
    }

    /** @return {@code scl_slope} as stored (0 or NaN means no scaling) */
    public float sclSlope() {
        return sclSlope;
    }

    /** @return {@code scl_inter} as stored */
    public float sclInter() {
        return sclInter;
    }

    /**
     * @return true when {@code scl_slope} is finite and non-zero, i.e. the data are scaled (nibabel
     *     {@code Nifti1Header.get_slope_inter}: slope 0 or non-finite means "no scaling")
     */
    public boolean isScaled() {
        return sclSlope != 0 && Float.isFinite(sclSlope);
    }

    /** @return {@code xyzt_units} (bits 0-2 spatial unit code, 3-5 temporal) */
    public int xyztUnits() {
        return xyztUnits;
    }

    /** @return {@code descrip} */
    public String description() {
        return descrip;
    }

    /** @return {@code qform_code} (0 unknown, 1 scanner, 2 aligned, 3 Talairach, 4 MNI) */
    public int qformCode() {
        return qformCode;
    }

    /** @return {@code sform_code} */
    public int sformCode() {
        return sformCode;
    }

    /** @return {@code magic} without its terminating NUL */
    public String magic() {
        return magic;
    }

    /**
     * The sform as a 4x4 affine ({@code srow_x}, {@code srow_y}, {@code srow_z}, then 0 0 0 1), mm, RAS.
     *
     * @return the affine, whatever {@code sform_code} says
     */
    public double[][] sform() {
        double[][] a = new double[4][4];
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                a[r][c] = srow[r][c];
            }
        }
        a[3][3] = 1;
        return a;
    }

    /**
     * The qform as a 4x4 affine (NIfTI-1 "method 2"): rotation from the quaternion (b, c, d), columns scaled by
     * {@code pixdim[1..3]}, the third by qfac = {@code pixdim[0]} (-1 if negative, else 1, as nifti1_io), translation
     * {@code qoffset_x/y/z}. As nibabel ({@code fillpositive}, {@code quat2mat}): {@code a = sqrt(1 - b² - c² - d²)}
     * is computed in float32 (so a quaternion stored with a ≈ 0 gives exactly 0, not float64 rounding noise),
     * 0 when that is negative within 3 float32 epsilons, and the rotation is normalised by the quaternion's norm.
     *
     * @return the affine, whatever {@code qform_code} says
     * @throws IllegalStateException when b² + c² + d² exceeds 1 by more than float32 rounding
     */
    public double[][] qform() {
        float w2 = 1f - (quatern[0] * quatern[0] + quatern[1] * quatern[1] + quatern[2] * quatern[2]);
        double a;
        if (w2 < 0) {
            if (w2 < -3 * Math.ulp(1.0f)) {
                throw new IllegalStateException(file + ": quatern_b/c/d " + Arrays.toString(quatern)
                        + " have b² + c² + d² > 1; not a unit quaternion");
            }
            a = 0;
        } else {
            a = (float) Math.sqrt(w2);
        }
        double b = quatern[0];
        double c = quatern[1];
        double d = quatern[2];
        double n = a * a + b * b + c * c + d * d;
        double s = n < 1e-12 ? 0 : 2.0 / n;
        double[][] r = {
            {1 - s * (c * c + d * d), s * (b * c - a * d), s * (b * d + a * c)},
            {s * (b * c + a * d), 1 - s * (b * b + d * d), s * (c * d - a * b)},
            {s * (b * d - a * c), s * (c * d + a * b), 1 - s * (b * b + c * c)},
        };
        double qfac = pixdim[0] < 0 ? -1 : 1;
        double[] zooms = {pixdim[1], pixdim[2], pixdim[3] * qfac};
        double[][] out = new double[4][4];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                out[i][j] = r[i][j] * zooms[j];
            }
            out[i][3] = qoffset[i];
        }
        out[3][3] = 1;
        return out;
    }

    /**
     * The base affine nibabel uses when neither form is set ({@code shape_zoom_affine} with x flipped): diagonal
     * {@code (-pixdim[1], pixdim[2], pixdim[3])} and the array centre at world 0.
     */
    public double[][] baseAffine() {
        double[] zooms = {-pixdim[1], pixdim[2], pixdim[3]};
        double[][] out = new double[4][4];
        for (int i = 0; i < 3; i++) {
            out[i][i] = zooms[i];
            out[i][3] = -((dim(i + 1) - 1) / 2.0) * zooms[i];
        }
        out[3][3] = 1;
        return out;
    }

    /**
     * The voxel-to-world affine with nibabel's precedence ({@code Nifti1Header.get_best_affine}): the sform when
     * {@code sform_code > 0}, else the qform when {@code qform_code > 0}, else {@link #baseAffine()}.
     *
     * @return 4x4 row-major affine, mm, RAS; maps (i, j, k) to world
     */
    public double[][] affine() {
        if (sformCode > 0) {
            return sform();
        }
        if (qformCode > 0) {
            return qform();
        }
        return baseAffine();
    }

    @Override
    public String toString() {
        return "Nifti1Header[" + file + ", shape " + Arrays.toString(shape()) + ", " + datatype().label()
                + ", pixdim " + Arrays.toString(Arrays.copyOfRange(pixdim, 1, dim[0] + 1)) + ", vox_offset "
                + voxOffset + ", qform_code " + qformCode + ", sform_code " + sformCode + ", " + order + "]";
    }
}
