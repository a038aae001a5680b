package org.dirabench.harness.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A cheap identity of a dataset folder for job ids: sha256 over the sorted (relative path, size) list of its files.
 * A job planned on other data (files added, removed, truncated) gets another id, so it is not mistaken for a finished
 * one; moving the folder elsewhere does not change it. The manifest's content checksums (sha256 of every file read)
 * are the full record; this listing is what planning can afford at paper scale (one directory walk).
 */
public final class DataIdentity {
    private static final Map<Path, String> CACHE = new ConcurrentHashMap<>();

    private DataIdentity() {
    }

    /**
     * @param folder a dataset folder
     * @return 16 hex digits identifying its file listing
     * @throws IllegalArgumentException when the folder does not exist or holds no file
     */
    public static String of(Path folder) {
        Path f = folder.toAbsolutePath().normalize();
        return CACHE.computeIfAbsent(f, DataIdentity::compute);
    }

    private static String compute(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("dataset folder " + folder + " does not exist (set data.<dataset>=DIR,"
                    + " or DIRA_DATA_ROOT)");
        }
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalArgumentException("dataset folder " + folder + " holds no file");
            }
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : files) {
                md.update((folder.relativize(p) + "\t" + Files.size(p) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("dataset folder " + folder + " changed while being listed: " + e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list dataset folder " + folder, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
