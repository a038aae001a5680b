package org.dirabench.datasets.io.dicom;

import java.nio.file.Path;
import org.dirabench.datasets.io.ImageFormatException;

/**
 * The pixel data of a DICOM file are encoded with a transfer syntax this reader cannot decode (JPEG, JPEG-LS,
 * JPEG 2000, RLE, video, or an unknown UID). The message names the file, the UID and its PS3.6 name.
 */
public class UnsupportedTransferSyntaxException extends ImageFormatException {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final String syntaxName;

    /**
     * @param file the file
     * @param syntax the transfer syntax of its pixel data
     */
    public UnsupportedTransferSyntaxException(Path file, TransferSyntax syntax) {
        super(file, "transfer syntax " + syntax.uid() + " (" + syntax.name() + ") cannot be decoded: only"
                + " uncompressed pixel data (Implicit VR Little Endian, Explicit VR Little Endian, Deflated Explicit"
                + " VR Little Endian, Explicit VR Big Endian) are supported; decompress the file first (e.g. with"
                + " gdcmconv --raw or dcmdjpeg)");
        this.uid = syntax.uid();
        this.syntaxName = syntax.name();
    }

    /** @return the transfer syntax UID */
    public String uid() {
        return uid;
    }

    /** @return its PS3.6 name */
    public String syntaxName() {
        return syntaxName;
    }
}
