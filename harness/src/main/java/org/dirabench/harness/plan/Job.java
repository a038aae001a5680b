package org.dirabench.harness.plan;

import java.util.List;
import java.util.Objects;
import org.dirabench.harness.spec.Settings;

/**
 * One unit of work with a stable id: the id ends in the first 8 hex digits of the sha256 of its resolved
 * configuration, which includes the ids (hence hashes) of the jobs it depends on, so a changed upstream setting
 * changes every job below it.
 *
 * @param id        e.g. {@code pretrain-moco_v2-s0-1a2b3c4d}
 * @param kind      {@code pretrain} or {@code finetune}
 * @param config    the resolved configuration (written as {@code job.json})
 * @param dependsOn ids of the jobs whose outputs this one reads
 */
public record Job(String id, String kind, Settings config, List<String> dependsOn) {
    public Job {
        Objects.requireNonNull(id);
        Objects.requireNonNull(config);
        dependsOn = List.copyOf(dependsOn);
    }

    /** @return sha256 of the configuration */
    public String configSha256() {
        return config.sha256();
    }

    /** Makes a job whose id is {@code prefix-<hash8>}. */
    static Job of(String prefix, String kind, Settings config, List<String> dependsOn) {
        return new Job(prefix + "-" + config.sha256().substring(0, 8), kind, config, dependsOn);
    }
}
