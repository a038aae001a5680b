package org.dirabench.dira;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.dirabench.baselines.engine.AtomicFiles;
import org.dirabench.baselines.nn.ResNetUNet2d;
import org.dirabench.datasets.batch.PretrainBatch;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves (input, distorted, restored) triples of a DiRA network for the report (docs/FORMATS.md, {@code restoration/}):
 * {@code example_<k>_input.png} (the restoration target: the gray crop before appearance augmentation and
 * distortion), {@code example_<k>_distorted.png} (the network's input, gray: the mean of its channels) and
 * {@code example_<k>_restored.png} (the U-Net's output in inference mode), 8-bit gray, values in [0, 1] × 255.
 */
public final class RestorationExamples {
    private RestorationExamples() {
    }

    /**
     * @param graph a trained graph with a {@value ResNetUNet2d#RESTORATION} output
     * @param batch a batch with a restoration target
     * @param dir   the folder (created)
     * @param count how many examples (at most the batch size)
     * @return the number saved
     * @throws IOException when a PNG cannot be written
     */
    public static int save(ComputationGraph graph, PretrainBatch batch, Path dir, int count) throws IOException {
        List<String> outputs = graph.getConfiguration().getNetworkOutputs();
        int idx = outputs.indexOf(ResNetUNet2d.RESTORATION);
        if (idx < 0 || batch.target() == null) {
            throw new IllegalArgumentException("restoration examples need a restoration output and a target");
        }
        INDArray restored = graph.output(false, batch.view1())[idx];
        INDArray distorted = batch.view1().mean(true, 1);
        Files.createDirectories(dir);
        int n = Math.min(count, batch.size());
        for (int k = 0; k < n; k++) {
            png(batch.target().slice(k).slice(0), dir.resolve("example_" + k + "_input.png"));
            png(distorted.slice(k).slice(0), dir.resolve("example_" + k + "_distorted.png"));
            png(restored.slice(k).slice(0), dir.resolve("example_" + k + "_restored.png"));
        }
        return n;
    }

    private static void png(INDArray hw, Path file) throws IOException {
        int h = (int) hw.size(0);
        int w = (int) hw.size(1);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = Math.max(0, Math.min(1, hw.getDouble(y, x)));
                r.setSample(x, y, 0, (int) Math.round(v * 255));
            }
        }
        AtomicFiles.write(file, out -> ImageIO.write(img, "png", out));
    }
}
