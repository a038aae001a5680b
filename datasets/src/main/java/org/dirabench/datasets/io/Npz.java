package org.dirabench.datasets.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * A NumPy {@code .npz} archive ({@code numpy.savez} / {@code savez_compressed}): a zip file whose entries are
 * {@code NAME.npy} arrays, stored or deflated, as MedMNIST ships its data ({@code train_images}, {@code train_labels},
 * ...). Entries are read into memory with {@link NpyArray}.
 */
public final class Npz {
    private Npz() {
    }

    /**
     * Reads every array of an archive.
     *
     * @param file the {@code .npz}
     * @return arrays by name (the entry name without {@code .npy}), in archive order
     * @throws ImageFormatException naming the file and entry for a non-zip file, an entry that is not {@code .npy},
     *     or any {@link NpyArray#read(InputStream, Path, String)} error (unsupported dtype, pickled objects, size)
     * @throws IOException when the file cannot be read
     */
    public static Map<String, NpyArray> read(Path file) throws IOException {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipFile zip = open(file)) {
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                if (e.isDirectory()) {
                    continue;
                }
                out.put(name(file, e), readEntry(zip, e, file));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Reads one array.
     *
     * @param name the array name, with or without {@code .npy}
     * @throws ImageFormatException when the entry is absent (listing those present) or unreadable
     * @throws IOException when the file cannot be read
     */
    public static NpyArray read(Path file, String name) throws IOException {
        String entry = name.endsWith(".npy") ? name : name + ".npy";
        try (ZipFile zip = open(file)) {
            ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                StringBuilder names = new StringBuilder();
                zip.stream().forEach(z -> names.append(names.length() == 0 ? "" : ", ").append(z.getName()));
                throw new ImageFormatException(file, "no entry " + entry + " (entries: " + names + ")");
            }
            return readEntry(zip, e, file);
        }
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new ImageFormatException(file, "not a valid .npz (zip) archive: " + e.getMessage(), e);
        }
    }

    private static String name(Path file, ZipEntry e) throws ImageFormatException {
        String n = e.getName();
        if (!n.endsWith(".npy")) {
            throw new ImageFormatException(file, "entry " + n + " is not a .npy array");
        }
        return n.substring(0, n.length() - 4);
    }

    private static NpyArray readEntry(ZipFile zip, ZipEntry e, Path file) throws IOException {
        name(file, e);
        try (InputStream in = zip.getInputStream(e)) {
            return NpyArray.read(in, file, e.getName());
        } catch (ZipException | java.io.EOFException ex) {
            throw new ImageFormatException(file, "entry " + e.getName() + ": corrupt or truncated zip data ("
                    + ex.getMessage() + ")", ex);
        }
    }
}
