package org.dirabench.harness.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dirabench.datasets.DataRoot;

/**
 * A benchmark: which methods, tasks, label fractions and seeds, at which scale, on which data (ARCHITECTURE.md §1).
 * Built from three layers of settings, later ones winning: the scale's defaults ({@code scales/<scale>.yaml}), the
 * spec ({@code benchmarks/<name>.yaml} or a file), and {@code --set key=value} overrides.
 *
 * @param name           spec name (the default run folder is {@code runs/<name>})
 * @param scale          {@code smoke}, {@code mini} or {@code paper}
 * @param methods        pretraining methods, e.g. {@code moco_v2}, {@code dira_moco_v2},
 *                       {@code dira_moco_v2:dis+res}
 * @param tasks          target tasks
 * @param labelFractions fractions of the training labels
 * @param pretrainSeeds  seeds of the pretraining runs
 * @param seeds          fine-tuning seeds
 * @param dataRoots      dataset id → folder (with {@code ${DIRA_DATA_ROOT}} resolved)
 * @param settings       the merged settings (all layers)
 */
public record BenchmarkSpec(String name, String scale, List<String> methods, List<String> tasks,
        List<Double> labelFractions, List<Integer> pretrainSeeds, List<Integer> seeds, Map<String, Path> dataRoots,
        Settings settings) {

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * Loads a spec by resource name ({@code mini}, {@code smoke}, {@code paper}) or file path.
     *
     * @param nameOrFile a bundled spec name or a YAML file
     * @param overrides  {@code key=value} overrides
     * @return the spec
     * @throws IOException              when a spec file cannot be read
     * @throws IllegalArgumentException for an unknown spec or an invalid setting (the message names the key)
     */
    public static BenchmarkSpec load(String nameOrFile, List<String> overrides) throws IOException {
        Settings spec;
        Path p = Path.of(nameOrFile);
        if (Files.isRegularFile(p)) {
            spec = Settings.file(p);
        } else if (BenchmarkSpec.class.getClassLoader().getResource("benchmarks/" + nameOrFile + ".yaml") != null) {
            spec = Settings.resource("benchmarks/" + nameOrFile + ".yaml");
        } else {
            throw new IllegalArgumentException("unknown spec '" + nameOrFile + "': neither a file nor one of the "
                    + "bundled specs (smoke, mini, paper)");
        }
        spec = spec.withOverrides(overrides);
        String scale = spec.string("scale");
        Settings merged = scaleDefaults(scale).merge(spec).withOverrides(overrides);
        return from(merged);
    }

    /** @return the bundled defaults of a scale */
    public static Settings scaleDefaults(String scale) {
        if (!List.of("smoke", "mini", "paper").contains(scale)) {
            throw new IllegalArgumentException("unknown scale '" + scale + "': expected smoke, mini or paper");
        }
        return Settings.resource("scales/" + scale + ".yaml");
    }

    /** Builds the spec from merged settings, validating every list. */
    public static BenchmarkSpec from(Settings s) {
        List<String> methods = s.strings("methods");
        for (String m : methods) {
            MethodId.parse(m);
        }
        List<Double> fractions = s.numbers("label_fractions");
        for (double f : fractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException(s.origin() + ": label fraction " + f + " is not in (0, 1]");
            }
        }
        Map<String, Path> roots = new LinkedHashMap<>();
        Settings data = s.sub("data");
        for (String k : data.keys()) {
            if (!"limit_images".equals(k)) {
                roots.put(k, Path.of(expand(data.string(k))).toAbsolutePath().normalize());
            }
        }
        return new BenchmarkSpec(s.string("name", "custom"), s.string("scale"), methods, s.strings("tasks"),
                fractions, s.integers("pretrain_seeds"), s.integers("seeds"), roots, s);
    }

    /** Replaces {@code ${DIRA_DATA_ROOT}} (the resolved data root) and other {@code ${ENV}} variables. */
    static String expand(String value) {
        Matcher m = VAR.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String var = m.group(1);
            String v = "DIRA_DATA_ROOT".equals(var) ? DataRoot.resolve().toString() : System.getenv(var);
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + var + " in '" + value + "' is not set");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** @return the folder of a dataset */
    public Path dataRoot(String dataset) {
        Path p = dataRoots.get(dataset);
        if (p == null) {
            throw new IllegalArgumentException("spec " + name + " names no folder for dataset '" + dataset
                    + "' (set data." + dataset + "=DIR)");
        }
        return p;
    }
}
