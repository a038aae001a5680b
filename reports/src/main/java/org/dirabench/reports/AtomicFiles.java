package org.dirabench.reports;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file by writing a temporary file in the same folder and renaming it into place, so that a reader (or a
 * killed writer) sees either the old file or the new one, never half of one (the run-folder convention of
 * {@code docs/FORMATS.md}). On POSIX file systems the rename is {@code rename(2)}, which is atomic and replaces the
 * target. Files get the permissions the process's umask allows, as with any newly created file (readable by group and
 * others under the usual umask 022; private under umask 077).
 */
public final class AtomicFiles {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

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
        Path tmp = createTemporary(dir, abs.getFileName().toString());
        boolean moved = false;
        try {
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

    /**
     * Creates a new empty file {@code .<name>.<random>.tmp} in {@code dir} with the default permissions, i.e. those
     * the process's umask allows ({@code rw-r--r--} under umask 022), like any file a program creates. Not
     * {@link Files#createTempFile}, which makes the file private ({@code rw-------}) whatever the umask, so a report
     * renamed from it could not be read by the colleagues who share the run folder.
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }
}
