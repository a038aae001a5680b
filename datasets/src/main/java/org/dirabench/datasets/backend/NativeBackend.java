package org.dirabench.datasets.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses and configures the ND4J native backend before ND4J loads.
 *
 * <p>The CPU build ships two oneDNN builds of nd4j-native ({@code linux-x86_64-onednn-avx512} and
 * {@code linux-x86_64-onednn-avx2}); JavaCPP loads the one named by the system property
 * {@value #EXTENSION_PROPERTY}. {@link #configure()} reads the CPU flags from {@code /proc/cpuinfo} and sets it to
 * {@code -onednn-avx512} when the CPU has AVX-512 (F and BW), otherwise {@code -onednn-avx2} when it has AVX2,
 * otherwise leaves it unset (the generic x86 build, slow, with a warning). A value set by the user (for example
 * {@code -Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2}, or the environment variable
 * {@value #EXTENSION_ENV}) always wins. Under the {@code cuda} Maven profile no nd4j-native jar is on the class path
 * and the property is ignored by the CUDA backend.
 *
 * <p>It also sets {@value #HELPERS_PROPERTY}{@code =false}: DL4J 1.0.0-M2.1 disables its oneDNN layer helpers by
 * default, and without them every convolution runs through the built-in im2col path, about 5.5 times slower
 * (DL4J-NOTES.md §1). The second half of that fix, the {@code org.nd4j.nativeblas.Nd4jCpu$Environment} class DL4J
 * looks up by reflection, lives in module {@code baselines} beside the layers it enables.
 *
 * <p>Call {@link #configure()} before the first use of {@code Nd4j}; calling it later only logs a warning when the
 * build already loaded differs. It is idempotent and thread-safe.
 */
public final class NativeBackend {
    /** JavaCPP's system property naming the platform extension (the classifier suffix) to load. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";
    /** Environment variable that overrides the automatic choice, e.g. {@code -onednn-avx2} or {@code ""}. */
    public static final String EXTENSION_ENV = "DIRA_ND4J_EXTENSION";
    /** DL4J's switch for the oneDNN (MKL-DNN) layer helpers; must be {@code false} for the fast path. */
    public static final String HELPERS_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static final Logger LOG = LoggerFactory.getLogger(NativeBackend.class);
    /** Platform extensions of the nd4j-native 1.0.0-M2.1 builds. */
    public static final java.util.List<String> KNOWN_EXTENSIONS = java.util.List.of("", "-onednn-avx512",
            "-onednn-avx2", "-onednn", "-avx512", "-avx2", "-compat");
    private static volatile String chosen;

    private NativeBackend() {
    }

    /**
     * Sets the backend system properties once per JVM.
     *
     * @return the platform extension that JavaCPP will load ({@code ""} for the generic build)
     */
    public static synchronized String configure() {
        if (chosen != null) {
            return chosen;
        }
        if (System.getProperty(HELPERS_PROPERTY) == null || !"false".equals(System.getProperty(HELPERS_PROPERTY))) {
            System.setProperty(HELPERS_PROPERTY, "false");
        }
        String explicit = System.getProperty(EXTENSION_PROPERTY);
        String fromEnv = System.getenv(EXTENSION_ENV);
        String ext;
        if (explicit != null) {
            ext = explicit;
            LOG.info("ND4J build chosen by -D{}={}", EXTENSION_PROPERTY, ext);
        } else if (fromEnv != null) {
            ext = fromEnv.trim();
            if (!KNOWN_EXTENSIONS.contains(ext)) {
                throw new IllegalArgumentException(EXTENSION_ENV + "=" + ext + " names no nd4j-native build; expected"
                        + " one of " + KNOWN_EXTENSIONS + " (\"\" = generic)");
            }
            LOG.info("ND4J build chosen by {}={}", EXTENSION_ENV, ext);
        } else {
            ext = extensionFor(cpuFlags(Path.of("/proc/cpuinfo")));
            if (ext.isEmpty()) {
                LOG.warn("CPU has no AVX2: loading the generic nd4j-native build without oneDNN; training will be"
                        + " several times slower (docs/BACKEND.md)");
            }
        }
        System.setProperty(EXTENSION_PROPERTY, ext);
        chosen = ext;
        return ext;
    }

    /** System property: milliseconds between ND4J's periodic garbage collections (0 turns them off). */
    public static final String GC_WINDOW_PROPERTY = "dira.gc.window.ms";
    private static volatile boolean periodicGc;

    /**
     * Bounds ND4J's off-heap memory in loops that allocate outside DL4J's workspaces (loss computations, the
     * discriminator, batches): ND4J frees an array's native memory only after the garbage collector has collected the
     * Java object, and those objects are too small to make the heap fill up, so without help the process grows by
     * gigabytes before a collection happens. This turns on ND4J's periodic collection (every
     * {@value #GC_WINDOW_PROPERTY} ms, default 5000; a collection of a small live heap costs tens of milliseconds).
     * Idempotent; call after {@link #configure()}.
     */
    public static synchronized void boundOffHeapMemory() {
        if (periodicGc) {
            return;
        }
        long window = Long.getLong(GC_WINDOW_PROPERTY, 5000L);
        if (window > 0) {
            org.nd4j.linalg.factory.Nd4j.getMemoryManager().setAutoGcWindow((int) window);
            org.nd4j.linalg.factory.Nd4j.getMemoryManager().togglePeriodicGc(true);
            LOG.info("ND4J periodic garbage collection every {} ms (-D{})", window, GC_WINDOW_PROPERTY);
        }
        periodicGc = true;
    }

    /**
     * The platform extension for a set of CPU flags.
     *
     * @param flags lower-case flags as {@code /proc/cpuinfo} lists them
     * @return {@code -onednn-avx512}, {@code -onednn-avx2} or {@code ""} (generic)
     */
    public static String extensionFor(Set<String> flags) {
        if (flags.contains("avx512f") && flags.contains("avx512bw")) {
            return "-onednn-avx512";
        }
        if (flags.contains("avx2")) {
            return "-onednn-avx2";
        }
        return "";
    }

    /**
     * The CPU flags of the first processor listed in a cpuinfo file.
     *
     * @param cpuinfo normally {@code /proc/cpuinfo}
     * @return the flags; empty when the file is missing or unreadable (non-Linux hosts)
     */
    public static Set<String> cpuFlags(Path cpuinfo) {
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                if (line.startsWith("flags")) {
                    int colon = line.indexOf(':');
                    return new HashSet<>(Arrays.asList(line.substring(colon + 1).trim().toLowerCase(Locale.ROOT)
                            .split("\\s+")));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read CPU flags from {}: {}", cpuinfo, e.toString());
        }
        return Set.of();
    }
}
