package org.dirabench.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.dirabench.reports.results.RunFormatException;

/**
 * A job's {@code manifest.json} (provenance: configuration, data checksums, code version, JVM, ND4J backend,
 * hardware, times; {@code docs/FORMATS.md}). Accessors return the empty string for a field the file lacks, so a report
 * can show what is there and say what is missing.
 */
public final class Manifest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final JsonNode root;

    private Manifest(Path file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    /**
     * @param file a {@code manifest.json}
     * @return the manifest
     * @throws RunFormatException when the file is not a JSON object (the message names the file and line)
     * @throws IOException when it cannot be read
     */
    public static Manifest read(Path file) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw RunFormatException.at(file, line, "not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) {
            throw RunFormatException.at(file, 1, "expected a JSON object");
        }
        return new Manifest(file, n);
    }

    /** @return the file this was read from */
    public Path file() {
        return file;
    }

    /**
     * @param path dot-separated field path, e.g. {@code hardware.cpu}
     * @return the field as text ("" when absent or null)
     */
    public String text(String path) {
        JsonNode n = node(path);
        if (n.isMissingNode() || n.isNull()) {
            return "";
        }
        return n.isValueNode() ? n.asText() : n.toString();
    }

    /**
     * @param path dot-separated field path
     * @return the node, {@link MissingNode} when absent
     */
    public JsonNode node(String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        return n;
    }

    /** @return {@code pretrain} or {@code finetune} (or whatever the file says) */
    public String kind() {
        return text("kind");
    }

    /** @return the wall time in seconds, NaN when absent or not a number */
    public double wallSeconds() {
        JsonNode n = node("wall_seconds");
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** @return the ND4J backend as one phrase, e.g. "CPU onednn-avx512 (oneDNN, OPENBLAS, 2 threads)" */
    public String backendSummary() {
        if (node("nd4j").isMissingNode()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text("nd4j.backend"));
        if (!text("nd4j.build").isEmpty()) {
            sb.append(' ').append(text("nd4j.build"));
        }
        StringBuilder extra = new StringBuilder();
        if ("true".equals(text("nd4j.onednn"))) {
            extra.append("oneDNN");
        }
        for (String f : new String[] {"nd4j.blas"}) {
            if (!text(f).isEmpty()) {
                extra.append(extra.length() > 0 ? ", " : "").append(text(f));
            }
        }
        if (!text("nd4j.threads").isEmpty()) {
            extra.append(extra.length() > 0 ? ", " : "").append(text("nd4j.threads")).append(" threads");
        }
        return extra.length() > 0 ? sb + " (" + extra + ")" : sb.toString();
    }

    /** @return the hardware as one phrase, e.g. "Xeon ... , 2 cores, 24.0 GiB, GPU none" */
    public String hardwareSummary() {
        if (node("hardware").isMissingNode()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(text("hardware.cpu"));
        if (!text("hardware.cores").isEmpty()) {
            sb.append(", ").append(text("hardware.cores")).append(" cores");
        }
        JsonNode mem = node("hardware.memory_bytes");
        if (mem.isNumber()) {
            sb.append(String.format(java.util.Locale.ROOT, ", %.1f GiB", mem.asDouble() / (1L << 30)));
        }
        if (!text("hardware.gpu").isEmpty()) {
            sb.append(", GPU ").append(text("hardware.gpu"));
        }
        return sb.toString();
    }

    /** @return the JVM as one phrase, e.g. "17.0.15 (Debian)" */
    public String javaSummary() {
        String v = text("java.version");
        String vendor = text("java.vendor");
        return vendor.isEmpty() ? v : v + " (" + vendor + ")";
    }

    /**
     * @return the resolved configuration flattened to {@code a.b.c → value} (arrays as {@code a[0]}), sorted by key;
     *     empty when the manifest has no {@code config}
     */
    public SortedMap<String, String> flatConfig() {
        SortedMap<String, String> out = new TreeMap<>();
        flatten("", node("config"), out);
        return out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n.isMissingNode()) {
            return;
        }
        if (n.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (n.isArray()) {
            for (int i = 0; i < n.size(); i++) {
                flatten(prefix + "[" + i + "]", n.get(i), out);
            }
        } else {
            out.put(prefix, n.isNull() ? "null" : n.asText());
        }
    }
}
