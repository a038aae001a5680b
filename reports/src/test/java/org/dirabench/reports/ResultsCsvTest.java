package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;
import org.dirabench.reports.results.RunFormatException;
import org.testng.annotations.BeforeMethod;
import org.testng.annotations.Test;

/** The results.csv schema: round trip, and errors that name the file and the line. */
public class ResultsCsvTest {
    private static final String HEADER = String.join(",", ResultsCsv.COLUMNS);
    private Path dir;

    @BeforeMethod
    public void tempDir() throws IOException {
        dir = FixtureRun.tempDir("results-csv");
    }

    private static String row(String job, String metric, String value) {
        return "r1," + job + ",moco_v2,dis+res+adv,chestxray14,stand-in:nih1000,mini,1.0,0," + metric + "," + value
                + ",200,12,31.5,cpu:onednn-avx2," + "a".repeat(64) + "," + "b".repeat(64)
                + ",0.1.0-SNAPSHOT+abc1234,2026-11-30T12:00:00Z";
    }

    private Path file(String... lines) throws IOException {
        Path f = dir.resolve("results.csv");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return f;
    }

    @Test
    public void writeThenReadGivesTheSameRows() throws IOException {
        List<ResultRow> rows = new ArrayList<>();
        rows.add(new ResultRow("r1", "job-a", "moco_v2", "dis+res+adv", "chestxray14", DataSource.parse(
                "stand-in:nih1000"), "mini", 0.25, 3, "auc", 0.8123, 200, 12, 31.5, "cpu:onednn-avx2",
                "a".repeat(64), "b".repeat(64), "0.1.0+abc", Instant.parse("2026-11-30T12:00:00Z")));
        rows.add(new ResultRow("r1", "job-a", "moco_v2", "dis+res+adv", "chestxray14", DataSource.parse(
                "stand-in:nih1000"), "mini", 0.25, 3, "auc:Hernia, \"rare\"", Double.NaN, 200, 12, 31.5,
                "cpu:onednn-avx2", "a".repeat(64), "b".repeat(64), "0.1.0+abc", Instant.parse("2026-11-30T12:00:00Z")));
        rows.add(new ResultRow("r1", "job-b", "random_init", "none", "montgomery", DataSource.PHANTOM, "smoke", 1.0,
                0, "dice", 0.0, 4, 1, 0.0, "cpu", "c".repeat(64), "-", "0.1.0+abc", Instant.EPOCH));
        Path f = dir.resolve("results.csv");
        ResultsCsv.write(f, rows);
        List<ResultRow> back = ResultsCsv.read(f);
        assertEquals(back.size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            // records compare doubles with Double.compare, so NaN equals NaN here
            assertEquals(back.get(i), rows.get(i));
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(s.count(), 1L, "the atomic write must leave no temporary file behind");
        }
    }

    @Test
    public void writerRefusesDuplicates() {
        ResultRow r = new ResultRow("r1", "job", "moco_v2", "none", "t", DataSource.REAL, "mini", 1, 0, "auc", 0.5,
                1, 1, 1, "cpu", "a".repeat(64), "-", "v", Instant.EPOCH);
        IllegalArgumentException e = expectThrows(IllegalArgumentException.class,
                () -> ResultsCsv.write(dir.resolve("x.csv"), List.of(r, r)));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    }

    @Test
    public void missingColumnIsReportedOnLine1() throws IOException {
        Path f = file(HEADER.replace(",n_test", ""), row("j1", "auc", "0.8"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertEquals(e.line(), 1);
        assertTrue(e.getMessage().startsWith(f + ":1: wrong header"), e.getMessage());
        assertTrue(e.getMessage().contains("missing column(s): n_test"), e.getMessage());
    }

    @Test
    public void reorderedHeaderIsWrong() throws IOException {
        Path f = file(HEADER.replace("run_id,job_id", "job_id,run_id"), row("j1", "auc", "0.8"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains("out of order"), e.getMessage());
    }

    @Test
    public void nonNumericValueNamesFileLineAndColumn() throws IOException {
        Path f = file(HEADER, row("j1", "auc", "0.8"), row("j2", "auc", "high"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertEquals(e.line(), 3);
        assertTrue(e.getMessage().startsWith(f + ":3: column value: 'high'"), e.getMessage());
    }

    @Test
    public void lineNumbersCountBlankLinesAndQuotedNewlines() throws IOException {
        String quoted = row("j1", "\"auc:Pleural\nThickening\"", "0.7");
        Path f = file(HEADER, quoted, "", row("j2", "auc", "1.5"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        // A line break inside a label is refused; the record after it and the blank line is on line 5.
        assertEquals(e.problems().size(), 2, e.getMessage());
        assertEquals(e.line(), 2, e.getMessage());
        assertTrue(e.problems().get(0).startsWith(f + ":2: column metric"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith(f + ":5: column value: '1.5' is not a metric in [0, 1] or NaN"),
                e.getMessage());
    }

    @Test
    public void duplicateJobMetricNamesBothLines() throws IOException {
        Path f = file(HEADER, row("j1", "auc", "0.8"), row("j1", "auc:Effusion", "0.7"), row("j1", "auc", "0.81"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertEquals(e.line(), 4);
        assertTrue(e.getMessage().contains(f + ":4: duplicate (job_id, metric) = (j1, auc), first on line 2"),
                e.getMessage());
    }

    @Test
    public void wrongFieldCountAndBadEnumsAreAllListed() throws IOException {
        Path f = file(HEADER, "r1,j1,moco_v2", row("j2", "auc", "0.8").replace(",mini,", ",huge,"),
                row("j3", "accuracy", "0.8"), row("j4", "auc", "NaN").replace("stand-in:nih1000", "fake"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertEquals(e.problems().size(), 4, e.getMessage());
        assertTrue(e.problems().get(0).startsWith(f + ":2: expected 19 fields, found 3"), e.getMessage());
        assertTrue(e.problems().get(1).startsWith(f + ":3: column scale: 'huge'"), e.getMessage());
        assertTrue(e.problems().get(2).startsWith(f + ":4: column metric: 'accuracy'"), e.getMessage());
        assertTrue(e.problems().get(3).startsWith(f + ":5: column data: 'fake'"), e.getMessage());
    }

    @Test
    public void rowsOfOneJobMustAgree() throws IOException {
        Path f = file(HEADER, row("j1", "auc", "0.8"), row("j1", "auc:Effusion", "0.7").replace(",0,auc", ",1,auc"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains(":3: job j1 has rows that disagree") && e.getMessage().contains("seed 0 vs 1"),
                e.getMessage());
    }

    @Test
    public void randomInitCannotHaveDira() throws IOException {
        Path f = file(HEADER, row("j1", "auc", "0.8").replace("moco_v2,dis+res+adv", "random_init,dis+res"));
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().contains(":2: random_init has no DiRA variant"), e.getMessage());
    }

    @Test
    public void emptyFileIsAnError() throws IOException {
        Path f = dir.resolve("results.csv");
        Files.writeString(f, "");
        RunFormatException e = expectThrows(RunFormatException.class, () -> ResultsCsv.read(f));
        assertTrue(e.getMessage().startsWith(f + ":1: empty file"), e.getMessage());
    }

    @Test
    public void shippedFixturesAreValid() throws IOException {
        Path f = dir.resolve("results.csv");
        try (var in = getClass().getResourceAsStream("fixtures/mini-results.csv")) {
            Files.copy(in, f);
        }
        List<ResultRow> rows = ResultsCsv.read(f);
        assertEquals(rows.size(), 50);
        assertEquals(rows.stream().filter(r -> Double.isNaN(r.value())).count(), 2L);
    }
}
