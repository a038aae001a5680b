package org.dirabench.reports.results;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.dirabench.reports.AtomicFiles;

/**
 * Reads and writes {@code results.csv} (RFC 4180 through Apache Commons CSV, UTF-8, header on the first line), the
 * contract of {@code docs/FORMATS.md}. Reading validates every row and reports each problem with the file and the
 * 1-based line it is on; writing is atomic (temporary file and rename).
 */
public final class ResultsCsv {
    /** The columns of {@code results.csv}, in order. */
    public static final List<String> COLUMNS = List.of("run_id", "job_id", "method", "dira", "task", "data", "scale",
            "label_fraction", "seed", "metric", "value", "n_test", "epochs", "wall_seconds", "backend",
            "config_sha256", "checkpoint_sha256", "code_version", "finished_at");

    /** The accepted {@code scale} values, smallest first. */
    public static final List<String> SCALES = List.of("smoke", "mini", "paper");

    private static final int MAX_PROBLEMS = 50;
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern DIRA = Pattern.compile("none|(dis|res|adv)(\\+(dis|res|adv)){0,2}");
    private static final Pattern METRIC = Pattern.compile("(auc|dice|iou)(:.+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern NO_SPACE = Pattern.compile("\\S+");

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

    private ResultsCsv() {
    }

    /**
     * Reads and validates a {@code results.csv}.
     *
     * <p>Checks: the header equals {@link #COLUMNS} (names and order); each row has 19 fields; numbers are decimal
     * (or {@code NaN} for {@code value} only); {@code value} is in [0, 1]; {@code label_fraction} in (0, 1];
     * {@code n_test}, {@code epochs} and {@code wall_seconds} are non-negative; {@code dira}, {@code scale},
     * {@code data} and {@code metric} take the documented values; the sha256 columns are 64 hex digits
     * ({@code -} allowed for the checkpoint); {@code finished_at} is an ISO-8601 instant; {@code random_init} has
     * {@code dira = none}; no (job_id, metric) pair appears twice; all rows of one job agree on its identity columns.
     *
     * @param file the CSV file
     * @return the rows in file order
     * @throws RunFormatException listing every problem (up to 50) as {@code file:line: what}
     * @throws IOException when the file cannot be read
     */
    public static List<ResultRow> read(Path file) throws IOException {
        String text = decodeUtf8(file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int[] lineStarts = lineStarts(text);
        List<String> problems = new ArrayList<>();
        long firstLine = -1;
        List<ResultRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
            var it = parser.iterator();
            if (!it.hasNext()) {
                throw RunFormatException.at(file, 1, "empty file: expected the header " + String.join(",", COLUMNS));
            }
            CSVRecord header = it.next();
            String headerProblem = checkHeader(header.toList());
            if (headerProblem != null) {
                throw RunFormatException.at(file, lineOf(lineStarts, header.getCharacterPosition()), headerProblem);
            }
            Map<String, Long> seen = new HashMap<>();
            Map<String, JobIdentity> jobs = new HashMap<>();
            while (it.hasNext() && problems.size() < MAX_PROBLEMS) {
                CSVRecord rec = it.next();
                long line = lineOf(lineStarts, skipLineBreaks(text, rec.getCharacterPosition()));
                RowParser rp = new RowParser(file, line, problems);
                ResultRow row = rp.parse(rec.toList());
                if (row == null) {
                    firstLine = firstLine < 0 ? line : firstLine;
                    continue;
                }
                String key = row.jobId() + "\u0000" + row.metric();
                Long first = seen.putIfAbsent(key, line);
                if (first != null) {
                    problems.add(RunFormatException.location(file, line) + "duplicate (job_id, metric) = ("
                            + row.jobId() + ", " + row.metric() + "), first on line " + first);
                    firstLine = firstLine < 0 ? line : firstLine;
                    continue;
                }
                JobIdentity id = JobIdentity.of(row);
                JobIdentity firstId = jobs.putIfAbsent(row.jobId(), id);
                if (firstId != null && !firstId.equals(id)) {
                    problems.add(RunFormatException.location(file, line) + "job " + row.jobId()
                            + " has rows that disagree on its identity columns: " + firstId.differences(id));
                    firstLine = firstLine < 0 ? line : firstLine;
                    continue;
                }
                rows.add(row);
            }
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // Commons CSV reports malformed quoting this way.
            throw RunFormatException.at(file, 0, "malformed CSV: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new RunFormatException(file, firstLine, problems);
        }
        return rows;
    }

    /**
     * Writes rows as a {@code results.csv}, atomically (temporary file in the same folder, then rename).
     *
     * @param file the target file
     * @param rows the rows, written in iteration order
     * @throws IllegalArgumentException when two rows share (job_id, metric)
     * @throws IOException when the file cannot be written
     */
    public static void write(Path file, Collection<ResultRow> rows) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (ResultRow r : rows) {
            if (!keys.add(r.jobId() + "\u0000" + r.metric())) {
                throw new IllegalArgumentException("duplicate (job_id, metric) = (" + r.jobId() + ", " + r.metric()
                        + ")");
            }
        }
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter printer = new CSVPrinter(w, CSVFormat.RFC4180);
            printer.printRecord(COLUMNS);
            for (ResultRow r : rows) {
                printer.printRecord(r.runId(), r.jobId(), r.method(), r.dira(), r.task(), r.data().toString(),
                        r.scale(), Double.toString(r.labelFraction()), Long.toString(r.seed()), r.metric(),
                        Double.toString(r.value()), Integer.toString(r.nTest()), Integer.toString(r.epochs()),
                        Double.toString(r.wallSeconds()), r.backend(), r.configSha256(), r.checkpointSha256(),
                        r.codeVersion(), r.finishedAt().toString());
            }
            printer.flush();
            w.flush();
        });
    }

    private static String checkHeader(List<String> header) {
        if (header.equals(COLUMNS)) {
            return null;
        }
        List<String> missing = new ArrayList<>(COLUMNS);
        missing.removeAll(header);
        List<String> unexpected = new ArrayList<>(header);
        unexpected.removeAll(COLUMNS);
        StringBuilder sb = new StringBuilder("wrong header");
        if (!missing.isEmpty()) {
            sb.append("; missing column(s): ").append(String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            sb.append("; unexpected column(s): ").append(String.join(", ", unexpected));
        }
        if (missing.isEmpty() && unexpected.isEmpty()) {
            sb.append("; columns out of order or repeated");
        }
        return sb.append("; expected ").append(String.join(",", COLUMNS)).toString();
    }

    private static String decodeUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw RunFormatException.at(file, 0, "not valid UTF-8");
        }
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int n = 0;
        starts[n++] = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean crlf = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n';
            if (c == '\n' || (c == '\r' && !crlf)) {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                }
                starts[n++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, n);
    }

    /** Commons CSV reports the position before skipped empty lines; move to the record's first character. */
    private static long skipLineBreaks(String text, long pos) {
        int p = (int) pos;
        while (p < text.length() && (text.charAt(p) == '\n' || text.charAt(p) == '\r')) {
            p++;
        }
        return p;
    }

    /** @return the 1-based line holding character {@code pos} */
    private static long lineOf(int[] lineStarts, long pos) {
        int i = Arrays.binarySearch(lineStarts, (int) pos);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** The columns all rows of one job must share. */
    private record JobIdentity(String method, String dira, String task, String data, String scale,
            double labelFraction, long seed, String configSha256, String checkpointSha256, String codeVersion) {
        static JobIdentity of(ResultRow r) {
            return new JobIdentity(r.method(), r.dira(), r.task(), r.data().toString(), r.scale(), r.labelFraction(),
                    r.seed(), r.configSha256(), r.checkpointSha256(), r.codeVersion());
        }

        String differences(JobIdentity o) {
            List<String> d = new ArrayList<>();
            String[] names = {"method", "dira", "task", "data", "scale", "label_fraction", "seed", "config_sha256",
                "checkpoint_sha256", "code_version"};
            Object[] a = {method, dira, task, data, scale, labelFraction, seed, configSha256, checkpointSha256,
                codeVersion};
            Object[] b = {o.method, o.dira, o.task, o.data, o.scale, o.labelFraction, o.seed, o.configSha256,
                o.checkpointSha256, o.codeVersion};
            for (int i = 0; i < names.length; i++) {
                if (!a[i].equals(b[i])) {
                    d.add(names[i] + " " + a[i] + " vs " + b[i]);
                }
            }
            return String.join(", ", d);
        }
    }

    /** Parses one record, adding a problem per bad field; returns null when any field is bad. */
    private static final class RowParser {
        private final Path file;
        private final long line;
        private final List<String> problems;
        private boolean ok = true;

        RowParser(Path file, long line, List<String> problems) {
            this.file = file;
            this.line = line;
            this.problems = problems;
        }

        ResultRow parse(List<String> f) {
            if (f.size() != COLUMNS.size()) {
                problem("expected " + COLUMNS.size() + " fields, found " + f.size());
                return null;
            }
            String runId = matching(f, 0, NO_SPACE, "a name without spaces");
            String jobId = matching(f, 1, NO_SPACE, "an id without spaces");
            String method = matching(f, 2, IDENT, "a method id such as moco_v2 or random_init");
            String dira = matching(f, 3, DIRA, "none, dis+res or dis+res+adv");
            String task = matching(f, 4, IDENT, "a task id such as chestxray14");
            DataSource data = null;
            try {
                data = DataSource.parse(f.get(5));
            } catch (IllegalArgumentException e) {
                bad(5, f.get(5), "real, stand-in:<name> or phantom");
            }
            String scale = f.get(6);
            if (!SCALES.contains(scale)) {
                bad(6, scale, "smoke, mini or paper");
            }
            double fraction = decimal(f, 7);
            if (!(fraction > 0 && fraction <= 1) && !Double.isNaN(fraction)) {
                bad(7, f.get(7), "a fraction in (0, 1]");
            }
            long seed = integer(f, 8);
            String metric = matching(f, 9, METRIC, "auc, dice, iou or auc:<label>");
            double value;
            if ("NaN".equals(f.get(10))) {
                value = Double.NaN;
            } else {
                value = decimal(f, 10);
                if (!Double.isNaN(value) && !(value >= 0 && value <= 1)) {
                    bad(10, f.get(10), "a metric in [0, 1] or NaN");
                }
            }
            long nTest = integer(f, 11);
            long epochs = integer(f, 12);
            double wall = decimal(f, 13);
            if (nTest < 0 || nTest > Integer.MAX_VALUE) {
                bad(11, f.get(11), "a non-negative count");
            }
            if (epochs < 0 || epochs > Integer.MAX_VALUE) {
                bad(12, f.get(12), "a non-negative count");
            }
            if (wall < 0 || Double.isInfinite(wall)) {
                bad(13, f.get(13), "non-negative seconds");
            }
            String backend = matching(f, 14, Pattern.compile(".*\\S.*"), "a backend such as cpu:onednn-avx512");
            String config = matching(f, 15, SHA256, "64 lower-case hex digits");
            String checkpoint = f.get(16).equals("-") ? "-" : matching(f, 16, SHA256, "64 lower-case hex digits or -");
            String code = matching(f, 17, NO_SPACE, "<version>+<commit>");
            Instant finished = null;
            try {
                finished = Instant.parse(f.get(18));
            } catch (DateTimeParseException e) {
                bad(18, f.get(18), "an ISO-8601 instant such as 2026-11-30T12:00:00Z");
            }
            if (ok && "random_init".equals(method) && !ResultRow.NO_DIRA.equals(dira)) {
                problem("random_init has no DiRA variant: dira must be none, found " + dira);
            }
            if (!ok) {
                return null;
            }
            return new ResultRow(runId, jobId, method, dira, task, data, scale, fraction, seed, metric, value,
                    (int) nTest, (int) epochs, wall, backend, config, checkpoint, code, finished);
        }

        private String matching(List<String> f, int col, Pattern p, String expected) {
            String v = f.get(col);
            if (!p.matcher(v).matches()) {
                bad(col, v, expected);
            }
            return v;
        }

        private double decimal(List<String> f, int col) {
            String v = f.get(col);
            if (!DECIMAL.matcher(v).matches()) {
                bad(col, v, "a decimal number");
                return Double.NaN;
            }
            return Double.parseDouble(v);
        }

        private long integer(List<String> f, int col) {
            String v = f.get(col);
            if (!INTEGER.matcher(v).matches()) {
                bad(col, v, "an integer");
                return 0;
            }
            return Long.parseLong(v);
        }

        private void bad(int col, String value, String expected) {
            problem("column " + COLUMNS.get(col) + ": '" + value + "' is not " + expected);
        }

        private void problem(String what) {
            ok = false;
            problems.add(RunFormatException.location(file, line) + what);
        }
    }
}
