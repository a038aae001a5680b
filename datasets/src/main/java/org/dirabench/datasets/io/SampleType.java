package org.dirabench.datasets.io;

import java.nio.ByteBuffer;

/**
 * The numeric element types that NIfTI-1, MetaImage and NumPy files store, with one decoder for all of them.
 * Mapping: NIfTI-1 {@code datatype} 256/2/4/512/8/768/1024/1280/16/64; MetaImage {@code MET_CHAR ... MET_DOUBLE};
 * NumPy {@code i1 u1 i2 u2 i4 u4 i8 u8 f4 f8} (and {@code b1} as {@link #UINT8}).
 */
public enum SampleType {
    /** signed 8-bit */
    INT8(1, "int8"),
    /** unsigned 8-bit */
    UINT8(1, "uint8"),
    /** signed 16-bit */
    INT16(2, "int16"),
    /** unsigned 16-bit */
    UINT16(2, "uint16"),
    /** signed 32-bit */
    INT32(4, "int32"),
    /** unsigned 32-bit */
    UINT32(4, "uint32"),
    /** signed 64-bit */
    INT64(8, "int64"),
    /** unsigned 64-bit */
    UINT64(8, "uint64"),
    /** IEEE 754 binary32 */
    FLOAT32(4, "float32"),
    /** IEEE 754 binary64 */
    FLOAT64(8, "float64");

    private final int bytes;
    private final String label;

    SampleType(int bytes, String label) {
        this.bytes = bytes;
        this.label = label;
    }

    /** @return bytes per element */
    public int bytes() {
        return bytes;
    }

    /** @return the NumPy-style name, e.g. {@code int16} */
    public String label() {
        return label;
    }

    /** @return true for the two floating-point types */
    public boolean isFloatingPoint() {
        return this == FLOAT32 || this == FLOAT64;
    }

    /**
     * Reads element {@code i} (not byte offset) of {@code buf}, in the buffer's byte order, as a double. uint64
     * values above 2^63 are read as unsigned (rounded to double); int64 beyond 2^53 is rounded.
     */
    public double get(ByteBuffer buf, int i) {
        switch (this) {
            case INT8:
                return buf.get(i);
            case UINT8:
                return buf.get(i) & 0xff;
            case INT16:
                return buf.getShort(2 * i);
            case UINT16:
                return buf.getShort(2 * i) & 0xffff;
            case INT32:
                return buf.getInt(4 * i);
            case UINT32:
                return buf.getInt(4 * i) & 0xffffffffL;
            case INT64:
                return buf.getLong(8 * i);
            case UINT64: {
                long v = buf.getLong(8 * i);
                return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case FLOAT32:
                return buf.getFloat(4 * i);
            case FLOAT64:
                return buf.getDouble(8 * i);
            default:
                throw new AssertionError(this);
        }
    }

    /**
     * Decodes {@code count} elements from {@code buf} (byte order of the buffer, starting at element 0) into
     * {@code dst[dstOffset ...]} as float32, applying {@code value * slope + intercept} in double precision first
     * when {@code scaled} is true.
     */
    public void decode(ByteBuffer buf, int count, float[] dst, int dstOffset, boolean scaled, double slope,
            double intercept) {
        if (!scaled) {
            for (int i = 0; i < count; i++) {
                dst[dstOffset + i] = (float) get(buf, i);
            }
        } else {
            for (int i = 0; i < count; i++) {
                dst[dstOffset + i] = (float) (get(buf, i) * slope + intercept);
            }
        }
    }
}
