package org.dirabench.reports.results;

import java.time.Instant;
import java.util.Objects;

/**
 * One row of {@code results.csv}: one metric of one fine-tuning job (see {@code docs/FORMATS.md}).
 *
 * @param runId the run folder's name
 * @param jobId the fine-tuning job's id
 * @param method the self-supervised baseline ({@code moco_v2}, {@code barlow_twins}, {@code simsiam},
 *     {@code transvw}) or {@code random_init}
 * @param dira the DiRA variant on top of {@code method}: {@code none}, {@code dis+res} or {@code dis+res+adv}
 * @param task the target task id, e.g. {@code chestxray14}
 * @param data where the images came from
 * @param scale {@code smoke}, {@code mini} or {@code paper}
 * @param labelFraction fraction of the training labels used, in (0, 1]
 * @param seed the fine-tuning seed
 * @param metric {@code auc}, {@code dice}, {@code iou}, or a per-class {@code auc:<label>}
 * @param value the metric, a fraction in [0, 1], or {@code NaN} when undefined
 * @param nTest number of test images, volumes or candidates
 * @param epochs fine-tuning epochs actually run
 * @param wallSeconds wall time of the fine-tuning job, seconds
 * @param backend ND4J backend and build, e.g. {@code cpu:onednn-avx512}
 * @param configSha256 sha256 (64 lower-case hex digits) of the job's resolved configuration
 * @param checkpointSha256 sha256 of the pretrained encoder weights, {@code -} for random init
 * @param codeVersion {@code <project version>+<git commit>}, optionally with {@code -dirty}
 * @param finishedAt when the job finished (UTC)
 */
public record ResultRow(String runId, String jobId, String method, String dira, String task, DataSource data,
        String scale, double labelFraction, long seed, String metric, double value, int nTest, int epochs,
        double wallSeconds, String backend, String configSha256, String checkpointSha256, String codeVersion,
        Instant finishedAt) {

    /** The {@code dira} value of a plain baseline. */
    public static final String NO_DIRA = "none";

    /** Checks non-null fields; value ranges are checked by {@link ResultsCsv}. */
    public ResultRow {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(dira, "dira");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(configSha256, "configSha256");
        Objects.requireNonNull(checkpointSha256, "checkpointSha256");
        Objects.requireNonNull(codeVersion, "codeVersion");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** @return true for a headline metric ({@code auc}, {@code dice}, {@code iou}), false for a per-class one */
    public boolean isHeadline() {
        return metric.indexOf(':') < 0;
    }
}
