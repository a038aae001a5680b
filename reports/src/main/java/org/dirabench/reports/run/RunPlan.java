package org.dirabench.reports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs of a run and where each stands: the run's plan ({@code plan.json}) with the state of every planned job,
 * or, for an older run folder without {@code plan.json}, the job folders present. Answers which jobs failed, which
 * did not finish or never started, and which failed job keeps which other jobs from running.
 */
public final class RunPlan {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code finetune-<task>-<method label>-f<fraction>-s<seed>-<8 hex>} as the harness's planner names jobs. */
    private static final Pattern FINETUNE_ID = Pattern.compile("finetune-([a-z0-9_]+)-(random_init|dira_[a-z0-9_]+-"
            + "(?:dis|res|adv)(?:_(?:dis|res|adv))*|[a-z0-9_]+)-f([0-9]+(?:\\.[0-9]+)?(?:[eE]-?[0-9]+)?)-s(\\d+)"
            + "-[0-9a-f]{8}");
    /** {@code pretrain-<method>-s<seed>-<hash>} or {@code pretrain-dira_<method>-stage<k>-s<seed>-<hash>}. */
    private static final Pattern PRETRAIN_ID = Pattern.compile("pretrain-(dira_)?([a-z0-9_]+)(?:-stage([12]))?"
            + "-s(\\d+)-[0-9a-f]{8}");

    private final boolean fromPlanJson;
    private final Map<String, JobStatus> jobs;

    private RunPlan(boolean fromPlanJson, Map<String, JobStatus> jobs) {
        this.fromPlanJson = fromPlanJson;
        this.jobs = jobs;
    }

    /** @return true when the plan was read from {@code plan.json}; false when it is the job folders present */
    public boolean fromPlanJson() {
        return fromPlanJson;
    }

    /** @return every job of the plan, in plan order (or folder order without {@code plan.json}) */
    public List<JobStatus> jobs() {
        return List.copyOf(jobs.values());
    }

    /** @return the job, or null when it is not in the plan */
    public JobStatus job(String id) {
        return jobs.get(id);
    }

    /** @return the jobs in one state, in plan order */
    public List<JobStatus> in(JobStatus.State state) {
        return jobs.values().stream().filter(j -> j.state() == state).toList();
    }

    /** @return the jobs that are not done (failed, unfinished, not started), in plan order */
    public List<JobStatus> incomplete() {
        return jobs.values().stream().filter(j -> j.state() != JobStatus.State.DONE).toList();
    }

    /**
     * @param id a job that is not done
     * @return the failed jobs that keep it from running: a failed job it depends on, directly or through jobs that
     *     are themselves blocked; empty when none (for a job inferred to need one of several pretraining jobs, only
     *     when every one of them failed or is blocked)
     */
    public List<String> blockers(String id) {
        Set<String> out = new LinkedHashSet<>();
        blockers(id, out, new LinkedHashSet<>());
        return List.copyOf(out);
    }

    private boolean blockers(String id, Set<String> out, Set<String> visiting) {
        JobStatus j = jobs.get(id);
        if (j == null || j.state() == JobStatus.State.DONE || !visiting.add(id)) {
            return false;
        }
        try {
            if (j.dependsOn().isEmpty()) {
                return false;
            }
            Set<String> found = new LinkedHashSet<>();
            boolean all = true;
            boolean any = false;
            for (String d : j.dependsOn()) {
                JobStatus dep = jobs.get(d);
                boolean blocking;
                if (dep == null) {
                    blocking = false;
                } else if (dep.state() == JobStatus.State.FAILED) {
                    found.add(d);
                    blocking = true;
                } else {
                    blocking = blockers(d, found, visiting);
                }
                all &= blocking;
                any |= blocking;
            }
            // job.json's depends_on: every one is needed; an inferred list: any one of them would do
            boolean blocked = j.fromJobJson() ? any : all;
            if (blocked) {
                out.addAll(found);
            }
            return blocked;
        } finally {
            visiting.remove(id);
        }
    }

    /**
     * @param failedId a failed job
     * @return the jobs that are not done because of it (directly or through blocked jobs), in plan order
     */
    public List<JobStatus> blockedBy(String failedId) {
        return jobs.values().stream().filter(j -> j.state() != JobStatus.State.DONE && !j.id().equals(failedId)
                && blockers(j.id()).contains(failedId)).toList();
    }

    /**
     * Reads the plan of a run folder.
     *
     * @param planned the ids of {@code plan.json} in order, or null when the run has none
     * @param folders the job folders to consider (those of the plan when there is one), by id
     * @param manifests the manifests read from those folders, by id (to identify jobs without {@code job.json})
     * @param defaultScale the spec's scale, for jobs identified from their id alone ("" when unknown)
     * @param warnings where to add problems with {@code job.json} or {@code FAILED} files
     * @return the plan
     */
    static RunPlan read(List<String> planned, Map<String, Path> folders, Map<String, Manifest> manifests,
            String defaultScale, List<String> warnings) {
        Collection<String> ids = planned != null ? planned : folders.keySet();
        Map<String, JobStatus> out = new LinkedHashMap<>();
        for (String id : ids) {
            Path folder = folders.get(id);
            JobStatus s = folder == null ? null : fromFolder(id, folder, manifests.get(id), warnings);
            if (s == null) {
                s = fromId(id, folder == null ? JobStatus.State.NOT_STARTED : state(folder), defaultScale,
                        ids, folder == null ? null : failed(folder, warnings));
            }
            out.put(id, s);
        }
        return new RunPlan(planned != null, out);
    }

    private static JobStatus.State state(Path folder) {
        if (Files.exists(folder.resolve("DONE"))) {
            return JobStatus.State.DONE;
        }
        return Files.exists(folder.resolve("FAILED")) ? JobStatus.State.FAILED : JobStatus.State.UNFINISHED;
    }

    /** @return {failed at, first line of the error}, or null when there is no FAILED file */
    private static String[] failed(Path folder, List<String> warnings) {
        Path f = folder.resolve("FAILED");
        if (!Files.isRegularFile(f) || Files.exists(folder.resolve("DONE"))) {
            return null;
        }
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            warnings.add("FAILED unreadable, job " + folder.getFileName() + ": " + e.getMessage());
            return new String[] {"", "(FAILED could not be read)"};
        }
        List<String> lines = text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        if (lines.isEmpty()) {
            return new String[] {"", "(FAILED is empty)"};
        }
        String first = lines.get(0);
        boolean instant;
        try {
            java.time.Instant.parse(first);
            instant = true;
        } catch (java.time.format.DateTimeParseException e) {
            instant = false;
        }
        if (!instant) {
            return new String[] {"", first};
        }
        return new String[] {first, lines.size() > 1 ? lines.get(1) : "(no error message)"};
    }

    /** @return the status from job.json (or the manifest), or null when the folder has neither */
    private static JobStatus fromFolder(String id, Path folder, Manifest manifest, List<String> warnings) {
        JobStatus.State state = state(folder);
        String[] f = failed(folder, warnings);
        String failedAt = f == null ? "" : f[0];
        String error = f == null ? "" : f[1];
        Path jj = folder.resolve("job.json");
        if (Files.isRegularFile(jj)) {
            JsonNode n;
            try {
                n = JSON.readTree(jj.toFile());
            } catch (IOException | RuntimeException e) {
                warnings.add("job.json unreadable, job " + id + ": " + e.getMessage());
                n = null;
            }
            if (n != null && n.isObject()) {
                JsonNode c = n.path("config");
                List<String> deps = new ArrayList<>();
                n.path("depends_on").forEach(d -> deps.add(d.asText()));
                String kind = text(n, "kind").isEmpty() ? text(c, "kind") : text(n, "kind");
                return new JobStatus(id, kind, state, deps, true, text(c, "task"), text(c, "method"),
                        text(c, "dira_variant"), number(c, "label_fraction"), text(c, "seed"), text(c, "scale"),
                        failedAt, error);
            }
        }
        if (manifest != null && !manifest.kind().isEmpty()) {
            String fraction = manifest.text("label_fraction").isEmpty() ? manifest.text("config.label_fraction")
                    : manifest.text("label_fraction");
            String pj = manifest.text("pretrain_job");
            List<String> deps = pj.isEmpty() || "-".equals(pj) ? List.of() : List.of(pj);
            return new JobStatus(id, manifest.kind(), state, deps, true, manifest.text("task"),
                    manifest.text("method"), manifest.text("dira"), parse(fraction), manifest.text("seed"),
                    manifest.text("scale"), failedAt, error);
        }
        return null;
    }

    /** @return a status whose kind, identity and dependencies are read from the job id (harness naming) */
    private static JobStatus fromId(String id, JobStatus.State state, String defaultScale, Collection<String> plan,
            String[] failed) {
        String failedAt = failed == null ? "" : failed[0];
        String error = failed == null ? "" : failed[1];
        Matcher f = FINETUNE_ID.matcher(id);
        if (f.matches()) {
            String label = f.group(2);
            String method;
            String dira;
            if (label.startsWith("dira_")) {
                int dash = label.indexOf('-');
                method = label.substring(5, dash);
                dira = label.substring(dash + 1).replace('_', '+');
            } else {
                method = label;
                dira = "none";
            }
            List<String> deps = new ArrayList<>();
            if (!"random_init".equals(method)) {
                for (String p : plan) {
                    Matcher pm = PRETRAIN_ID.matcher(p);
                    if (pm.matches() && pm.group(2).equals(method) && pretrainDira(pm).equals(dira)) {
                        deps.add(p);
                    }
                }
            }
            return new JobStatus(id, "finetune", state, deps, false, f.group(1), method, dira, parse(f.group(3)),
                    f.group(4), defaultScale, failedAt, error);
        }
        Matcher p = PRETRAIN_ID.matcher(id);
        if (p.matches()) {
            List<String> deps = new ArrayList<>();
            if ("2".equals(p.group(3))) {
                for (String q : plan) {
                    Matcher qm = PRETRAIN_ID.matcher(q);
                    if (qm.matches() && qm.group(1) != null && "1".equals(qm.group(3))
                            && qm.group(2).equals(p.group(2)) && qm.group(4).equals(p.group(4))) {
                        deps.add(q);
                    }
                }
            }
            return new JobStatus(id, "pretrain", state, deps, false, "", p.group(2), pretrainDira(p),
                    Double.NaN, p.group(4), defaultScale, failedAt, error);
        }
        String kind = id.startsWith("pretrain-") ? "pretrain" : id.startsWith("finetune-") ? "finetune" : "";
        return new JobStatus(id, kind, state, List.of(), false, "", "", "", Double.NaN, "", defaultScale, failedAt,
                error);
    }

    private static String pretrainDira(Matcher pm) {
        if (pm.group(1) == null) {
            return "none";
        }
        return "1".equals(pm.group(3)) ? "dis+res" : "dis+res+adv";
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : parse(text(n, field));
    }

    private static double parse(String s) {
        try {
            return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
