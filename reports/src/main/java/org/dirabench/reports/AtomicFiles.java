package org.dirabench.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file by writing a temporary file in the same folder and renaming it into place, so that a reader (or a
 * killed writer) sees either the old file or the new one, never half of one (the run-folder convention of
 * {@code docs/FORMATS.md}). On POSIX file systems the rename is {@code rename(2)}, which is atomic and replaces the
 * target.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Writes the bytes of a file; see {@link #write(Path, byte[])}. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out the stream to write to; do not close it
         * @throws IOException when writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code bytes} to {@code target} atomically, creating the parent folders.
     *
     * @param target the file to write
     * @param bytes its full content
     * @throws IOException when the folder cannot be created or the file cannot be written or renamed; the temporary
     *     file is removed in that case
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /**
     * Writes {@code text} as UTF-8 to {@code target} atomically.
     *
     * @param target the file to write
     * @param text its full content
     * @throws IOException as {@link #write(Path, byte[])}
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Streams content to a temporary file beside {@code target}, forces it to disk and renames it onto
     * {@code target}.
     *
     * @param target the file to write
     * @param content writes the file's bytes
     * @throws IOException as {@link #write(Path, byte[])}, or thrown by {@code content}
     */
    public static void write(Path target, Content content) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        boolean moved = false;
        try {
            // createTempFile makes the file private (0600); a report is meant to be read by others.
            if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                content.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
