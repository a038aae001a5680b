package org.dirabench.harness.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.dirabench.datasets.backend.NativeBackend;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a result came from, in the spirit of Tribuo's provenance: code version, JVM, ND4J backend and build, and the
 * hardware. Written into every job's {@code manifest.json} (docs/FORMATS.md).
 */
public final class Provenance {
    private static volatile String codeVersion;

    private Provenance() {
    }

    /**
     * @return {@code <project version>+<git commit>} (with {@code -dirty} when the working tree had changes), read
     *     from the {@code dira-bench-git.properties} the build writes; {@code <version>+unknown} without git
     */
    public static String codeVersion() {
        if (codeVersion == null) {
            Properties p = new Properties();
            try (InputStream in = Provenance.class.getClassLoader().getResourceAsStream("dira-bench-git.properties")) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // fall through to unknown
            }
            String version = p.getProperty("git.build.version", "0.1.0-SNAPSHOT");
            String commit = p.getProperty("git.commit.id.abbrev", "unknown");
            boolean dirty = Boolean.parseBoolean(p.getProperty("git.dirty", "false"));
            codeVersion = version + "+" + commit + (dirty ? "-dirty" : "");
        }
        return codeVersion;
    }

    /** @return e.g. {@code cpu:onednn-avx512} or {@code cuda} for results.csv's {@code backend} column */
    public static String backend() {
        String ext = NativeBackend.configure();
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend", "?");
        if ("CPU".equalsIgnoreCase(backend)) {
            return "cpu:" + (ext.isEmpty() ? "generic" : ext.substring(1));
        }
        return backend.toLowerCase(java.util.Locale.ROOT);
    }

    /** @return the environment part of a manifest: code, JVM, ND4J and hardware */
    public static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code_version", codeVersion());
        Map<String, Object> java = new LinkedHashMap<>();
        java.put("version", System.getProperty("java.version"));
        java.put("vendor", System.getProperty("java.vendor"));
        java.put("vm", System.getProperty("java.vm.name"));
        java.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        java.put("arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("java", java);
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, Object> nd4j = new LinkedHashMap<>();
        nd4j.put("backend", env.getProperty("backend"));
        nd4j.put("build", backend());
        nd4j.put("onednn", org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
        nd4j.put("blas", env.getProperty("blas.vendor"));
        nd4j.put("threads", env.get("omp.threads"));
        nd4j.put("version", nd4jVersion());
        m.put("nd4j", nd4j);
        Map<String, Object> hw = new LinkedHashMap<>();
        hw.put("cpu", cpuModel());
        hw.put("cores", Runtime.getRuntime().availableProcessors());
        hw.put("memory_bytes", memoryBytes());
        hw.put("gpu", "CPU".equalsIgnoreCase(env.getProperty("backend")) ? "none" : env.getProperty("backend"));
        hw.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("hardware", hw);
        return m;
    }

    /** @return the nd4j-api version from its Maven metadata in the jar */
    private static String nd4jVersion() {
        try (InputStream in = Nd4j.class.getClassLoader().getResourceAsStream(
                "META-INF/maven/org.nd4j/nd4j-api/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static long memoryBytes() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/meminfo"));
            for (String l : lines) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
