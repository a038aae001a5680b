package org.dirabench.reports.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dirabench.reports.results.DataSource;
import org.dirabench.reports.results.DisplayNames;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.run.JobFolder;
import org.dirabench.reports.run.JobStatus;
import org.dirabench.reports.run.Manifest;

/**
 * The run's provenance, collected from the manifests (and from {@code results.csv} for jobs that lack one): versions,
 * backends, hardware, seeds, wall times and one line per job.
 */
final class Provenance {
    /**
     * One job as the provenance table shows it.
     *
     * @param id job id
     * @param kind pretrain or finetune
     * @param method display name
     * @param task task name or "—"
     * @param scale scale
     * @param seed seed
     * @param data data source and file count
     * @param backend ND4J backend
     * @param code code version
     * @param config shortened config sha256
     * @param wall wall time
     * @param finished finish instant
     */
    record JobLine(String id, String kind, String method, String task, String scale, String seed, String data,
            String backend, String code, String config, String wall, String finished) {
    }

    private final ReportModel m;

    Provenance(ReportModel m) {
        this.m = m;
    }

    List<String> dataSources() {
        SortedSet<String> s = new TreeSet<>();
        m.run().results().forEach(r -> s.add(r.data().toString()));
        return new ArrayList<>(s);
    }

    List<String> tasks() {
        SortedSet<String> s = new TreeSet<>(Comparator.comparingInt((String t) -> DisplayNames.rank(
                DisplayNames.TASK_ORDER, t)).thenComparing(t -> t));
        m.run().results().forEach(r -> s.add(r.task()));
        if (s.isEmpty()) {
            planned().forEach(j -> add(s, j.task()));
        }
        if (s.isEmpty()) {
            specList("tasks").forEach(t -> add(s, t));
        }
        return new ArrayList<>(s);
    }

    List<String> methods() {
        Set<String> s = new LinkedHashSet<>();
        m.headlineCells().stream().map(c -> c.key())
                .sorted(Comparator.comparingInt((org.dirabench.reports.stats.CellKey k) -> DisplayNames.rank(
                        DisplayNames.METHOD_ORDER, k.method())).thenComparing(k -> k.method())
                        .thenComparingInt(k -> DisplayNames.rank(DisplayNames.DIRA_ORDER, k.dira())))
                .forEach(k -> s.add(k.methodName()));
        if (s.isEmpty()) {
            planned().stream().filter(j -> !j.method().isEmpty())
                    .sorted(Comparator.comparingInt((JobStatus j) -> DisplayNames.rank(DisplayNames.METHOD_ORDER,
                            j.method())).thenComparing(JobStatus::method)
                            .thenComparingInt(j -> DisplayNames.rank(DisplayNames.DIRA_ORDER, j.dira())))
                    .forEach(j -> s.add(DisplayNames.method(j.method(), j.dira().isEmpty() ? ResultRow.NO_DIRA
                            : j.dira())));
        }
        if (s.isEmpty()) {
            s.addAll(specList("methods"));
        }
        return new ArrayList<>(s);
    }

    List<String> fractions() {
        SortedSet<Double> s = new TreeSet<>();
        m.run().results().forEach(r -> s.add(r.labelFraction()));
        if (s.isEmpty()) {
            planned().stream().filter(j -> !Double.isNaN(j.labelFraction())).forEach(j -> s.add(j.labelFraction()));
        }
        if (s.isEmpty()) {
            for (String f : specList("label_fractions")) {
                try {
                    s.add(Double.parseDouble(f));
                } catch (NumberFormatException e) {
                    // not a number: left out
                }
            }
        }
        return s.stream().map(Formats::fraction).toList();
    }

    List<String> finetuneSeeds() {
        SortedSet<Long> s = new TreeSet<>();
        m.run().results().forEach(r -> s.add(r.seed()));
        if (s.isEmpty()) {
            List<String> texts = new ArrayList<>();
            planned().forEach(j -> texts.add(j.seed()));
            if (texts.stream().allMatch(String::isEmpty)) {
                texts.addAll(specList("seeds"));
            }
            for (String t : texts) {
                try {
                    s.add(Long.parseLong(t));
                } catch (NumberFormatException e) {
                    // not a seed: left out
                }
            }
        }
        return s.stream().map(String::valueOf).toList();
    }

    /** @return "; planned, without any result: MoCo v2" for methods the plan has but the results lack, else "" */
    String methodsWithoutResults() {
        if (!m.hasResults()) {
            return "";
        }
        List<String> have = methods();
        Set<String> lacking = new LinkedHashSet<>();
        planned().stream().filter(j -> !j.method().isEmpty() && !j.dira().isEmpty())
                .sorted(Comparator.comparingInt((JobStatus j) -> DisplayNames.rank(DisplayNames.METHOD_ORDER,
                        j.method())).thenComparing(JobStatus::method)
                        .thenComparingInt(j -> DisplayNames.rank(DisplayNames.DIRA_ORDER, j.dira())))
                .map(j -> DisplayNames.method(j.method(), j.dira())).filter(n -> !have.contains(n))
                .forEach(lacking::add);
        return lacking.isEmpty() ? "" : "; planned, without any result: " + String.join(", ", lacking);
    }

    /** @return "; planned: 0, 1, 2" when the plan has seeds the results lack, else "" */
    String seedsWithoutResults() {
        if (!m.hasResults()) {
            return "";
        }
        SortedSet<Long> plannedSeeds = new TreeSet<>();
        for (JobStatus j : planned()) {
            try {
                plannedSeeds.add(Long.parseLong(j.seed()));
            } catch (NumberFormatException e) {
                // unknown seed: left out
            }
        }
        List<String> have = finetuneSeeds();
        boolean lacking = plannedSeeds.stream().anyMatch(x -> !have.contains(String.valueOf(x)));
        return lacking ? " (planned: " + String.join(", ", plannedSeeds.stream().map(String::valueOf).toList())
                + ")" : "";
    }

    /** @return the planned fine-tuning jobs */
    private List<JobStatus> planned() {
        return m.plan().jobs().stream().filter(JobStatus::isFinetune).toList();
    }

    /** @return the items of a list in spec.yaml, as text */
    private List<String> specList(String key) {
        List<String> out = new ArrayList<>();
        m.run().specTree().path(key).forEach(n -> {
            if (n.isValueNode()) {
                out.add(n.asText());
            }
        });
        return out;
    }

    /** @return the data sources the manifests record (for a run without results) */
    List<DataSource> dataFromManifests() {
        return new ArrayList<>(m.manifestData().keySet());
    }

    /**
     * @return for a run without results whose manifests record no data source: "not recorded yet" and the data
     *     folders spec.yaml names; "" when the manifests record one
     */
    String dataWithoutResults() {
        if (!dataFromManifests().isEmpty()) {
            return "";
        }
        List<String> folders = new ArrayList<>();
        JsonNode data = m.run().specTree().path("data");
        data.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                folders.add(e.getKey() + " = " + e.getValue().asText());
            }
        });
        return "not recorded yet: no job that reads data has finished, so no manifest says whether it is the"
                + " paper's dataset, a stand-in or phantom data" + (folders.isEmpty() ? ""
                : "; spec.yaml names " + String.join(", ", folders));
    }

    List<String> pretrainSeeds() {
        SortedSet<String> s = new TreeSet<>();
        for (Manifest mf : m.manifests().values()) {
            if ("pretrain".equals(mf.kind()) && !mf.text("seed").isEmpty()) {
                s.add(mf.text("seed"));
            }
        }
        return new ArrayList<>(s);
    }

    List<String> codeVersions() {
        SortedSet<String> s = new TreeSet<>();
        m.run().results().forEach(r -> s.add(r.codeVersion()));
        m.manifests().values().forEach(mf -> add(s, mf.text("code_version")));
        return new ArrayList<>(s);
    }

    /** @return the manifests' backend summaries, plus each results.csv backend that none of them already names */
    List<String> backends() {
        SortedSet<String> s = new TreeSet<>();
        m.manifests().values().forEach(mf -> add(s, mf.backendSummary()));
        List<String> summaries = new ArrayList<>(s);
        m.run().results().forEach(r -> {
            if (summaries.stream().noneMatch(x -> x.contains(r.backend()))) {
                s.add(r.backend());
            }
        });
        return new ArrayList<>(s);
    }

    List<String> hardware() {
        SortedSet<String> s = new TreeSet<>();
        m.manifests().values().forEach(mf -> add(s, mf.hardwareSummary()));
        return new ArrayList<>(s);
    }

    List<String> jvms() {
        SortedSet<String> s = new TreeSet<>();
        m.manifests().values().forEach(mf -> add(s, mf.javaSummary()));
        return new ArrayList<>(s);
    }

    /** @return total wall time per job kind from the manifests, or from results.csv for fine-tuning without them */
    String wallTimeSummary() {
        Map<String, double[]> byKind = new TreeMap<>(Comparator.reverseOrder());
        Set<String> seen = new TreeSet<>();
        for (Map.Entry<String, Manifest> e : m.manifests().entrySet()) {
            double w = e.getValue().wallSeconds();
            if (!Double.isNaN(w)) {
                double[] acc = byKind.computeIfAbsent(kindName(e.getValue().kind()), k -> new double[2]);
                acc[0] += w;
                acc[1]++;
                seen.add(e.getKey());
            }
        }
        for (ResultRow r : m.jobRows().values()) {
            if (!seen.contains(r.jobId())) {
                double[] acc = byKind.computeIfAbsent("fine-tuning (results.csv)", k -> new double[2]);
                acc[0] += r.wallSeconds();
                acc[1]++;
            }
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((k, v) -> parts.add(k + " " + Formats.duration(v[0]) + " over " + (long) v[1] + " jobs"));
        return parts.isEmpty() ? Formats.NONE : String.join("; ", parts) + " (sums of job wall times)";
    }

    private static String kindName(String kind) {
        return switch (kind) {
            case "pretrain" -> "pretraining";
            case "finetune" -> "fine-tuning";
            default -> kind.isEmpty() ? "unknown kind" : kind;
        };
    }

    /** @return earliest start to latest finish in the manifests (or results.csv finish times) */
    String timeSpan() {
        SortedSet<String> starts = new TreeSet<>();
        SortedSet<String> ends = new TreeSet<>();
        m.manifests().values().forEach(mf -> {
            add(starts, mf.text("started_at"));
            add(ends, mf.text("finished_at"));
        });
        m.run().results().forEach(r -> ends.add(r.finishedAt().toString()));
        if (ends.isEmpty()) {
            return Formats.NONE;
        }
        return (starts.isEmpty() ? "?" : starts.first()) + " → " + ends.last();
    }

    List<JobLine> jobs() {
        List<JobLine> out = new ArrayList<>();
        Map<String, ResultRow> rows = m.jobRows();
        Set<String> ids = new TreeSet<>(m.run().jobs().keySet());
        ids.addAll(rows.keySet());
        for (String id : ids) {
            JobFolder j = m.run().jobs().get(id);
            Manifest mf = j == null ? null : j.manifest();
            ResultRow r = rows.get(id);
            if (mf != null) {
                String dira = mf.text("dira").isEmpty() ? ResultRow.NO_DIRA : mf.text("dira");
                String files = mf.text("data.files");
                String task = mf.text("task");
                out.add(new JobLine(id, mf.kind(), DisplayNames.method(mf.text("method"), dira),
                        task.isEmpty() ? Formats.NONE : DisplayNames.task(task), mf.text("scale"), mf.text("seed"),
                        mf.text("data.source") + (files.isEmpty() ? "" : " (" + files + " files)"),
                        mf.backendSummary(), mf.text("code_version"), Formats.shortHash(mf.text("config_sha256")),
                        Formats.duration(mf.wallSeconds()), mf.text("finished_at")));
            } else if (r != null) {
                out.add(new JobLine(id, "finetune (no manifest)", DisplayNames.method(r.method(), r.dira()),
                        DisplayNames.task(r.task()), r.scale(), String.valueOf(r.seed()), r.data().toString(),
                        r.backend(), r.codeVersion(), Formats.shortHash(r.configSha256()),
                        Formats.duration(r.wallSeconds()), r.finishedAt().toString()));
            }
        }
        out.sort(Comparator.comparing((JobLine l) -> l.kind().startsWith("pretrain") ? 0 : 1)
                .thenComparing(JobLine::id));
        return out;
    }

    private static void add(Set<String> s, String v) {
        if (v != null && !v.isEmpty()) {
            s.add(v);
        }
    }
}
