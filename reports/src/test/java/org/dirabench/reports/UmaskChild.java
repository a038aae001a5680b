package org.dirabench.reports;

import java.nio.file.Path;
import org.dirabench.reports.results.ResultsCsv;

/**
 * Run by {@link FilePermissionsTest} in a child JVM started under a given umask: {@code report <run folder>} builds the
 * run's report and rewrites its results.csv; {@code file <path>} writes one file with {@link AtomicFiles}.
 */
public final class UmaskChild {
    private UmaskChild() {
    }

    public static void main(String[] args) throws Exception {
        Path p = Path.of(args[1]);
        if ("report".equals(args[0])) {
            ResultsCsv.write(p.resolve("results.csv"), ResultsCsv.read(p.resolve("results.csv")));
            ReportBuilder.build(p, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        } else {
            AtomicFiles.writeString(p, "written under the child's umask\n");
        }
    }
}
