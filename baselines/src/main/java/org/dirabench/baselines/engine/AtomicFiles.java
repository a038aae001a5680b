package org.dirabench.baselines.engine;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Writes files and folders so that a reader (or a resumed run) sees either the old version or the new one, never a
 * partial one: write to a temporary sibling, then rename over the target.
 */
public final class AtomicFiles {
    /** Body of a write. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Body of a folder write. */
    @FunctionalInterface
    public interface FolderWriter {
        void write(Path folder) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Writes {@code target} through a temporary sibling and an atomic rename. */
    public static void write(Path target, Writer body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // a unique sibling opened with CREATE_NEW: permissions follow the umask (createTempFile would make it 0600,
        // unreadable for colleagues sharing a run folder)
        Path tmp = dir.resolve("." + target.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE)) {
                body.write(out);
            }
            move(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes a UTF-8 string atomically. */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Replaces a folder atomically as far as POSIX allows: the new content is written to {@code <name>.tmp}, the old
     * folder is renamed to {@code <name>.old}, the new one into place, and the old one deleted. {@link #recover}
     * repairs an interruption between the renames.
     */
    public static void replaceFolder(Path target, FolderWriter body) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Path old = target.resolveSibling(target.getFileName() + ".old");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        body.write(tmp);
        deleteTree(old);
        if (Files.exists(target)) {
            move(target, old);
        }
        move(tmp, target);
        deleteTree(old);
    }

    /**
     * Restores {@code target} from {@code <name>.old} when a {@link #replaceFolder} was interrupted between its two
     * renames, and removes a leftover {@code <name>.tmp}.
     *
     * @return whether the target exists afterwards
     */
    public static boolean recover(Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Path old = target.resolveSibling(target.getFileName() + ".old");
        if (!Files.exists(target) && Files.exists(old)) {
            move(old, target);
        }
        deleteTree(tmp);
        deleteTree(old);
        return Files.exists(target);
    }

    /** Deletes a file or a folder tree if it exists. */
    public static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
