package org.dirabench.datasets.io.dicom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A DICOM transfer syntax (PS3.5 §10 and Annex A; UIDs and names from PS3.6 Annex A): how the data set is encoded
 * (implicit or explicit VR, byte order, deflate) and whether the pixel data are native or encapsulated (compressed).
 *
 * <p>This reader decodes the native (uncompressed) syntaxes: Implicit VR Little Endian, Explicit VR Little Endian,
 * Deflated Explicit VR Little Endian and the retired Explicit VR Big Endian. For every other syntax the header can
 * still be read (all of them encode the data set as Explicit VR Little Endian), but the pixel data cannot:
 * {@link UnsupportedTransferSyntaxException}.
 */
public final class TransferSyntax {
    /** 1.2.840.10008.1.2 */
    public static final String IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    /** 1.2.840.10008.1.2.1 */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    /** 1.2.840.10008.1.2.1.99 */
    public static final String DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1.99";
    /** 1.2.840.10008.1.2.2 (retired) */
    public static final String EXPLICIT_VR_BIG_ENDIAN = "1.2.840.10008.1.2.2";
    /** 1.2.840.10008.1.2.4.50 */
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";

    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put(IMPLICIT_VR_LITTLE_ENDIAN, "Implicit VR Little Endian");
        NAMES.put(EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian");
        NAMES.put("1.2.840.10008.1.2.1.98", "Encapsulated Uncompressed Explicit VR Little Endian");
        NAMES.put(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "Deflated Explicit VR Little Endian");
        NAMES.put(EXPLICIT_VR_BIG_ENDIAN, "Explicit VR Big Endian (retired)");
        NAMES.put(JPEG_BASELINE, "JPEG Baseline (Process 1)");
        NAMES.put("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)");
        NAMES.put("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)");
        NAMES.put("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction"
                + " (Process 14 [Selection Value 1])");
        NAMES.put("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression");
        NAMES.put("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression");
        NAMES.put("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)");
        NAMES.put("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression");
        NAMES.put("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)");
        NAMES.put("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression"
                + " (Lossless Only)");
        NAMES.put("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression");
        NAMES.put("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");
        NAMES.put("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1");
        NAMES.put("1.2.840.10008.1.2.5", "RLE Lossless");
    }

    private final String uid;

    private TransferSyntax(String uid) {
        this.uid = uid;
    }

    /** @return the transfer syntax for a UID (trailing NUL and spaces removed); unknown UIDs are kept as such */
    public static TransferSyntax of(String uid) {
        return new TransferSyntax(Objects.requireNonNull(uid, "uid").strip().replace("\0", ""));
    }

    /** @return the UID */
    public String uid() {
        return uid;
    }

    /** @return the PS3.6 name, or "unknown transfer syntax" */
    public String name() {
        return NAMES.getOrDefault(uid, "unknown transfer syntax");
    }

    /** @return true when PS3.6 lists this UID (among the ones named here) */
    public boolean isKnown() {
        return NAMES.containsKey(uid);
    }

    /** @return true for Implicit VR Little Endian only */
    public boolean isImplicitVr() {
        return uid.equals(IMPLICIT_VR_LITTLE_ENDIAN);
    }

    /** @return true for the retired Explicit VR Big Endian */
    public boolean isBigEndian() {
        return uid.equals(EXPLICIT_VR_BIG_ENDIAN);
    }

    /** @return true for Deflated Explicit VR Little Endian (the data set after the file meta is deflated) */
    public boolean isDeflated() {
        return uid.equals(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** @return true when this reader can decode the pixel data: the four native syntaxes */
    public boolean isDecodable() {
        return isImplicitVr() || isBigEndian() || isDeflated() || uid.equals(EXPLICIT_VR_LITTLE_ENDIAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransferSyntax && ((TransferSyntax) o).uid.equals(uid);
    }

    @Override
    public int hashCode() {
        return uid.hashCode();
    }

    @Override
    public String toString() {
        return uid + " (" + name() + ")";
    }
}
