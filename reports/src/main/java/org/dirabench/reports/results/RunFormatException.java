package org.dirabench.reports.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run-folder file ({@code results.csv}, {@code curves.csv}, {@code manifest.json}) that does not follow
 * {@code docs/FORMATS.md}. The message starts with {@code <file>:<line>: } for the first problem and lists the others,
 * one per line, in the same form.
 */
public final class RunFormatException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient Path file;
    private final long line;
    private final List<String> problems;

    /**
     * @param file the offending file
     * @param line the 1-based line of the first problem (0 when the problem is the file as a whole)
     * @param problems one entry per problem, each already prefixed with {@code file:line: }
     */
    public RunFormatException(Path file, long line, List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.file = file;
        this.line = line;
        this.problems = List.copyOf(problems);
    }

    /**
     * @param file the offending file
     * @param line the 1-based line (0 for the whole file)
     * @param problem what is wrong, without the location prefix
     * @return an exception whose message is {@code file:line: problem}
     */
    public static RunFormatException at(Path file, long line, String problem) {
        return new RunFormatException(file, line, List.of(location(file, line) + problem));
    }

    /**
     * @param file a file
     * @param line a 1-based line, or 0 for the whole file
     * @return {@code "file:line: "} or {@code "file: "}
     */
    public static String location(Path file, long line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    /** @return the offending file */
    public Path file() {
        return file;
    }

    /** @return the 1-based line of the first problem, 0 for the whole file */
    public long line() {
        return line;
    }

    /** @return every problem found, each prefixed with its location */
    public List<String> problems() {
        return problems;
    }
}
