package org.dirabench.datasets.io.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dirabench.datasets.io.ImageFormatException;

/**
 * One single-frame grayscale DICOM image (a CT, MR, CR or DX slice): the attributes a loader needs and, when read
 * with {@link #read(Path)}, its pixel values.
 *
 * <p><b>Why not ImageJ.</b> {@code ij.plugin.DICOM} (net.imagej:ij 1.54f) decodes these files correctly and serves as
 * the independent check in the tests, but it reports problems through {@code IJ.error} / {@code IJ.log} rather than
 * exceptions (a non-DICOM file opens as a 0 x 0 image), exposes the header only as text and does not name the
 * transfer syntax it cannot decode. This class parses the file itself (PS3.10 / PS3.5) so that every failure is an
 * {@link ImageFormatException} naming the file and the attribute.
 *
 * <p><b>Pixels</b> are in row-major order, {@code [row * columns + column]}. {@link #storedValues()} are the stored
 * values (PS3.5 §8.1.1: bits {@code HighBit - BitsStored + 1 .. HighBit} of each BitsAllocated cell, two's complement
 * when Pixel Representation (0028,0103) is 1). {@link #rescaledValues()} apply the Modality LUT's linear form,
 * {@code stored × Rescale Slope (0028,1053) + Rescale Intercept (0028,1052)} (PS3.3 C.11.1.1.2; slope 1 and
 * intercept 0 when absent): Hounsfield units for CT. {@link #displayValues()} additionally invert MONOCHROME1 images
 * (PS3.3 C.7.6.3.1.2: minimum value = white) so that larger always means brighter, as MONOCHROME2.
 *
 * <p><b>Geometry</b> (PS3.3 C.7.6.2): {@link #pixelSpacing()} is Pixel Spacing (0028,0030) as stored, {@code [spacing
 * between rows (mm, along a column), spacing between columns (mm, along a row)]}; Image Position (Patient)
 * (0020,0032) is the LPS position (mm) of the centre of the first transmitted pixel; Image Orientation (Patient)
 * (0020,0037) gives the row direction (direction of increasing column index) then the column direction.
 */
public final class DicomSlice {
    static final int SOP_CLASS_UID = 0x00080016;
    static final int SOP_INSTANCE_UID = 0x00080018;
    static final int MODALITY = 0x00080060;
    static final int SLICE_THICKNESS = 0x00180050;
    static final int SPACING_BETWEEN_SLICES = 0x00180088;
    static final int STUDY_INSTANCE_UID = 0x0020000D;
    static final int SERIES_INSTANCE_UID = 0x0020000E;
    static final int INSTANCE_NUMBER = 0x00200013;
    static final int IMAGE_POSITION_PATIENT = 0x00200032;
    static final int IMAGE_ORIENTATION_PATIENT = 0x00200037;
    static final int SAMPLES_PER_PIXEL = 0x00280002;
    static final int PHOTOMETRIC_INTERPRETATION = 0x00280004;
    static final int NUMBER_OF_FRAMES = 0x00280008;
    static final int ROWS = 0x00280010;
    static final int COLUMNS = 0x00280011;
    static final int PIXEL_SPACING = 0x00280030;
    static final int BITS_ALLOCATED = 0x00280100;
    static final int BITS_STORED = 0x00280101;
    static final int HIGH_BIT = 0x00280102;
    static final int PIXEL_REPRESENTATION = 0x00280103;
    static final int PIXEL_PADDING_VALUE = 0x00280120;
    static final int PIXEL_PADDING_RANGE_LIMIT = 0x00280121;
    static final int RESCALE_INTERCEPT = 0x00281052;
    static final int RESCALE_SLOPE = 0x00281053;
    static final int RESCALE_TYPE = 0x00281054;
    static final int MODALITY_LUT_SEQUENCE = 0x00283000;

    private final Path file;
    private final DicomParser.Dataset ds;
    private final int[] stored; // null when read with readHeader

    private DicomSlice(Path file, DicomParser.Dataset ds, int[] stored) {
        this.file = file;
        this.ds = ds;
        this.stored = stored;
    }

    /**
     * Reads the attributes only; succeeds for any DICOM file, also one without pixel data or with compressed pixels.
     *
     * @param file a DICOM file (Part 10 with preamble, or a bare data set)
     * @return the slice without pixel values
     * @throws ImageFormatException when the file is not DICOM or an element is malformed or truncated
     * @throws IOException when the file cannot be read
     */
    public static DicomSlice readHeader(Path file) throws IOException {
        return new DicomSlice(file, DicomParser.parse(file, Files.readAllBytes(file)), null);
    }

    /**
     * Reads attributes and pixel values.
     *
     * @param file a DICOM file
     * @return the slice with its pixel values
     * @throws UnsupportedTransferSyntaxException when the pixel data are compressed (JPEG, JPEG 2000, RLE, ...) or the
     *     transfer syntax is unknown: the message names the UID, its name and the file
     * @throws ImageFormatException when the file is not DICOM; has no Pixel Data (7FE0,0010); is multi-frame,
     *     colour (Samples per Pixel ≠ 1) or not MONOCHROME1/2; lacks Rows, Columns or Bits Allocated; has Pixel Data
     *     shorter than Rows × Columns × Bits Allocated / 8; or uses a Modality LUT Sequence instead of rescale
     *     slope/intercept
     * @throws IOException when the file cannot be read
     */
    public static DicomSlice read(Path file) throws IOException {
        DicomSlice h = readHeader(file);
        return new DicomSlice(file, h.ds, h.decodePixels());
    }

    /** Checks that {@link #read(Path)} would be able to decode the pixels, without decoding them. */
    void checkDecodable() throws ImageFormatException {
        if (!ds.elements.containsKey(DicomParser.PIXEL_DATA)) {
            throw new ImageFormatException(file, "no Pixel Data (7FE0,0010) element: not an image (SOP Class UID "
                    + sopClassUid() + ")");
        }
        if (!ds.syntax.isDecodable() || ds.encapsulatedPixelData) {
            throw new UnsupportedTransferSyntaxException(file, ds.syntax);
        }
        int frames = intOr(NUMBER_OF_FRAMES, 1);
        if (frames != 1) {
            throw new ImageFormatException(file, "Number of Frames (0028,0008) is " + frames + ": multi-frame images"
                    + " are not supported");
        }
        int spp = intOr(SAMPLES_PER_PIXEL, 1);
        if (spp != 1) {
            throw new ImageFormatException(file, "Samples per Pixel (0028,0002) is " + spp + " (photometric "
                    + photometricInterpretation() + "): only grayscale (1 sample) images are supported");
        }
        String pi = photometricInterpretation();
        if (!pi.equals("MONOCHROME1") && !pi.equals("MONOCHROME2")) {
            throw new ImageFormatException(file, "Photometric Interpretation (0028,0004) is '" + pi
                    + "': expected MONOCHROME1 or MONOCHROME2");
        }
        requireInt(ROWS, "Rows (0028,0010)");
        requireInt(COLUMNS, "Columns (0028,0011)");
        int ba = requireInt(BITS_ALLOCATED, "Bits Allocated (0028,0100)");
        if (ba != 8 && ba != 16 && ba != 32) {
            throw new ImageFormatException(file, "Bits Allocated (0028,0100) is " + ba + ": expected 8, 16 or 32");
        }
        int bs = bitsStored();
        int hb = highBit();
        if (bs < 1 || bs > ba || hb < bs - 1 || hb >= ba) {
            throw new ImageFormatException(file, "Bits Stored (0028,0101) " + bs + " and High Bit (0028,0102) " + hb
                    + " do not fit Bits Allocated " + ba);
        }
        if (ds.elements.containsKey(MODALITY_LUT_SEQUENCE) && !ds.elements.containsKey(RESCALE_SLOPE)) {
            throw new ImageFormatException(file, "Modality LUT Sequence (0028,3000) without Rescale Slope: lookup"
                    + " table modality LUTs are not supported");
        }
    }

    private int[] decodePixels() throws ImageFormatException {
        checkDecodable();
        int rows = rows();
        int cols = columns();
        int ba = bitsAllocated();
        int bs = bitsStored();
        int shift = highBit() - bs + 1;
        boolean signed = pixelRepresentation() == 1;
        DicomParser.Element px = ds.elements.get(DicomParser.PIXEL_DATA);
        long n = (long) rows * cols;
        long need = n * ba / 8;
        if (px.length < need) {
            throw new ImageFormatException(file, "Pixel Data (7FE0,0010) holds " + px.length + " bytes, Rows " + rows
                    + " x Columns " + cols + " x Bits Allocated " + ba + " / 8 = " + need + " expected");
        }
        ByteBuffer buf = ByteBuffer.wrap(ds.bytes, px.offset, (int) need).slice().order(ds.order);
        int[] out = new int[(int) n];
        if (ba == 16) { // the common case (CT, MR): bulk read, then the bit arithmetic on ints
            short[] cells = new short[(int) n];
            buf.asShortBuffer().get(cells);
            int m16 = (1 << bs) - 1;
            int sign16 = 1 << (bs - 1);
            for (int i = 0; i < n; i++) {
                int v = ((cells[i] & 0xffff) >>> shift) & m16;
                out[i] = signed && (v & sign16) != 0 ? v - (1 << bs) : v;
            }
            return out;
        }
        long mask = (1L << bs) - 1;
        long signBit = 1L << (bs - 1);
        for (int i = 0; i < n; i++) {
            long cell;
            switch (ba) {
                case 8:
                    cell = buf.get(i) & 0xffL;
                    break;
                case 16:
                    cell = buf.getShort(2 * i) & 0xffffL;
                    break;
                default:
                    cell = buf.getInt(4 * i) & 0xffffffffL;
            }
            long v = (cell >>> shift) & mask;
            if (signed && (v & signBit) != 0) {
                v -= 1L << bs;
            }
            out[i] = (int) v;
        }
        return out;
    }

    // ---- attributes ------------------------------------------------------------------------------------------

    /** @return the file */
    public Path file() {
        return file;
    }

    /** @return the transfer syntax of the data set (Implicit VR Little Endian for a bare data set without meta) */
    public TransferSyntax transferSyntax() {
        return ds.syntax;
    }

    /** @return true when the pixel data are encapsulated (compressed) */
    public boolean hasEncapsulatedPixelData() {
        return ds.encapsulatedPixelData;
    }

    /** @return true when the file has a Pixel Data (7FE0,0010) element */
    public boolean hasPixelData() {
        return ds.elements.containsKey(DicomParser.PIXEL_DATA);
    }

    /** @return true when the file has the PS3.10 preamble and "DICM" marker */
    public boolean hasPreamble() {
        return ds.hasPreamble;
    }

    /** @return SOP Class UID (0008,0016), or "" */
    public String sopClassUid() {
        return string(SOP_CLASS_UID);
    }

    /** @return SOP Instance UID (0008,0018), or "" */
    public String sopInstanceUid() {
        return string(SOP_INSTANCE_UID);
    }

    /** @return Series Instance UID (0020,000E), or "" */
    public String seriesInstanceUid() {
        return string(SERIES_INSTANCE_UID);
    }

    /** @return Study Instance UID (0020,000D), or "" */
    public String studyInstanceUid() {
        return string(STUDY_INSTANCE_UID);
    }

    /** @return Modality (0008,0060), e.g. CT, MR, or "" */
    public String modality() {
        return string(MODALITY);
    }

    /** @return Instance Number (0020,0013), or {@code Integer.MIN_VALUE} when absent */
    public int instanceNumber() {
        return intOr(INSTANCE_NUMBER, Integer.MIN_VALUE);
    }

    /** @return Rows (0028,0010), or 0 when absent */
    public int rows() {
        return intOr(ROWS, 0);
    }

    /** @return Columns (0028,0011), or 0 when absent */
    public int columns() {
        return intOr(COLUMNS, 0);
    }

    /** @return Bits Allocated (0028,0100), or 0 when absent */
    public int bitsAllocated() {
        return intOr(BITS_ALLOCATED, 0);
    }

    /** @return Bits Stored (0028,0101); Bits Allocated when absent */
    public int bitsStored() {
        return intOr(BITS_STORED, bitsAllocated());
    }

    /** @return High Bit (0028,0102); Bits Stored - 1 when absent */
    public int highBit() {
        return intOr(HIGH_BIT, bitsStored() - 1);
    }

    /** @return Pixel Representation (0028,0103): 0 unsigned, 1 two's complement */
    public int pixelRepresentation() {
        return intOr(PIXEL_REPRESENTATION, 0);
    }

    /** @return Photometric Interpretation (0028,0004), e.g. MONOCHROME2; MONOCHROME2 when absent */
    public String photometricInterpretation() {
        String s = string(PHOTOMETRIC_INTERPRETATION);
        return s.isEmpty() ? "MONOCHROME2" : s;
    }

    /** @return Rescale Slope (0028,1053); 1 when absent */
    public double rescaleSlope() {
        double[] v = decimals(RESCALE_SLOPE);
        return v.length == 0 ? 1.0 : v[0];
    }

    /** @return Rescale Intercept (0028,1052); 0 when absent */
    public double rescaleIntercept() {
        double[] v = decimals(RESCALE_INTERCEPT);
        return v.length == 0 ? 0.0 : v[0];
    }

    /** @return Rescale Type (0028,1054), e.g. HU; "" when absent */
    public String rescaleType() {
        return string(RESCALE_TYPE);
    }

    /**
     * @return Pixel Spacing (0028,0030) in mm, {@code [row spacing, column spacing]} as stored (the first value is
     *     the distance between adjacent rows); {@code null} when absent
     */
    public double[] pixelSpacing() {
        double[] v = decimals(PIXEL_SPACING);
        return v.length == 2 ? v : null;
    }

    /** @return Slice Thickness (0018,0050) in mm, NaN when absent */
    public double sliceThickness() {
        double[] v = decimals(SLICE_THICKNESS);
        return v.length == 0 ? Double.NaN : v[0];
    }

    /** @return Spacing Between Slices (0018,0088) in mm, NaN when absent */
    public double spacingBetweenSlices() {
        double[] v = decimals(SPACING_BETWEEN_SLICES);
        return v.length == 0 ? Double.NaN : v[0];
    }

    /** @return Image Position (Patient) (0020,0032), LPS mm, or {@code null} */
    public double[] imagePositionPatient() {
        double[] v = decimals(IMAGE_POSITION_PATIENT);
        return v.length == 3 ? v : null;
    }

    /** @return Image Orientation (Patient) (0020,0037): row direction cosines then column direction; or null */
    public double[] imageOrientationPatient() {
        double[] v = decimals(IMAGE_ORIENTATION_PATIENT);
        return v.length == 6 ? v : null;
    }

    /**
     * @return Pixel Padding Value (0028,0120) as a stored value, read in the sign of Pixel Representation (a US
     *     63536 with signed pixels is -2000), or {@code null} when absent
     */
    public Integer pixelPaddingValue() {
        return paddingAttr(PIXEL_PADDING_VALUE);
    }

    /** @return Pixel Padding Range Limit (0028,0121), as {@link #pixelPaddingValue()}, or {@code null} */
    public Integer pixelPaddingRangeLimit() {
        return paddingAttr(PIXEL_PADDING_RANGE_LIMIT);
    }

    private Integer paddingAttr(int tag) {
        DicomParser.Element e = ds.elements.get(tag);
        if (e == null || e.value == null || e.value.length < 2) {
            return null;
        }
        int v = ByteBuffer.wrap(e.value).order(ds.order).getShort() & 0xffff;
        if (pixelRepresentation() == 1 && bitsAllocated() == 16 && v > 0x7fff) {
            v -= 0x10000;
        }
        return v;
    }

    /**
     * @param tag (group &lt;&lt; 16) | element
     * @return the attribute's value as text (string VRs; trailing spaces and NULs removed), or "" when absent.
     *     Binary values are not converted.
     */
    public String string(int tag) {
        DicomParser.Element e = ds.elements.get(tag);
        return e == null || e.value == null ? "" : DicomParser.text(e.value);
    }

    /** @return true when the top-level data set holds the attribute */
    public boolean contains(int tag) {
        return ds.elements.containsKey(tag);
    }

    private double[] decimals(int tag) {
        String s = string(tag);
        if (s.isEmpty()) {
            return new double[0];
        }
        String[] parts = s.split("\\\\");
        double[] d = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                d[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException ex) {
                throw new IllegalStateException(file + ": attribute " + DicomParser.hex(tag) + " value '" + s
                        + "' is not a decimal string");
            }
        }
        return d;
    }

    private int intOr(int tag, int dflt) {
        DicomParser.Element e = ds.elements.get(tag);
        if (e == null || e.value == null || e.value.length == 0) {
            return dflt;
        }
        String vr = e.vr; // null: implicit VR and not one of the binary attributes, so a string (IS, DS)
        if ("US".equals(vr) || "SS".equals(vr) || "UL".equals(vr) || "SL".equals(vr)) {
            ByteBuffer bb = ByteBuffer.wrap(e.value).order(ds.order);
            if (e.value.length >= 4 && (vr.equals("UL") || vr.equals("SL"))) {
                return bb.getInt();
            }
            if (e.value.length >= 2) {
                return vr.equals("SS") ? bb.getShort() : bb.getShort() & 0xffff;
            }
        }
        String s = DicomParser.text(e.value);
        try {
            return (int) Math.round(Double.parseDouble(s.split("\\\\")[0].strip()));
        } catch (NumberFormatException ex) {
            throw new IllegalStateException(file + ": attribute " + DicomParser.hex(tag) + " value '" + s
                    + "' is not a number");
        }
    }

    private int requireInt(int tag, String name) throws ImageFormatException {
        int v = intOr(tag, -1);
        if (v <= 0) {
            throw new ImageFormatException(file, name + " is missing or not positive");
        }
        return v;
    }

    // ---- pixels ----------------------------------------------------------------------------------------------

    /**
     * @return the stored values, row-major {@code [row * columns + column]} (a copy)
     * @throws IllegalStateException when the slice was read with {@link #readHeader(Path)}
     */
    public int[] storedValues() {
        return pixels().clone();
    }

    private int[] pixels() {
        if (stored == null) {
            throw new IllegalStateException(file + " was read without its pixels (readHeader)");
        }
        return stored;
    }

    /**
     * @return {@code stored × rescale slope + rescale intercept}, row-major: Hounsfield units for CT
     * @throws IllegalStateException when the slice was read with {@link #readHeader(Path)}
     */
    public float[] rescaledValues() {
        float[] out = new float[pixels().length];
        rescaleInto(out, 0);
        return out;
    }

    /** Writes {@link #rescaledValues()} into {@code dst[offset ...]}. */
    void rescaleInto(float[] dst, int offset) {
        int[] s = pixels();
        double slope = rescaleSlope();
        double icpt = rescaleIntercept();
        for (int i = 0; i < s.length; i++) {
            dst[offset + i] = (float) (s[i] * slope + icpt);
        }
    }

    /**
     * @return rescaled values, inverted for MONOCHROME1 as {@code lo + hi - v} where {@code lo} and {@code hi} are the
     *     rescaled ends of the stored-value range (Bits Stored, Pixel Representation), so that larger means brighter;
     *     for MONOCHROME2 the same as {@link #rescaledValues()}
     */
    public float[] displayValues() {
        float[] v = rescaledValues();
        if (!photometricInterpretation().equals("MONOCHROME1")) {
            return v;
        }
        int bs = bitsStored();
        double minStored = pixelRepresentation() == 1 ? -Math.pow(2, bs - 1) : 0;
        double maxStored = pixelRepresentation() == 1 ? Math.pow(2, bs - 1) - 1 : Math.pow(2, bs) - 1;
        double a = minStored * rescaleSlope() + rescaleIntercept();
        double b = maxStored * rescaleSlope() + rescaleIntercept();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (a + b - v[i]);
        }
        return v;
    }

    @Override
    public String toString() {
        return "DicomSlice[" + file.getFileName() + ", " + modality() + " " + rows() + " x " + columns() + ", "
                + ds.syntax + ", IPP " + Arrays.toString(imagePositionPatient()) + "]";
    }

    /** Byte order of the data set, for tests. */
    ByteOrder byteOrder() {
        return ds.order;
    }
}
