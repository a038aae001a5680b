package org.dirabench.datasets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the read-only real datasets live. Tests and the mini benchmark read them in place, never copying them.
 *
 * <p>Resolution order: the system property {@value #PROPERTY}, the environment variable {@value #ENV}, then the first
 * of {@code ../shared/data}, {@code ../../shared/data} and {@code ../../../shared/data} (relative to the working
 * directory) that exists. The Maven build passes {@code -Ddira.data.root} to every test JVM.
 */
public final class DataRoot {
    /** System property naming the data root. */
    public static final String PROPERTY = "dira.data.root";
    /** Environment variable naming the data root. */
    public static final String ENV = "DIRA_DATA_ROOT";

    private DataRoot() {
    }

    /**
     * @return the data root
     * @throws IllegalStateException when no candidate exists; the message lists what was tried
     */
    public static Path resolve() {
        List<String> tried = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            Path p = Path.of(prop).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add("-D" + PROPERTY + "=" + p);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            tried.add(ENV + "=" + p);
        }
        for (String rel : new String[] {"../shared/data", "../../shared/data", "../../../shared/data"}) {
            Path p = Path.of(rel).toAbsolutePath().normalize();
            if (Files.isDirectory(p)) {
                return p;
            }
            if (!tried.contains(p.toString())) {
                tried.add(p.toString());
            }
        }
        throw new IllegalStateException("no data root found; set -D" + PROPERTY + " or " + ENV + " to the folder"
                + " holding chestxray14_nih1000 etc. Tried: " + String.join(", ", tried));
    }

    /**
     * @param name a dataset folder name such as {@code chestxray14_nih1000}
     * @return {@code resolve().resolve(name)}
     * @throws IllegalStateException when the root or the folder is missing
     */
    public static Path dataset(String name) {
        Path p = resolve().resolve(name);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("dataset folder " + p + " does not exist");
        }
        return p;
    }
}
