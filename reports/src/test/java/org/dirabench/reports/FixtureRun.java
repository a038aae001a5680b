package org.dirabench.reports;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import javax.imageio.ImageIO;
import org.dirabench.reports.results.ResultRow;
import org.dirabench.reports.results.ResultsCsv;

/**
 * Lays out a run folder for tests: a hand-made {@code results.csv} from the test resources (values chosen by hand,
 * see {@code fixtures/}), plus a manifest, {@code curves.csv} and {@code DONE} for each fine-tuning job, two
 * pretraining jobs (MoCo v2 and DiRA_MoCo-v2) with loss curves, and restoration PNGs for the DiRA one.
 */
final class FixtureRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureRun() {
    }

    /**
     * @param prefix name prefix
     * @return a new folder under {@code target/test-runs} (removed by {@code mvn clean}, kept for inspection)
     */
    static Path tempDir(String prefix) throws IOException {
        Path base = Path.of("target", "test-runs");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, prefix).toAbsolutePath();
    }

    /**
     * @param dir the run folder to create
     * @param resultsResource e.g. {@code fixtures/mini-results.csv}
     * @param noManifest jobs that get no manifest (to test the warning)
     * @return {@code dir}
     */
    static Path create(Path dir, String resultsResource, Predicate<String> noManifest) throws IOException {
        Files.createDirectories(dir);
        try (InputStream in = FixtureRun.class.getResourceAsStream(resultsResource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resultsResource);
            }
            Files.copy(in, dir.resolve("results.csv"));
        }
        List<ResultRow> rows = ResultsCsv.read(dir.resolve("results.csv"));
        Map<String, ResultRow> jobs = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            jobs.putIfAbsent(r.jobId(), r);
        }
        ResultRow any = rows.get(0);
        boolean gpu = any.backend().startsWith("cuda");
        for (ResultRow r : jobs.values()) {
            Path jd = dir.resolve("jobs").resolve(r.jobId());
            Files.createDirectories(jd);
            if (!noManifest.test(r.jobId())) {
                ObjectNode m = manifest(r.jobId(), "finetune", r.method(), r.dira(), r.scale(), r.seed(),
                        r.data().toString(), r.codeVersion(), gpu, r.configSha256(), r.wallSeconds());
                m.put("task", r.task());
                m.put("checkpoint_sha256", r.checkpointSha256());
                ((ObjectNode) m.get("config")).put("label_fraction", r.labelFraction());
                Files.writeString(jd.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(m));
            }
            Files.writeString(jd.resolve("curves.csv"), fineTuningCurves(r));
            Files.writeString(jd.resolve("DONE"), "");
        }
        pretrain(dir, any, "none", gpu);
        pretrain(dir, any, "dis+res+adv", gpu);
        Files.writeString(dir.resolve("spec.yaml"), "name: " + any.runId() + "\nscale: " + any.scale()
                + "\nmethods: [moco_v2, barlow_twins, simsiam, transvw]\ndira: [none, dis+res, dis+res+adv]\n"
                + "seeds: [0, 1, 2]\nlabel_fractions: [1.0, 0.25]\n" + (gpu ? "epochs: 200\n" : "epochs: 12\n"));
        return dir;
    }

    private static ObjectNode manifest(String id, String kind, String method, String dira, String scale, long seed,
            String data, String code, boolean gpu, String configSha, double wall) {
        ObjectNode m = JSON.createObjectNode();
        m.put("job_id", id);
        m.put("kind", kind);
        m.put("method", method);
        m.put("dira", dira);
        m.put("scale", scale);
        m.put("seed", seed);
        ObjectNode config = m.putObject("config");
        config.put("input_size", gpu ? 224 : 64);
        config.put("width_divisor", gpu ? 1 : 8);
        config.put("batch_size", gpu ? 256 : 32);
        config.put("optimizer", "sgd");
        m.put("config_sha256", configSha);
        ObjectNode d = m.putObject("data");
        d.put("root", "/data/" + data.replace(':', '_'));
        d.put("files", gpu ? 112120 : 1000);
        d.put("sha256", "ab".repeat(32));
        d.put("source", data);
        m.put("code_version", code);
        ObjectNode java = m.putObject("java");
        java.put("version", "17.0.15");
        java.put("vendor", "Debian");
        ObjectNode nd4j = m.putObject("nd4j");
        nd4j.put("backend", gpu ? "CUDA" : "CPU");
        nd4j.put("build", gpu ? "cuda-11.6" : "onednn-avx2");
        nd4j.put("onednn", !gpu);
        nd4j.put("blas", gpu ? "CUBLAS" : "OPENBLAS");
        nd4j.put("threads", 2);
        ObjectNode hw = m.putObject("hardware");
        hw.put("cpu", gpu ? "AMD EPYC 7742" : "Intel(R) Xeon(R) CPU @ 2.20GHz");
        hw.put("cores", gpu ? 64 : 2);
        hw.put("memory_bytes", gpu ? 549755813888L : 25769803776L);
        hw.put("gpu", gpu ? "4x NVIDIA V100" : "none");
        m.put("started_at", "2026-11-30T11:00:00Z");
        m.put("finished_at", "2026-11-30T11:59:00Z");
        m.put("wall_seconds", wall);
        return m;
    }

    private static String fineTuningCurves(ResultRow r) {
        StringBuilder sb = new StringBuilder("epoch,lr,train_loss,val_loss,val_metric,elapsed_s\n");
        double target = r.value();
        for (int e = 0; e < r.epochs(); e++) {
            double train = 0.1 + 0.6 * Math.exp(-e / 4.0) + 0.005 * r.seed()
                    + (Double.isNaN(target) ? 0.3 : 0.8 * (1 - target));
            double val = train + 0.05 + 0.01 * Math.max(0, e - 8);
            double metric = target * (1 - 0.4 * Math.exp(-(e + 1) / 3.0));
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.5f,%.5f,%.5f,%.1f%n", e, 2e-4, train, val, metric,
                    10.0 * (e + 1)));
        }
        return sb.toString();
    }

    private static void pretrain(Path dir, ResultRow any, String dira, boolean gpu) throws IOException {
        boolean isDira = !"none".equals(dira);
        String id = "pretrain-moco_v2-" + (isDira ? "dra" : "base") + "-s0-" + (isDira ? "5e1f00aa" : "0c2d11bb");
        Path jd = dir.resolve("jobs").resolve(id);
        Files.createDirectories(jd);
        ObjectNode m = manifest(id, "pretrain", "moco_v2", dira, any.scale(), 0, any.data().toString(),
                any.codeVersion(), gpu, (isDira ? "cd" : "ef").repeat(32), isDira ? 1830.0 : 1210.0);
        Files.writeString(jd.resolve("manifest.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        StringBuilder sb = new StringBuilder("step,epoch,stage,lr,loss,loss_dis");
        if (isDira) {
            sb.append(",loss_res,loss_adv,loss_d");
        }
        sb.append(",images_per_s,elapsed_s\n");
        Random rnd = new Random(7);
        int steps = 400;
        for (int s = 0; s < steps; s++) {
            int stage = isDira && s >= 300 ? 2 : 1;
            double dis = 3 + 3 * Math.exp(-s / 90.0) + 0.15 * rnd.nextGaussian();
            double res = 0.012 + 0.05 * Math.exp(-s / 60.0) + 0.002 * rnd.nextGaussian();
            double adv = stage == 2 ? 0.25 + 0.03 * rnd.nextGaussian() : 0;
            double d = stage == 2 ? 0.22 + 0.03 * rnd.nextGaussian() : 0;
            double total = dis + (isDira ? 10 * res + 0.001 * adv : 0);
            sb.append(String.format(Locale.ROOT, "%d,%d,%d,%.5f,%.5f,%.5f", s, s / 50, stage, 0.03, total, dis));
            if (isDira) {
                sb.append(String.format(Locale.ROOT, ",%.5f,%.5f,%.5f", res, adv, d));
            }
            sb.append(String.format(Locale.ROOT, ",%.1f,%.1f%n", 120.0, s * 0.5));
        }
        Files.writeString(jd.resolve("curves.csv"), sb.toString(), StandardCharsets.UTF_8);
        if (isDira) {
            Path rd = jd.resolve("restoration");
            Files.createDirectories(rd);
            for (int k = 0; k < 3; k++) {
                BufferedImage[] t = triple(k);
                String[] names = {"input", "distorted", "restored"};
                for (int i = 0; i < 3; i++) {
                    ImageIO.write(t[i], "png", rd.resolve("example_" + k + "_" + names[i] + ".png").toFile());
                }
            }
        }
        Files.writeString(jd.resolve("DONE"), "");
    }

    /** A synthetic chest-like gray image, a cut-out distortion of it and a smoothed "restoration". */
    private static BufferedImage[] triple(int k) {
        int n = 64;
        BufferedImage in = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = in.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(200, 200, 200));
        g.fillRect(0, 0, n, n);
        g.setColor(new Color(60, 60, 60));
        g.fill(new Ellipse2D.Double(8 + k, 10, 20, 40));
        g.fill(new Ellipse2D.Double(36 - k, 10, 20, 40));
        g.setColor(new Color(235, 235, 235));
        g.fillRect(30, 4, 4, 56);
        g.dispose();
        Random rnd = new Random(k);
        var r = in.getRaster();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                r.setSample(x, y, 0, Math.max(0, Math.min(255, r.getSample(x, y, 0) + (int) (8 * rnd.nextGaussian()))));
            }
        }
        BufferedImage dist = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        dist.setData(in.getData());
        Graphics2D gd = dist.createGraphics();
        gd.setColor(Color.BLACK);
        gd.fillRect(10 + 5 * k, 18, 14, 12);
        gd.fillRect(40, 40 - 4 * k, 10, 16);
        gd.dispose();
        BufferedImage rest = new BufferedImage(n, n, BufferedImage.TYPE_BYTE_GRAY);
        var rr = rest.getRaster();
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int s = 0;
                int c = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = Math.min(n - 1, Math.max(0, x + dx));
                        int yy = Math.min(n - 1, Math.max(0, y + dy));
                        s += r.getSample(xx, yy, 0);
                        c++;
                    }
                }
                rr.setSample(x, y, 0, s / c);
            }
        }
        return new BufferedImage[] {in, dist, rest};
    }

    /** @return the ids of the jobs in a results file, in order */
    static List<String> jobIds(Path results) throws IOException {
        List<String> ids = new ArrayList<>();
        for (ResultRow r : ResultsCsv.read(results)) {
            if (!ids.contains(r.jobId())) {
                ids.add(r.jobId());
            }
        }
        return ids;
    }
}
