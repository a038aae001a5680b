package org.dirabench.datasets.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Encodes test values as the raw element bytes a NIfTI or MetaImage file holds. */
final class SampleBytes {
    private SampleBytes() {
    }

    static byte[] encode(SampleType type, ByteOrder order, double... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * type.bytes()).order(order);
        for (double x : values) {
            switch (type) {
                case INT8: case UINT8: b.put((byte) (long) x); break;
                case INT16: case UINT16: b.putShort((short) (long) x); break;
                case INT32: case UINT32: b.putInt((int) (long) x); break;
                case INT64: case UINT64: b.putLong((long) x); break;
                case FLOAT32: b.putFloat((float) x); break;
                case FLOAT64: b.putDouble(x); break;
                default: throw new AssertionError(type);
            }
        }
        return b.array();
    }
}
