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
        String scale = spec.withOverrides(overrides).string("scale");
        Settings defaults = scaleDefaults(scale);
        checkKeys(defaults, spec.leafKeys(), spec.origin());
        checkKeys(defaults, overrideKeys(overrides), "--set");
        Settings merged = defaults.merge(spec).withOverrides(overrides);
        BenchmarkSpec s = from(merged);
        List<String> keys = overrideKeys(overrides);
        if (keys.contains("pretrain.epochs") && keys.stream().noneMatch(k -> k.startsWith("dira.stage"))
                && s.methods().stream().anyMatch(m -> m.startsWith("dira_"))) {
            org.slf4j.LoggerFactory.getLogger(BenchmarkSpec.class).warn("--set pretrain.epochs changes the baselines'"
                    + " epochs only; DiRA's two stages take dira.stage1.epochs={} and dira.stage2.epochs={}: set"
                    + " them too to keep the budgets comparable", merged.integer("dira.stage1.epochs"),
                    merged.integer("dira.stage2.epochs"));
        }
        return s;
    }

    /** Top-level keys of a spec besides the scale's settings. */
    static final java.util.Set<String> SPEC_KEYS = java.util.Set.of("name", "scale", "methods", "tasks",
            "label_fractions", "pretrain_seeds", "seeds");
    /** Dataset ids a spec may give a folder for ({@code data.<id>}). */
    public static final java.util.Set<String> DATASETS = java.util.Set.of("chestxray14", "chexpert", "siim_acr",
            "montgomery", "luna16", "lidc_idri", "lits", "brats", "pe_cad", "pneumoniamnist");

    /**
     * Refuses keys that no scale or spec knows (a typo would otherwise be carried silently into the job
     * configurations while the default value is used), suggesting the closest known key.
     *
     * @param defaults the scale's defaults (every setting a job reads has a default there)
     * @param keys     dotted keys to check
     * @param origin   where they come from, for the message
     * @throws IllegalArgumentException naming the first unknown key
     */
    static void checkKeys(Settings defaults, java.util.Collection<String> keys, String origin) {
        java.util.SortedSet<String> known = new java.util.TreeSet<>(defaults.leafKeys());
        known.addAll(SPEC_KEYS);
        DATASETS.forEach(d -> known.add("data." + d));
        for (String k : keys) {
            boolean ok = known.contains(k) || known.stream().anyMatch(x -> x.startsWith(k + "."))
                    || known.stream().anyMatch(x -> k.startsWith(x + ".") && SPEC_KEYS.contains(x));
            if (!ok) {
                String near = known.stream().min(java.util.Comparator.comparingInt(x -> distance(x, k))).orElse("");
                throw new IllegalArgumentException("unknown setting '" + k + "' (" + origin + ")"
                        + (distance(near, k) <= Math.max(3, k.length() / 3) ? "; did you mean '" + near + "'?" : "")
                        + " Known settings are listed in the scale files harness/src/main/resources/scales/*.yaml;"
                        + " dataset folders are data.<" + String.join("|", new java.util.TreeSet<>(DATASETS)) + ">");
            }
        }
    }

    /**
     * Refuses {@code --set} keys no scale or spec knows.
     *
     * @param defaults  the scale's defaults
     * @param overrides {@code key=value} strings
     * @throws IllegalArgumentException naming the first unknown key
     */
    public static void checkOverrides(Settings defaults, List<String> overrides) {
        checkKeys(defaults, overrideKeys(overrides), "--set");
    }

    private static List<String> overrideKeys(List<String> overrides) {
        List<String> keys = new java.util.ArrayList<>();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            keys.add(eq > 0 ? o.substring(0, eq).trim() : o);
        }
        return keys;
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
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
            roots.put(k, Path.of(expand(data.string(k))).toAbsolutePath().normalize());
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
