package org.dirabench.reports;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.dirabench.reports.stats.TTestKind;

/**
 * Options of {@link ReportBuilder}. Immutable; start from {@link #defaults()} and change with the {@code with*}
 * methods.
 *
 * @param test the t-test for DiRA-vs-baseline comparisons (default {@link TTestKind#WELCH})
 * @param outputDir where to write the report; null for the default ({@code <run>/report}, or
 *     {@code <run A>/report/compare-<run B>} in compare mode)
 * @param clock the clock of the single "generated at" line (the only time not read from the run's files)
 */
public record ReportOptions(TTestKind test, Path outputDir, Clock clock) {
    /** @throws NullPointerException when test or clock is null */
    public ReportOptions {
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(clock, "clock");
    }

    /** @return Welch's t-test, default output folder, the system UTC clock */
    public static ReportOptions defaults() {
        return new ReportOptions(TTestKind.WELCH, null, Clock.systemUTC());
    }

    /** @return a copy with another t-test */
    public ReportOptions withTest(TTestKind t) {
        return new ReportOptions(t, outputDir, clock);
    }

    /** @return a copy writing to {@code dir} */
    public ReportOptions withOutputDir(Path dir) {
        return new ReportOptions(test, dir, clock);
    }

    /** @return a copy with another clock (tests use a fixed one) */
    public ReportOptions withClock(Clock c) {
        return new ReportOptions(test, outputDir, c);
    }
}
