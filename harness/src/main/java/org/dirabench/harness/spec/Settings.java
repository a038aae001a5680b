package org.dirabench.harness.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A tree of settings (YAML / JSON) with dotted-path access, layered merges and {@code key=value} overrides. Specs,
 * scales and job configurations are all Settings; errors name the key and where the tree came from.
 *
 * <p>Merge rule: objects merge key by key, anything else (numbers, strings, lists) is replaced.
 */
public final class Settings {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private final ObjectNode root;
    private final String origin;

    private Settings(ObjectNode root, String origin) {
        this.root = root;
        this.origin = origin;
    }

    /** @return an empty tree */
    public static Settings empty(String origin) {
        return new Settings(JsonNodeFactory.instance.objectNode(), origin);
    }

    /**
     * Reads a YAML resource from the class path.
     *
     * @param resource e.g. {@code scales/mini.yaml}
     * @return the tree
     * @throws IllegalArgumentException when the resource does not exist or is not a YAML mapping
     */
    public static Settings resource(String resource) {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource);
            }
            return of(YAML.readTree(in), "resource " + resource);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot parse " + resource + ": " + e.getMessage(), e);
        }
    }

    /** Reads a YAML or JSON file. */
    public static Settings file(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("settings file " + file + " does not exist");
        }
        try {
            return of(YAML.readTree(file.toFile()), file.toString());
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": not valid YAML/JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Settings of(JsonNode n, String origin) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return empty(origin);
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(origin + ": expected a mapping at the top level, got " + n.getNodeType());
        }
        return new Settings((ObjectNode) n, origin);
    }

    /** @return a deep copy of this tree with {@code over} merged on top */
    public Settings merge(Settings over) {
        ObjectNode copy = root.deepCopy();
        mergeInto(copy, over.root);
        String o = origin.contains(over.origin) ? origin : over.origin.contains(origin) ? over.origin
                : origin + " + " + over.origin;
        return new Settings(copy, o);
    }

    private static void mergeInto(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> it = over.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode b = base.get(e.getKey());
            if (b instanceof ObjectNode bo && e.getValue() instanceof ObjectNode oo) {
                mergeInto(bo, oo);
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }

    /**
     * Applies {@code key=value} overrides (dotted keys; the value is parsed as YAML, so {@code 3}, {@code 0.5},
     * {@code true}, {@code [0, 1]} and plain strings all work).
     *
     * @param overrides e.g. {@code pretrain.epochs=2}
     * @return a new tree
     * @throws IllegalArgumentException for an entry without '=' or an empty key
     */
    public Settings withOverrides(List<String> overrides) {
        ObjectNode copy = root.deepCopy();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("override '" + o + "' must look like key=value");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1).trim();
            JsonNode v;
            try {
                v = value.isEmpty() ? JsonNodeFactory.instance.textNode("") : YAML.readTree(value);
            } catch (JsonProcessingException e) {
                v = JsonNodeFactory.instance.textNode(value);
            }
            set(copy, key, v);
        }
        return new Settings(copy, overrides.isEmpty() || origin.endsWith(" + --set") ? origin : origin + " + --set");
    }

    /** @return a new tree with one value set (dotted key) */
    public Settings with(String key, Object value) {
        ObjectNode copy = root.deepCopy();
        set(copy, key, JSON.valueToTree(value));
        return new Settings(copy, origin);
    }

    private static void set(ObjectNode root, String dotted, JsonNode v) {
        String[] parts = dotted.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode c = n.get(parts[i]);
            if (!(c instanceof ObjectNode)) {
                c = n.putObject(parts[i]);
            }
            n = (ObjectNode) c;
        }
        n.set(parts[parts.length - 1], v);
    }

    /** @return whether a dotted key is present */
    public boolean has(String key) {
        return !node(key).isMissingNode() && !node(key).isNull();
    }

    private JsonNode node(String key) {
        JsonNode n = root;
        for (String p : key.split("\\.")) {
            n = n.path(p);
        }
        return n;
    }

    private JsonNode required(String key) {
        JsonNode n = node(key);
        if (n.isMissingNode() || n.isNull()) {
            throw new IllegalArgumentException(origin + ": missing setting '" + key + "'");
        }
        return n;
    }

    /** @return a required integer */
    public int integer(String key) {
        JsonNode n = required(key);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(origin + ": setting '" + key + "' must be an integer, got " + n);
        }
        return n.intValue();
    }

    /** @return a required number */
    public double number(String key) {
        JsonNode n = required(key);
        if (!n.isNumber()) {
            throw new IllegalArgumentException(origin + ": setting '" + key + "' must be a number, got " + n);
        }
        return n.doubleValue();
    }

    /** @return a required boolean */
    public boolean bool(String key) {
        JsonNode n = required(key);
        if (!n.isBoolean()) {
            throw new IllegalArgumentException(origin + ": setting '" + key + "' must be true or false, got " + n);
        }
        return n.booleanValue();
    }

    /** @return a required string */
    public String string(String key) {
        JsonNode n = required(key);
        if (!n.isValueNode()) {
            throw new IllegalArgumentException(origin + ": setting '" + key + "' must be a value, got " + n);
        }
        return n.asText();
    }

    /** @return a string, or {@code dflt} when absent */
    public String string(String key, String dflt) {
        return has(key) ? string(key) : dflt;
    }

    /** @return a required list of strings (a single value counts as a list of one) */
    public List<String> strings(String key) {
        JsonNode n = required(key);
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            out.add(n.asText());
        }
        return out;
    }

    /** @return a required list of numbers */
    public List<Double> numbers(String key) {
        JsonNode n = required(key);
        List<Double> out = new ArrayList<>();
        for (JsonNode x : n.isArray() ? (ArrayNode) n : JsonNodeFactory.instance.arrayNode().add(n)) {
            if (!x.isNumber()) {
                throw new IllegalArgumentException(origin + ": setting '" + key + "' must hold numbers, got " + x);
            }
            out.add(x.doubleValue());
        }
        return out;
    }

    /** @return a required list of integers */
    public List<Integer> integers(String key) {
        return numbers(key).stream().map(d -> {
            if (d != Math.rint(d)) {
                throw new IllegalArgumentException(origin + ": setting '" + key + "' must hold integers, got " + d);
            }
            return d.intValue();
        }).toList();
    }

    /** @return the subtree under a key (empty when absent) */
    public Settings sub(String key) {
        JsonNode n = node(key);
        return n instanceof ObjectNode o ? new Settings(o.deepCopy(), origin + " [" + key + "]")
                : empty(origin + " [" + key + "]");
    }

    /** @return every leaf's dotted path (lists and values are leaves; empty objects count as leaves) */
    public java.util.SortedSet<String> leafKeys() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        collect(root, "", out);
        return out;
    }

    private static void collect(JsonNode n, String prefix, java.util.Set<String> out) {
        if (n.isObject() && n.size() > 0) {
            n.fields().forEachRemaining(e -> collect(e.getValue(), prefix.isEmpty() ? e.getKey()
                    : prefix + "." + e.getKey(), out));
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }

    /** @return the keys of the top level */
    public List<String> keys() {
        List<String> k = new ArrayList<>();
        root.fieldNames().forEachRemaining(k::add);
        return k;
    }

    /** @return canonical JSON (keys sorted), the input of {@link #sha256()} */
    public String canonicalJson() {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(root, Object.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return sha256 of the canonical JSON, 64 hex digits */
    public String sha256() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(canonicalJson().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the tree as YAML text */
    public String toYaml() {
        try {
            return YAML.writeValueAsString(JSON.treeToValue(root, Object.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the tree as nested maps and lists (for manifests) */
    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return JSON.convertValue(root, Map.class);
    }

    /** @return where the tree came from */
    public String origin() {
        return origin;
    }

    @Override
    public String toString() {
        return canonicalJson();
    }
}
