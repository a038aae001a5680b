package org.dirabench.harness.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.harness.plan.Job;

/** Writes a job's {@code manifest.json} (docs/FORMATS.md): job identity, configuration, data, environment, times. */
final class Manifests {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);

    private Manifests() {
    }

    /**
     * @param job      the job
     * @param identity kind-specific identity fields (method, dira, task, scale, seed, ...)
     * @param data     the data fingerprint
     * @param extra    results of the job worth recording (steps, best epoch, helper check ...)
     * @param started  start instant
     * @param checkpointSha256 sha256 of the weights produced (pretraining) or used (fine-tuning), or "-"
     * @return the manifest written
     */
    static Map<String, Object> write(Path dir, Job job, Map<String, Object> identity, Map<String, Object> data,
            Map<String, Object> extra, Instant started, Instant finished, String checkpointSha256)
            throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("job_id", job.id());
        m.put("kind", job.kind());
        m.putAll(identity);
        m.put("config", job.config().toMap());
        m.put("config_sha256", job.configSha256());
        m.put("data", data);
        m.putAll(Provenance.environment());
        m.put("started_at", started.toString());
        m.put("finished_at", finished.toString());
        m.put("wall_seconds", (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        m.put("checkpoint_sha256", checkpointSha256);
        m.putAll(extra);
        AtomicFiles.writeString(dir.resolve("manifest.json"), JSON.writeValueAsString(m) + "\n");
        return m;
    }
}
