package org.dirabench.datasets.io.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.dirabench.datasets.io.ImageFormatException;

/**
 * Parses a DICOM Part 10 file (PS3.10 §7: 128-byte preamble, "DICM", File Meta Information in Explicit VR Little
 * Endian) or a bare data set without preamble, into its top-level attributes. Sequences are walked (defined and
 * undefined lengths, PS3.5 §7.5) but their contents are not kept; encapsulated pixel data (PS3.5 A.4) are skipped
 * fragment by fragment and marked as such.
 */
final class DicomParser {
    static final int ITEM = 0xFFFEE000;
    static final int ITEM_DELIMITATION = 0xFFFEE00D;
    static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    static final int PIXEL_DATA = 0x7FE00010;
    static final int TRANSFER_SYNTAX_UID = 0x00020010;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** VRs with a 2-byte reserved field and a 4-byte length in explicit VR (PS3.5 §7.1.2). */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");
    /** Value representations of the binary attributes this package reads, for Implicit VR data sets. */
    private static final Map<Integer, String> IMPLICIT_VR = Map.of(
            0x00280002, "US", 0x00280010, "US", 0x00280011, "US", 0x00280100, "US", 0x00280101, "US",
            0x00280102, "US", 0x00280103, "US", 0x00280120, "US", 0x00280121, "US", PIXEL_DATA, "OW");

    /** One top-level attribute. */
    static final class Element {
        final String vr; // null when the data set is implicit VR and the tag is not in IMPLICIT_VR
        final byte[] value; // null for pixel data
        final int offset;
        final long length;

        Element(String vr, byte[] value, int offset, long length) {
            this.vr = vr;
            this.value = value;
            this.offset = offset;
            this.length = length;
        }
    }

    /** The parse result. */
    static final class Dataset {
        final Map<Integer, Element> elements = new HashMap<>();
        TransferSyntax syntax;
        ByteOrder order;
        byte[] bytes; // the bytes the pixel data offset refers to (the inflated data set when deflated)
        boolean encapsulatedPixelData;
        boolean hasPreamble;
    }

    private final Path file;
    private byte[] b;
    private int pos;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
    private boolean explicit = true;

    private DicomParser(Path file, byte[] bytes) {
        this.file = file;
        this.b = bytes;
    }

    /**
     * @param file for messages
     * @param bytes the whole file
     * @throws ImageFormatException for a file that is not DICOM, or a malformed or truncated element
     */
    static Dataset parse(Path file, byte[] bytes) throws ImageFormatException {
        return new DicomParser(file, bytes).run();
    }

    private Dataset run() throws ImageFormatException {
        Dataset ds = new Dataset();
        boolean dicm = b.length >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
        ds.hasPreamble = dicm;
        pos = dicm ? 132 : 0;
        if (!dicm && !looksLikeDataSet()) {
            throw new ImageFormatException(file, "not a DICOM file: no 'DICM' marker at byte 128 and the file does"
                    + " not start with a DICOM data element (" + b.length + " bytes)");
        }
        String tsUid = null;
        // File Meta Information: group 0002, always Explicit VR Little Endian (PS3.10 §7.1)
        while (pos + 4 <= b.length && u16(pos) == 0x0002) {
            int tag = readTag();
            Element e = readElement(tag, true, false);
            ds.elements.put(tag, e);
            if (tag == TRANSFER_SYNTAX_UID) {
                tsUid = text(e.value);
            }
        }
        if (tsUid == null) {
            // no meta information: a bare data set; PS3.5 default is Implicit VR Little Endian
            tsUid = dataSetIsExplicit() ? TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN
                    : TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        ds.syntax = TransferSyntax.of(tsUid);
        explicit = !ds.syntax.isImplicitVr();
        order = ds.syntax.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        if (ds.syntax.isDeflated()) {
            b = inflate(b, pos);
            pos = 0;
        }
        ds.order = order;
        ds.bytes = b;
        while (pos < b.length) {
            if (b.length - pos < 8) {
                if (allZero(pos)) {
                    break; // trailing padding
                }
                throw new ImageFormatException(file, "truncated data element at byte " + pos + ": "
                        + (b.length - pos) + " bytes left, a data element header needs 8");
            }
            int tag = readTag();
            if (tag == ITEM || tag == ITEM_DELIMITATION || tag == SEQUENCE_DELIMITATION) {
                throw new ImageFormatException(file, "malformed data set: item or delimitation tag " + hex(tag)
                        + " at top level, byte " + (pos - 4));
            }
            Element e = readElement(tag, explicit, tag == PIXEL_DATA);
            if (tag == PIXEL_DATA && e.length == UNDEFINED) {
                ds.encapsulatedPixelData = true;
            }
            ds.elements.put(tag, e);
        }
        return ds;
    }

    private boolean looksLikeDataSet() {
        if (b.length < 8) {
            return false;
        }
        int group = u16(0);
        return group == 0x0002 || group == 0x0008;
    }

    private boolean dataSetIsExplicit() {
        return pos + 6 <= b.length && isVrChar(b[pos + 4]) && isVrChar(b[pos + 5]);
    }

    private static boolean isVrChar(byte c) {
        return c >= 'A' && c <= 'Z';
    }

    private boolean allZero(int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private byte[] inflate(byte[] all, int from) throws ImageFormatException {
        Inflater inf = new Inflater(true); // PS3.5 A.5: raw deflate (RFC 1951), no zlib header
        inf.setInput(all, from, all.length - from);
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (all.length - from) * 3));
        byte[] buf = new byte[1 << 16];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new ImageFormatException(file, "Deflated Explicit VR Little Endian data set ends early"
                            + " after " + out.size() + " inflated bytes");
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new ImageFormatException(file, "corrupt deflated data set: " + e.getMessage(), e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    private int readTag() {
        int g = u16(pos);
        int e = u16(pos + 2);
        pos += 4;
        return (g << 16) | e;
    }

    /** Reads the rest of an element whose tag was just read; keeps top-level values. */
    private Element readElement(int tag, boolean isExplicit, boolean pixel) throws ImageFormatException {
        int start = pos - 4;
        String vr;
        long len;
        if (isExplicit) {
            need(start, 4, tag);
            vr = new String(b, pos, 2, StandardCharsets.US_ASCII);
            if (!isVrChar(b[pos]) || !isVrChar(b[pos + 1])) {
                throw new ImageFormatException(file, "malformed element " + hex(tag) + " at byte " + start
                        + ": value representation bytes are not letters (implicit VR data in an explicit VR"
                        + " transfer syntax?)");
            }
            pos += 2;
            if (LONG_VRS.contains(vr)) {
                need(start, 6, tag);
                pos += 2;
                len = u32(pos);
                pos += 4;
            } else {
                len = u16(pos);
                pos += 2;
            }
        } else {
            need(start, 4, tag);
            vr = IMPLICIT_VR.get(tag);
            len = u32(pos);
            pos += 4;
        }
        if (len == UNDEFINED) {
            int valueStart = pos;
            if (pixel) {
                skipEncapsulated(tag);
            } else {
                // an undefined-length SQ, or UN holding a sequence (encoded as Implicit VR Little Endian, PS3.5 §6.2.2)
                boolean inner = isExplicit && !"UN".equals(vr);
                skipSequence(tag, inner);
            }
            return new Element(pixel ? "OB" : vr, null, valueStart, UNDEFINED);
        }
        if (len > b.length - pos) {
            throw new ImageFormatException(file, (pixel ? "truncated Pixel Data (7FE0,0010)" : "truncated element "
                    + hex(tag)) + ": its length is " + len + " bytes at byte " + pos + ", but only " + (b.length - pos)
                    + " bytes remain in the file");
        }
        int valueStart = pos;
        pos += (int) len;
        if (pixel) {
            return new Element(vr, null, valueStart, len);
        }
        byte[] v = new byte[(int) len];
        System.arraycopy(b, valueStart, v, 0, (int) len);
        return new Element(vr, v, valueStart, len);
    }

    private void need(int start, int n, int tag) throws ImageFormatException {
        if (b.length - pos < n) {
            throw new ImageFormatException(file, "truncated element " + hex(tag) + " at byte " + start);
        }
    }

    /** Skips the items of an undefined-length sequence up to and including its Sequence Delimitation Item. */
    private void skipSequence(int seqTag, boolean isExplicit) throws ImageFormatException {
        while (true) {
            if (b.length - pos < 8) {
                throw new ImageFormatException(file, "sequence " + hex(seqTag) + " ends without a Sequence"
                        + " Delimitation Item (file ends at byte " + b.length + ")");
            }
            int tag = readTag();
            long len = u32(pos);
            pos += 4;
            if (tag == SEQUENCE_DELIMITATION) {
                return;
            }
            if (tag != ITEM) {
                throw new ImageFormatException(file, "malformed sequence " + hex(seqTag) + ": expected an Item"
                        + " (FFFE,E000) at byte " + (pos - 8) + ", found " + hex(tag));
            }
            if (len == UNDEFINED) {
                skipItemDataSet(isExplicit);
            } else {
                if (len > b.length - pos) {
                    throw new ImageFormatException(file, "truncated item of sequence " + hex(seqTag) + " at byte "
                            + (pos - 8));
                }
                pos += (int) len;
            }
        }
    }

    /** Skips the elements of an undefined-length item up to and including its Item Delimitation Item. */
    private void skipItemDataSet(boolean isExplicit) throws ImageFormatException {
        while (true) {
            if (b.length - pos < 8) {
                throw new ImageFormatException(file, "item ends without an Item Delimitation Item (file ends at"
                        + " byte " + b.length + ")");
            }
            int tag = readTag();
            if (tag == ITEM_DELIMITATION) {
                pos += 4;
                return;
            }
            readElement(tag, isExplicit, false);
        }
    }

    /** Skips encapsulated pixel data: a Basic Offset Table item, fragment items, a Sequence Delimitation Item. */
    private void skipEncapsulated(int tag) throws ImageFormatException {
        while (true) {
            if (b.length - pos < 8) {
                throw new ImageFormatException(file, "encapsulated Pixel Data (7FE0,0010) ends without a Sequence"
                        + " Delimitation Item (file ends at byte " + b.length + ")");
            }
            int t = readTag();
            long len = u32(pos);
            pos += 4;
            if (t == SEQUENCE_DELIMITATION) {
                return;
            }
            if (t != ITEM || len == UNDEFINED || len > b.length - pos) {
                throw new ImageFormatException(file, "malformed encapsulated Pixel Data (7FE0,0010): bad fragment"
                        + " item " + hex(t) + " of length " + len + " at byte " + (pos - 8));
            }
            pos += (int) len;
        }
    }

    private int u16(int at) {
        return ByteBuffer.wrap(b, at, 2).order(order).getShort() & 0xffff;
    }

    private long u32(int at) {
        return ByteBuffer.wrap(b, at, 4).order(order).getInt() & 0xffffffffL;
    }

    static String text(byte[] v) {
        return new String(v, StandardCharsets.ISO_8859_1).replace("\0", "").strip();
    }

    static String hex(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xffff);
    }
}
