package org.dirabench.datasets.io.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.zip.Deflater;

/**
 * Writes small DICOM files byte by byte for the tests: optional preamble + "DICM", File Meta Information (Explicit VR
 * Little Endian), then the data set in the chosen transfer syntax. Elements are written in ascending tag order.
 */
public final class DicomBytes {
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
            "UR", "UT", "UV");

    private static final class El {
        final int tag;
        final String vr;
        final Object value; // String, int[] (US/SS), short[] (OW), byte[] (OB), Encapsulated, Sequence

        El(int tag, String vr, Object value) {
            this.tag = tag;
            this.vr = vr;
            this.value = value;
        }
    }

    private static final class Encapsulated {
        final byte[] fragment;

        Encapsulated(byte[] fragment) {
            this.fragment = fragment;
        }
    }

    private static final class Sequence {
        final int innerTag;
        final String innerValue;

        Sequence(int innerTag, String innerValue) {
            this.innerTag = innerTag;
            this.innerValue = innerValue;
        }
    }

    String transferSyntax = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
    boolean preamble = true;
    boolean meta = true;
    private final List<El> elements = new ArrayList<>();

    /** A typical CT slice header: rows x columns, 16-bit signed, HU rescale, axial orientation at z. */
    public static DicomBytes ctSlice(int rows, int cols, double z, String sop, String series) {
        return new DicomBytes()
                .str(0x00080016, "UI", "1.2.840.10008.5.1.4.1.1.2")
                .str(0x00080018, "UI", sop)
                .str(0x00080060, "CS", "CT")
                .str(0x0020000E, "UI", series)
                .str(0x00200032, "DS", "-100\\-120\\" + z)
                .str(0x00200037, "DS", "1\\0\\0\\0\\1\\0")
                .us(0x00280002, 1)
                .str(0x00280004, "CS", "MONOCHROME2")
                .us(0x00280010, rows)
                .us(0x00280011, cols)
                .str(0x00280030, "DS", "0.5\\0.75")
                .us(0x00280100, 16)
                .us(0x00280101, 16)
                .us(0x00280102, 15)
                .us(0x00280103, 1)
                .str(0x00281052, "DS", "-1024")
                .str(0x00281053, "DS", "1");
    }

    public DicomBytes str(int tag, String vr, String v) {
        remove(tag);
        elements.add(new El(tag, vr, v));
        return this;
    }

    public DicomBytes us(int tag, int... v) {
        remove(tag);
        elements.add(new El(tag, "US", v));
        return this;
    }

    public DicomBytes pixels16(short[] v) {
        remove(DicomParser.PIXEL_DATA);
        elements.add(new El(DicomParser.PIXEL_DATA, "OW", v));
        return this;
    }

    public DicomBytes pixels8(byte[] v) {
        remove(DicomParser.PIXEL_DATA);
        elements.add(new El(DicomParser.PIXEL_DATA, "OB", v));
        return this;
    }

    DicomBytes encapsulatedPixels(byte[] fragment) {
        remove(DicomParser.PIXEL_DATA);
        elements.add(new El(DicomParser.PIXEL_DATA, "OB", new Encapsulated(fragment)));
        return this;
    }

    /** An undefined-length sequence with one undefined-length item holding one string element. */
    DicomBytes sequence(int tag, int innerTag, String innerValue) {
        elements.add(new El(tag, "SQ", new Sequence(innerTag, innerValue)));
        return this;
    }

    public DicomBytes remove(int tag) {
        elements.removeIf(e -> e.tag == tag);
        return this;
    }

    public byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (preamble) {
            out.write(new byte[128]);
            out.write("DICM".getBytes(StandardCharsets.US_ASCII));
        }
        if (meta) {
            String sopClass = find(0x00080016, "1.2.840.10008.5.1.4.1.1.2");
            String sop = find(0x00080018, "1.2.3.4");
            writeElement(out, new El(0x00020001, "OB", new byte[] {0, 1}), true, ByteOrder.LITTLE_ENDIAN);
            writeElement(out, new El(0x00020002, "UI", sopClass), true, ByteOrder.LITTLE_ENDIAN);
            writeElement(out, new El(0x00020003, "UI", sop), true, ByteOrder.LITTLE_ENDIAN);
            writeElement(out, new El(0x00020010, "UI", transferSyntax), true, ByteOrder.LITTLE_ENDIAN);
        }
        TransferSyntax ts = TransferSyntax.of(transferSyntax);
        boolean explicit = !ts.isImplicitVr();
        ByteOrder order = ts.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<El> sorted = new ArrayList<>(elements);
        sorted.sort(Comparator.comparingLong(e -> e.tag & 0xffffffffL));
        for (El e : sorted) {
            writeElement(body, e, explicit, order);
        }
        byte[] ds = body.toByteArray();
        if (ts.isDeflated()) {
            Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            d.setInput(ds);
            d.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!d.finished()) {
                z.write(buf, 0, d.deflate(buf));
            }
            d.end();
            ds = z.toByteArray();
        }
        out.write(ds);
        return out.toByteArray();
    }

    private String find(int tag, String dflt) {
        for (El e : elements) {
            if (e.tag == tag && e.value instanceof String) {
                return (String) e.value;
            }
        }
        return dflt;
    }

    public Path write(Path file) throws IOException {
        Files.write(file, bytes());
        return file;
    }

    private static void writeElement(ByteArrayOutputStream out, El e, boolean explicit, ByteOrder order) {
        byte[] value;
        boolean undefined = false;
        if (e.value instanceof String) {
            String s = (String) e.value;
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            int len = b.length + (b.length % 2);
            value = new byte[len];
            System.arraycopy(b, 0, value, 0, b.length);
            if (len > b.length) {
                value[len - 1] = (byte) (e.vr.equals("UI") ? 0 : ' ');
            }
        } else if (e.value instanceof int[]) {
            int[] v = (int[]) e.value;
            ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(order);
            for (int x : v) {
                bb.putShort((short) x);
            }
            value = bb.array();
        } else if (e.value instanceof short[]) {
            short[] v = (short[]) e.value;
            ByteBuffer bb = ByteBuffer.allocate(2 * v.length).order(order);
            for (short x : v) {
                bb.putShort(x);
            }
            value = bb.array();
        } else if (e.value instanceof byte[]) {
            byte[] v = (byte[]) e.value;
            value = v.length % 2 == 0 ? v : java.util.Arrays.copyOf(v, v.length + 1);
        } else if (e.value instanceof Encapsulated) {
            byte[] f = ((Encapsulated) e.value).fragment;
            ByteArrayOutputStream enc = new ByteArrayOutputStream();
            item(enc, DicomParser.ITEM, 0, order); // empty Basic Offset Table
            item(enc, DicomParser.ITEM, f.length + f.length % 2, order);
            enc.writeBytes(f);
            if (f.length % 2 == 1) {
                enc.write(0);
            }
            item(enc, DicomParser.SEQUENCE_DELIMITATION, 0, order);
            value = enc.toByteArray();
            undefined = true;
        } else {
            Sequence sq = (Sequence) e.value;
            ByteArrayOutputStream enc = new ByteArrayOutputStream();
            item(enc, DicomParser.ITEM, -1, order);
            writeElement(enc, new El(sq.innerTag, "LO", sq.innerValue), explicit, order);
            item(enc, DicomParser.ITEM_DELIMITATION, 0, order);
            item(enc, DicomParser.SEQUENCE_DELIMITATION, 0, order);
            value = enc.toByteArray();
            undefined = true;
        }
        ByteBuffer h = ByteBuffer.allocate(12).order(order);
        h.putShort((short) (e.tag >>> 16));
        h.putShort((short) e.tag);
        int len = undefined ? -1 : value.length;
        if (explicit) {
            h.put(e.vr.getBytes(StandardCharsets.US_ASCII));
            if (LONG_VRS.contains(e.vr)) {
                h.putShort((short) 0);
                h.putInt(len);
            } else {
                h.putShort((short) len);
            }
        } else {
            h.putInt(len);
        }
        out.write(h.array(), 0, h.position());
        out.writeBytes(value);
    }

    private static void item(ByteArrayOutputStream out, int tag, int len, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(8).order(order);
        b.putShort((short) (tag >>> 16));
        b.putShort((short) tag);
        b.putInt(len);
        out.writeBytes(b.array());
    }
}
