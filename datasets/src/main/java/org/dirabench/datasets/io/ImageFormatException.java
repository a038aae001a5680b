package org.dirabench.datasets.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that cannot be read as the format it claims to be: truncated data, a header field with an impossible or
 * unsupported value, a missing companion file. The message always names the file and the field (or row) at fault,
 * and what was expected.
 */
public class ImageFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;

    /**
     * @param file the file at fault (may be {@code null} for in-memory input)
     * @param message what is wrong, in the format's own terms (field name, expected vs. found)
     */
    public ImageFormatException(Path file, String message) {
        super((file == null ? "" : file + ": ") + message);
        this.file = file;
    }

    /**
     * @param file the file at fault (may be {@code null})
     * @param message what is wrong
     * @param cause the low-level error (e.g. an {@link java.io.EOFException} from a gzip stream)
     */
    public ImageFormatException(Path file, String message, Throwable cause) {
        super((file == null ? "" : file + ": ") + message, cause);
        this.file = file;
    }

    /** @return the file at fault, or {@code null} */
    public Path file() {
        return file;
    }
}
