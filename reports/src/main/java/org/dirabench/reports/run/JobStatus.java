package org.dirabench.reports.run;

import java.util.List;

/**
 * Where one job of the run's plan stands, read from its folder ({@code job.json}, {@code DONE}, {@code FAILED}) or,
 * for a planned job that has no folder, from its id (see {@link #fromJobJson()}).
 *
 * @param id the job id
 * @param kind {@code pretrain}, {@code finetune}, or "" when neither {@code job.json} nor the id says
 * @param state done, failed, unfinished or not started
 * @param dependsOn the jobs whose outputs this one needs: {@code depends_on} of {@code job.json}; for a job without
 *     one, the planned pretraining jobs its id points to (inferred, see {@link #fromJobJson()}), possibly several when
 *     the plan has several pretraining seeds of the method (then it needs one of them)
 * @param fromJobJson true when kind, dependencies and identity come from {@code job.json}; false when they were
 *     inferred from the job id (a job that never started has no folder)
 * @param task fine-tuning task id, "" for pretraining or when unknown
 * @param method self-supervised method ({@code moco_v2}, ..., {@code random_init}), "" when unknown
 * @param dira DiRA variant ({@code none}, {@code dis+res}, {@code dis+res+adv}), "" when unknown
 * @param labelFraction fine-tuning label fraction, NaN for pretraining or when unknown
 * @param seed the job's seed as written, "" when unknown
 * @param scale the job's scale ({@code config.scale} of {@code job.json}), "" when unknown
 * @param failedAt the first line of {@code FAILED} (an ISO instant), "" unless failed
 * @param error the first line of the error in {@code FAILED} (the exception and its message), "" unless failed
 */
public record JobStatus(String id, String kind, State state, List<String> dependsOn, boolean fromJobJson,
        String task, String method, String dira, double labelFraction, String seed, String scale, String failedAt,
        String error) {

    /** How far a planned job got. */
    public enum State {
        /** {@code DONE} exists: the job finished (a stale {@code FAILED} beside it is ignored). */
        DONE("done"),
        /** {@code FAILED} exists and {@code DONE} does not: the job failed and has not succeeded since. */
        FAILED("failed"),
        /** The folder exists without {@code DONE} or {@code FAILED}: interrupted, or still running. */
        UNFINISHED("unfinished"),
        /** Planned, but no folder: never started (blocked by a failed job it needs, or the run stopped before). */
        NOT_STARTED("not started");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** @return the reader-facing word, e.g. "not started" */
        public String label() {
            return label;
        }
    }

    /** Copies the dependency list. */
    public JobStatus {
        dependsOn = List.copyOf(dependsOn);
    }

    /** @return true for a fine-tuning job */
    public boolean isFinetune() {
        return "finetune".equals(kind);
    }

    /** @return true for a pretraining job */
    public boolean isPretrain() {
        return "pretrain".equals(kind);
    }

    /** @return "pretraining", "fine-tuning" or "job" */
    public String kindName() {
        return isPretrain() ? "pretraining" : isFinetune() ? "fine-tuning" : "job";
    }
}
