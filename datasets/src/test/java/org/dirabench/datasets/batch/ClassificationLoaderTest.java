package org.dirabench.datasets.batch;

import static org.dirabench.datasets.batch.PretrainLoaderTest.floats;
import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.io.PngFixtures;
import org.dirabench.datasets.io.PngImages;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.views.FineTuneViews;
import org.dirabench.datasets.views.Normalization;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

public class ClassificationLoaderTest {
    private List<ImageRecord> records;

    @BeforeClass
    public void fixtures() throws IOException {
        Path dir = Files.createTempDirectory("finetune");
        records = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            Path f = PngFixtures.gray8(dir, String.format("%08d_000.png", i), 40, 44, i * 17);
            records.add(new ImageRecord(f.getFileName().toString(), Integer.toString(i), f,
                    new float[] {i % 2, i % 3 == 0 ? 1 : 0, 0}));
        }
    }

    @Test
    public void evalKeepsOrderAndTheLastPartialBatch() throws IOException {
        try (ClassificationLoader loader = ClassificationLoader.builder(records, 32, 4,
                ClassificationLoader.Views.EVAL).build()) {
            assertEquals(loader.batchesPerEpoch(), 3);
            List<LabelledBatch> batches = new ArrayList<>();
            loader.epoch(0).forEach(batches::add);
            assertEquals(batches.get(2).size(), 3);
            assertEquals(batches.get(2).images().shape(), new long[] {3, 3, 32, 32});
            assertEquals(batches.get(2).labels().shape(), new long[] {3, 3});
            assertEquals(batches.get(0).indices(), new int[] {0, 1, 2, 3});
            float[] labels = floats(batches.get(1).labels());
            for (int k = 0; k < 4; k++) {
                assertEquals(Arrays.copyOfRange(labels, k * 3, k * 3 + 3), records.get(4 + k).labels());
            }
            Image2d expected = new FineTuneViews(32).eval(PngImages.readGray(records.get(5).path()));
            float[] x = floats(batches.get(1).images());
            assertTrue(Arrays.equals(Arrays.copyOfRange(x, 3 * 1024, 4 * 1024), expected.data()));
        }
    }

    @Test
    public void tenCropGivesTenRowsPerImage() {
        try (ClassificationLoader loader = ClassificationLoader.builder(records, 32, 4,
                ClassificationLoader.Views.TEN_CROP).workers(0).build()) {
            LabelledBatch b = loader.batch(0, 2);
            assertEquals(b.cropsPerImage(), 10);
            assertEquals(b.images().shape(), new long[] {30, 3, 32, 32});
            assertEquals(b.labels().shape(), new long[] {3, 3});
        }
    }

    @Test
    public void trainShufflesPerEpochDeterministicallyWhateverTheWorkers() {
        try (ClassificationLoader a = ClassificationLoader.builder(records, 32, 4, ClassificationLoader.Views.TRAIN)
                .seed(9).workers(0).build();
                ClassificationLoader b = ClassificationLoader.builder(records, 32, 4, ClassificationLoader.Views.TRAIN)
                        .seed(9).workers(2).build()) {
            List<LabelledBatch> x = new ArrayList<>();
            List<LabelledBatch> y = new ArrayList<>();
            a.epoch(1).forEach(x::add);
            b.epoch(1).forEach(y::add);
            assertEquals(x.size(), 3, "training keeps the last partial batch by default");
            for (int i = 0; i < x.size(); i++) {
                assertEquals(x.get(i).indices(), y.get(i).indices());
                assertTrue(Arrays.equals(floats(x.get(i).images()), floats(y.get(i).images())));
                assertTrue(Arrays.equals(floats(x.get(i).labels()), floats(y.get(i).labels())));
            }
            assertTrue(!Arrays.equals(a.order(1), a.order(2)));
            assertTrue(!Arrays.equals(a.order(1), new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
        }
        try (ClassificationLoader d = ClassificationLoader.builder(records, 32, 4, ClassificationLoader.Views.TRAIN)
                .dropLast(true).build()) {
            assertEquals(d.batchesPerEpoch(), 2);
        }
    }

    @Test
    public void imagenetNormalisationIsAppliedPerChannel() {
        try (ClassificationLoader none = ClassificationLoader.builder(records, 32, 4, ClassificationLoader.Views.EVAL)
                .workers(0).build();
                ClassificationLoader imagenet = ClassificationLoader.builder(records, 32, 4,
                        ClassificationLoader.Views.EVAL).normalization(Normalization.IMAGENET).workers(0).build()) {
            float[] raw = floats(none.batch(0, 0).images());
            float[] norm = floats(imagenet.batch(0, 0).images());
            for (int c = 0; c < 3; c++) {
                int i = c * 1024 + 100;
                assertEquals(norm[i], (raw[i] - Normalization.IMAGENET.mean(c)) / Normalization.IMAGENET.std(c),
                        1e-5f);
            }
        }
    }
}
