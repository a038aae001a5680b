package org.dirabench.harness.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dirabench.harness.spec.BenchmarkSpec;
import picocli.CommandLine.Option;

/** The options every spec-driven command shares: {@code --spec}, {@code --out}, {@code --set}. */
final class SpecOptions {
    @Option(names = "--spec", required = true, description = "bundled spec (smoke, mini, paper) or a YAML file")
    String spec;

    @Option(names = "--out", description = "run folder (default: runs/<spec name> at the repository root)")
    Path out;

    @Option(names = "--set", description = "override a setting, e.g. --set pretrain.epochs=2 (repeatable; values are"
            + " YAML)")
    List<String> set;

    /** @return the spec with the overrides */
    BenchmarkSpec load() throws IOException {
        return BenchmarkSpec.load(spec, overrides());
    }

    /** @return the {@code --set} values */
    List<String> overrides() {
        return set == null ? List.of() : new ArrayList<>(set);
    }

    /** @return {@code --out}, or {@code runs/<name>} under the repository root (or the working directory) */
    Path runDir(BenchmarkSpec s) {
        if (out != null) {
            return out;
        }
        String root = System.getProperty("dira.repo.root");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        return base.resolve("runs").resolve(s.name());
    }
}
