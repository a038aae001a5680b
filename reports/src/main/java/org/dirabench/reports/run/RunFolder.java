package org.dirabench.reports.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;

/**
 * A run folder as laid out in {@code docs/FORMATS.md}: {@code results.csv} (required and validated), the job folders
 * under {@code jobs/} with their {@code manifest.json}, {@code curves.csv} and {@code restoration/} PNGs, and
 * {@code spec.yaml}. Only {@code results.csv} is required; a missing or unreadable secondary file becomes a warning
 * that the report prints.
 */
public final class RunFolder {
    private static final Pattern EXAMPLE = Pattern.compile("example_(\\d+)_(input|distorted|restored)\\.png");

    private final Path dir;
    private final List<ResultRow> results;
    private final Map<String, JobFolder> jobs;
    private final String spec;
    private final List<String> warnings;

    private RunFolder(Path dir, List<ResultRow> results, Map<String, JobFolder> jobs, String spec,
            List<String> warnings) {
        this.dir = dir;
        this.results = List.copyOf(results);
        this.jobs = jobs;
        this.spec = spec;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param dir a run folder
     * @return what it holds
     * @throws NoSuchFileException when {@code dir/results.csv} does not exist
     * @throws org.dirabench.reports.results.RunFormatException when {@code results.csv} breaks its schema
     * @throws IOException when a file cannot be read
     */
    public static RunFolder read(Path dir) throws IOException {
        Path resultsFile = dir.resolve("results.csv");
        if (!Files.isRegularFile(resultsFile)) {
            throw new NoSuchFileException(resultsFile.toString(), null, "a run folder needs results.csv");
        }
        List<ResultRow> results = ResultsCsv.read(resultsFile);
        List<String> warnings = new ArrayList<>();
        Map<String, JobFolder> jobs = new TreeMap<>();
        Path jobsDir = dir.resolve("jobs");
        if (Files.isDirectory(jobsDir)) {
            List<Path> folders = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(jobsDir, Files::isDirectory)) {
                ds.forEach(folders::add);
            }
            folders.sort(null);
            Set<String> planned = planned(dir);
            List<String> stray = new ArrayList<>();
            for (Path jd : folders) {
                if (planned != null && !planned.contains(jd.getFileName().toString())) {
                    stray.add(jd.getFileName().toString());
                    continue;
                }
                JobFolder j = readJob(jd, warnings);
                jobs.put(j.id(), j);
            }
            if (!stray.isEmpty()) {
                warnings.add(stray.size() + " job folder(s) not in the run's current plan (plan.json) were left out,"
                        + " e.g. from an earlier configuration: " + String.join(", ", stray));
            }
        } else {
            warnings.add("no jobs/ folder: provenance, curves and restoration examples are not available");
        }
        Set<String> missing = new TreeSet<>();
        for (ResultRow r : results) {
            JobFolder j = jobs.get(r.jobId());
            if (j == null || j.manifest() == null) {
                missing.add(r.jobId());
            }
        }
        if (!missing.isEmpty() && Files.isDirectory(jobsDir)) {
            warnings.add(missing.size() + " job(s) in results.csv have no manifest.json: " + String.join(", ",
                    missing));
        }
        Path specFile = dir.resolve("spec.yaml");
        String spec = Files.isRegularFile(specFile) ? Files.readString(specFile, StandardCharsets.UTF_8) : "";
        if (spec.isEmpty()) {
            warnings.add("no spec.yaml in the run folder");
        }
        return new RunFolder(dir, results, jobs, spec, warnings);
    }

    /**
     * @return the job ids of the run's plan ({@code plan.json}, a JSON array written by the harness), or null when
     *     the run folder has none (then every job folder is read)
     */
    private static Set<String> planned(Path dir) throws IOException {
        Path f = dir.resolve("plan.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                f.toFile());
        if (!n.isArray()) {
            throw new IOException(f + ": expected a JSON array of job ids");
        }
        Set<String> ids = new TreeSet<>();
        n.forEach(x -> ids.add(x.asText()));
        return ids;
    }

    private static JobFolder readJob(Path jd, List<String> warnings) throws IOException {
        String id = jd.getFileName().toString();
        Manifest manifest = null;
        Path mf = jd.resolve("manifest.json");
        if (Files.isRegularFile(mf)) {
            try {
                manifest = Manifest.read(mf);
            } catch (IOException e) {
                warnings.add("manifest unreadable, job " + id + ": " + e.getMessage());
            }
        }
        Curves curves = null;
        Path cf = jd.resolve("curves.csv");
        if (Files.isRegularFile(cf)) {
            try {
                curves = Curves.read(cf);
            } catch (IOException e) {
                warnings.add("curves unreadable, job " + id + ": " + e.getMessage());
            }
        }
        List<RestorationExample> examples = new ArrayList<>();
        Path rd = jd.resolve("restoration");
        if (Files.isDirectory(rd)) {
            Map<Integer, Path[]> byIndex = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(rd, "*.png")) {
                for (Path p : ds) {
                    Matcher m = EXAMPLE.matcher(p.getFileName().toString());
                    if (m.matches()) {
                        Path[] t = byIndex.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new Path[3]);
                        t[switch (m.group(2)) {
                            case "input" -> 0;
                            case "distorted" -> 1;
                            default -> 2;
                        }] = p;
                    }
                }
            }
            byIndex.forEach((k, t) -> {
                examples.add(new RestorationExample(k, t[0], t[1], t[2]));
                if (t[0] == null || t[1] == null || t[2] == null) {
                    warnings.add("restoration example " + k + " of job " + id + " is incomplete");
                }
            });
        }
        return new JobFolder(id, jd, manifest, curves, List.copyOf(examples), Files.exists(jd.resolve("DONE")));
    }

    /** @return the run folder */
    public Path dir() {
        return dir;
    }

    /** @return the run's name (the folder name, or the run_id of the results when they agree on one) */
    public String name() {
        Set<String> ids = new TreeSet<>();
        results.forEach(r -> ids.add(r.runId()));
        return ids.size() == 1 ? ids.iterator().next() : dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /** @return the validated results rows, in file order */
    public List<ResultRow> results() {
        return results;
    }

    /** @return the job folders by id, sorted */
    public Map<String, JobFolder> jobs() {
        return jobs;
    }

    /** @return the text of {@code spec.yaml}, "" when absent */
    public String spec() {
        return spec;
    }

    /** @return problems with secondary files, in the order found */
    public List<String> warnings() {
        return warnings;
    }
}
