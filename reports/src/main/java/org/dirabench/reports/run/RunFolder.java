package org.dirabench.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
 * {@code spec.yaml}, and the plan ({@code plan.json}) with the state of each planned job ({@code job.json},
 * {@code DONE}, {@code FAILED}). A missing or unreadable secondary file becomes a warning that the report prints; a
 * run folder without {@code results.csv} is a run without results yet.
 */
public final class RunFolder {
    private static final Pattern EXAMPLE = Pattern.compile("example_(\\d+)_(input|distorted|restored)\\.png");

    private final Path dir;
    private final List<ResultRow> results;
    private final Map<String, JobFolder> jobs;
    private final String spec;
    private final JsonNode specTree;
    private final RunPlan plan;
    private final boolean resultsFile;
    private final List<String> warnings;

    private RunFolder(Path dir, List<ResultRow> results, boolean resultsFile, Map<String, JobFolder> jobs,
            String spec, JsonNode specTree, RunPlan plan, List<String> warnings) {
        this.dir = dir;
        this.results = List.copyOf(results);
        this.resultsFile = resultsFile;
        this.jobs = jobs;
        this.spec = spec;
        this.specTree = specTree;
        this.plan = plan;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * @param dir a run folder
     * @return what it holds
     * @throws NoSuchFileException when {@code dir} does not exist, or has none of {@code results.csv},
     *     {@code plan.json}, {@code jobs/} and {@code spec.yaml} (not a run folder); a run folder without
     *     {@code results.csv} is read as a run without results yet
     * @throws org.dirabench.reports.results.RunFormatException when {@code results.csv} breaks its schema
     * @throws IOException when a file cannot be read
     */
    public static RunFolder read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such run folder");
        }
        Path resultsFile = dir.resolve("results.csv");
        Path jobsDir = dir.resolve("jobs");
        Path specFile = dir.resolve("spec.yaml");
        boolean hasResults = Files.isRegularFile(resultsFile);
        if (!hasResults && !Files.isRegularFile(dir.resolve("plan.json")) && !Files.isDirectory(jobsDir)
                && !Files.isRegularFile(specFile)) {
            throw new NoSuchFileException(dir.toString(), null, "not a run folder: it has none of results.csv,"
                    + " plan.json, jobs/ and spec.yaml");
        }
        List<ResultRow> results = hasResults ? ResultsCsv.read(resultsFile) : List.of();
        List<String> warnings = new ArrayList<>();
        if (!hasResults) {
            warnings.add("no results.csv: no fine-tuning job has finished yet (or the run stopped before collecting"
                    + " results)");
        }
        String spec = Files.isRegularFile(specFile) ? Files.readString(specFile, StandardCharsets.UTF_8) : "";
        JsonNode specTree = MissingNode.getInstance();
        if (!spec.isBlank()) {
            try {
                JsonNode n = new ObjectMapper(new YAMLFactory()).readTree(spec);
                if (n != null && n.isObject()) {
                    specTree = n;
                }
            } catch (IOException | RuntimeException e) {
                warnings.add("spec.yaml unreadable as YAML: " + e.getMessage());
            }
        }
        Map<String, JobFolder> jobs = new TreeMap<>();
        Map<String, Path> folderById = new TreeMap<>();
        List<String> planned = planned(dir);
        if (Files.isDirectory(jobsDir)) {
            List<Path> folders = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(jobsDir, Files::isDirectory)) {
                ds.forEach(folders::add);
            }
            folders.sort(null);
            Set<String> plannedSet = planned == null ? null : new TreeSet<>(planned);
            List<String> stray = new ArrayList<>();
            for (Path jd : folders) {
                if (plannedSet != null && !plannedSet.contains(jd.getFileName().toString())) {
                    stray.add(jd.getFileName().toString());
                    continue;
                }
                JobFolder j = readJob(jd, warnings);
                jobs.put(j.id(), j);
                folderById.put(j.id(), jd);
            }
            if (!stray.isEmpty()) {
                warnings.add(stray.size() + " job folder(s) not in the run's current plan (plan.json) were left out,"
                        + " e.g. from an earlier configuration: " + String.join(", ", stray));
            }
        } else if (planned == null || !planned.isEmpty()) {
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
        if (spec.isEmpty()) {
            warnings.add("no spec.yaml in the run folder");
        }
        Map<String, Manifest> manifests = new TreeMap<>();
        jobs.forEach((id, j) -> {
            if (j.manifest() != null) {
                manifests.put(id, j.manifest());
            }
        });
        JsonNode scale = specTree.path("scale");
        RunPlan plan = RunPlan.read(planned, folderById, manifests, scale.isValueNode() ? scale.asText() : "",
                warnings);
        return new RunFolder(dir, results, hasResults, jobs, spec, specTree, plan, warnings);
    }

    /**
     * @return the job ids of the run's plan ({@code plan.json}, a JSON array written by the harness), in order, or
     *     null when the run folder has none (then every job folder is read)
     */
    private static List<String> planned(Path dir) throws IOException {
        Path f = dir.resolve("plan.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        JsonNode n = new ObjectMapper().readTree(f.toFile());
        if (n == null || !n.isArray()) {
            throw new IOException(f + ": expected a JSON array of job ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        n.forEach(x -> ids.add(x.asText()));
        return List.copyOf(ids);
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

    /**
     * @return {@code spec.yaml} parsed (keys {@code name}, {@code scale}, {@code methods}, {@code tasks},
     *     {@code data.*}, ...), a {@link MissingNode} when absent or unreadable
     */
    public JsonNode specTree() {
        return specTree;
    }

    /** @return the planned jobs and their states ({@code plan.json}, or the job folders present without it) */
    public RunPlan plan() {
        return plan;
    }

    /** @return true when the folder has a {@code results.csv} (possibly with a header only) */
    public boolean hasResultsFile() {
        return resultsFile;
    }

    /** @return problems with secondary files, in the order found */
    public List<String> warnings() {
        return warnings;
    }
}
