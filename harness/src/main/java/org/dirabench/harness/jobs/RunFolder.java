package org.dirabench.harness.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.harness.plan.Job;

/**
 * A run folder (docs/FORMATS.md): {@code spec.yaml}, {@code results.csv}, {@code jobs/<id>/} and {@code report/}.
 * A job folder first gets {@code job.json} (its configuration and hash); {@code DONE} is written last, so a job with
 * {@code DONE} is complete and is skipped when the spec runs again. A folder whose {@code job.json} hash differs from
 * the planned job's is refused, never overwritten.
 */
public final class RunFolder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final java.util.Map<String, Path> placed;

    /** @param dir the run folder (created when needed) */
    public RunFolder(Path dir) {
        this(dir, java.util.Map.of());
    }

    /**
     * A run folder where some jobs live at given places instead of {@code jobs/<id>} (the {@code pretrain} command
     * writes straight into its {@code --out}).
     *
     * @param dir    the run folder
     * @param placed job id → its folder
     */
    public RunFolder(Path dir, java.util.Map<String, Path> placed) {
        this.dir = dir.toAbsolutePath().normalize();
        this.placed = java.util.Map.copyOf(placed);
    }

    /** @return the run folder */
    public Path dir() {
        return dir;
    }

    /** @return the folder of a job */
    public Path jobDir(String jobId) {
        Path p = placed.get(jobId);
        return p != null ? p.toAbsolutePath().normalize() : dir.resolve("jobs").resolve(jobId);
    }

    /**
     * Creates the job folder and its {@code job.json}, or checks an existing one.
     *
     * @throws IOException           when it cannot be written
     * @throws IllegalStateException when the folder holds a job with another configuration hash
     */
    public Path prepare(Job job) throws IOException {
        Path d = jobDir(job.id());
        Files.createDirectories(d);
        Path f = d.resolve("job.json");
        String sha = job.configSha256();
        if (Files.exists(f)) {
            String had = storedSha(f);
            if (sha.equals(had)) {
                return d;
            }
            if (Files.exists(d.resolve("DONE")) || Files.exists(d.resolve("checkpoint"))) {
                throw new IllegalStateException("job folder " + d + " holds results of a job whose configuration hash"
                        + " is " + had + ", but the planned job's is " + sha + ": refusing to reuse it. Delete the"
                        + " folder or run with another --out.");
            }
            // a start that produced nothing (failed on data or settings): safe to take over
            java.nio.file.Files.deleteIfExists(d.resolve("FAILED"));
        }
        String text = "{\"job_id\":" + JSON.writeValueAsString(job.id()) + ",\"kind\":"
                + JSON.writeValueAsString(job.kind()) + ",\"depends_on\":" + JSON.writeValueAsString(job.dependsOn())
                + ",\"config_sha256\":\"" + sha + "\",\"config\":" + job.config().canonicalJson() + "}\n";
        AtomicFiles.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(text)));
        return d;
    }

    /**
     * @return whether the job finished: its {@code DONE} exists and its {@code job.json} holds the planned
     *     configuration (the hash is recomputed from the stored configuration, so an edited file does not pass)
     */
    public boolean isDone(Job job) throws IOException {
        Path d = jobDir(job.id());
        if (!Files.exists(d.resolve("DONE")) || !Files.exists(d.resolve("job.json"))) {
            return false;
        }
        return job.configSha256().equals(storedSha(d.resolve("job.json")));
    }

    /** @return {@code done}, {@code failed}, {@code mismatch} (folder of another configuration), {@code started} or
     *     {@code pending} */
    public String state(Job job) throws IOException {
        Path d = jobDir(job.id());
        if (!Files.exists(d.resolve("job.json"))) {
            return "pending";
        }
        if (!job.configSha256().equals(storedSha(d.resolve("job.json")))) {
            return "mismatch";
        }
        if (Files.exists(d.resolve("DONE"))) {
            return "done";
        }
        return Files.exists(d.resolve("FAILED")) ? "failed" : "started";
    }

    /** @return sha256 of the configuration stored in a job.json, recomputed from its content */
    private static String storedSha(Path jobJson) throws IOException {
        JsonNode n = JSON.readTree(jobJson.toFile()).path("config");
        if (n.isMissingNode()) {
            return "";
        }
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            ObjectMapper sorted = new ObjectMapper().configure(
                    com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
            String canonical = sorted.writeValueAsString(sorted.treeToValue(n, Object.class));
            return java.util.HexFormat.of().formatHex(md.digest(canonical.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Marks a job complete: the last file it writes. */
    public void markDone(Job job) throws IOException {
        AtomicFiles.writeString(jobDir(job.id()).resolve("DONE"), Instant.now().toString() + "\n");
        Files.deleteIfExists(jobDir(job.id()).resolve("FAILED"));
    }

    /** Records a failure (the job stays not done; a re-run tries it again). */
    public void markFailed(Job job, Throwable error) throws IOException {
        java.io.StringWriter w = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(w));
        AtomicFiles.writeString(jobDir(job.id()).resolve("FAILED"), Instant.now() + "\n" + w);
    }
}
