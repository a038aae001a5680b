package org.dirabench.reports.run;

import java.nio.file.Path;
import java.util.List;

/**
 * What the report reads from one {@code jobs/<job_id>/} folder. Files that are absent or unreadable are null (or
 * empty) and the reason is in {@link RunFolder#warnings()}.
 *
 * @param id the job id (the folder name)
 * @param dir the folder
 * @param manifest its {@code manifest.json}, or null
 * @param curves its {@code curves.csv}, or null
 * @param restoration its restoration examples by index (DiRA pretraining only), possibly empty
 * @param done true when the folder has the {@code DONE} marker
 */
public record JobFolder(String id, Path dir, Manifest manifest, Curves curves, List<RestorationExample> restoration,
        boolean done) {

    /** @return the manifest's kind ({@code pretrain}, {@code finetune}), or "" without a manifest */
    public String kind() {
        return manifest == null ? "" : manifest.kind();
    }
}
