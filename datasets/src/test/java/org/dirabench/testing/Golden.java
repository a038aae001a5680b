package org.dirabench.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.testng.Assert;

/**
 * Reads the reference files in {@code ../shared/golden} (system property {@code dira.golden.root}, environment
 * variable {@code DIRA_GOLDEN_ROOT}, or {@code ../shared/golden} from the working directory) and compares with them.
 * Shared with every module's tests through the {@code datasets} test-jar.
 */
public final class Golden {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode root;
    private final String name;

    private Golden(String name, JsonNode root) {
        this.name = name;
        this.root = root;
    }

    /**
     * @return the golden folder: the first existing one of {@code -Ddira.golden.root}, {@code DIRA_GOLDEN_ROOT},
     *     {@code ../shared/golden}, {@code ../../shared/golden}, {@code ../../../shared/golden} (the last ones
     *     relative to the working directory; the build's default property points at a folder that does not exist
     *     when the repository is checked out as a worktree elsewhere, as {@code DataRoot} also allows for)
     */
    public static Path folder() {
        List<String> candidates = new ArrayList<>();
        candidates.add(System.getProperty("dira.golden.root"));
        candidates.add(System.getenv("DIRA_GOLDEN_ROOT"));
        candidates.addAll(List.of("../shared/golden", "../../shared/golden", "../../../shared/golden"));
        for (String p : candidates) {
            if (p != null && !p.isBlank() && Files.isDirectory(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("golden folder not found: set -Ddira.golden.root; tried " + candidates);
    }

    /** @param file a file name such as {@code moco_infonce_small.json} */
    public static Golden load(String file) {
        try {
            return new Golden(file, JSON.readTree(folder().resolve(file).toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read golden file " + file, e);
        }
    }

    /** @return the raw JSON node of a key */
    public JsonNode node(String key) {
        JsonNode n = root.get(key);
        if (n == null) {
            throw new IllegalArgumentException(name + " has no key " + key);
        }
        return n;
    }

    /** @return a scalar */
    public double scalar(String key) {
        return node(key).asDouble();
    }

    /** @return a nested list as a double-precision array with the nesting as its shape */
    public INDArray array(String key) {
        return toArray(node(key));
    }

    /** Converts a JSON nested list to a double-precision INDArray of the same shape. */
    public static INDArray toArray(JsonNode n) {
        List<Long> shape = new ArrayList<>();
        JsonNode x = n;
        while (x.isArray()) {
            shape.add((long) x.size());
            x = x.get(0);
        }
        List<Double> flat = new ArrayList<>();
        flatten(n, flat);
        double[] d = flat.stream().mapToDouble(Double::doubleValue).toArray();
        long[] s = shape.stream().mapToLong(Long::longValue).toArray();
        return Nd4j.create(d, s, DataType.DOUBLE);
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.isNull() ? Double.NaN : n.asDouble());
        }
    }

    /** Asserts |a - e| / max(|e|, tiny) &lt;= rel for a scalar. */
    public static void assertClose(double actual, double expected, double rel, String what) {
        double err = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-12);
        Assert.assertTrue(err <= rel, what + ": got " + actual + ", expected " + expected + " (rel. error " + err + ")");
    }

    /**
     * Asserts every element is within {@code rel} relative error, measured against the largest magnitude of the
     * expected array (so that elements near zero do not blow the ratio up).
     */
    public static void assertClose(INDArray actual, INDArray expected, double rel, String what) {
        Assert.assertEquals(actual.shape(), expected.shape(), what + ": shape");
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE);
        double scale = Math.max(e.amaxNumber().doubleValue(), 1e-12);
        double maxErr = a.sub(e).amaxNumber().doubleValue() / scale;
        Assert.assertTrue(maxErr <= rel, what + ": max rel. error " + maxErr + " > " + rel);
    }
}
