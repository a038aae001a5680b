package org.dirabench.datasets.batch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dirabench.datasets.DataRoot;
import org.dirabench.datasets.distort.RestorationDistortion2d;
import org.dirabench.datasets.image.Image2d;
import org.dirabench.datasets.image.TestImages;
import org.dirabench.datasets.io.PngFixtures;
import org.dirabench.datasets.tasks.ChestXray14;
import org.dirabench.datasets.tasks.ImageRecord;
import org.dirabench.datasets.views.RandomResizedCrop;
import org.dirabench.datasets.views.TwoViewAugmentation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class PretrainLoaderTest {

    static List<Image2d> synthetic(int n, int h, int w) {
        List<Image2d> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(TestImages.random(1, h, w, n * 31L + h * 7L + i));
        }
        return out;
    }

    static float[] floats(INDArray a) {
        return a == null ? null : a.data().asFloat();
    }

    private static void assertSameBatch(PretrainBatch a, PretrainBatch b) {
        assertEquals(a.indices(), b.indices());
        assertTrue(Arrays.equals(floats(a.view1()), floats(b.view1())), "view1 bit-identical");
        assertTrue(Arrays.equals(floats(a.view2()), floats(b.view2())), "view2 bit-identical");
        assertTrue(Arrays.equals(floats(a.target()), floats(b.target())), "target bit-identical");
        assertEquals(a.params(), b.params());
    }

    @Test
    public void batchesHaveTheDocumentedShapesAndDropTheRaggedLastBatch() {
        ImageSource src = ImageSource.of(synthetic(10, 40, 36));
        try (PretrainLoader loader = PretrainLoader.builder(src, 32, 4).seed(1).build()) {
            assertEquals(loader.batchesPerEpoch(), 2);
            List<PretrainBatch> batches = new ArrayList<>();
            try (PrefetchIterator<PretrainBatch> it = loader.epoch(0)) {
                it.forEach(batches::add);
            }
            assertEquals(batches.size(), 2);
            PretrainBatch b = batches.get(0);
            assertEquals(b.view1().shape(), new long[] {4, 3, 32, 32});
            assertEquals(b.view2().shape(), new long[] {4, 3, 32, 32});
            assertEquals(b.target().shape(), new long[] {4, 1, 32, 32});
            assertEquals(b.view1().dataType(), org.nd4j.linalg.api.buffer.DataType.FLOAT);
            float[] v = floats(b.view1());
            int plane = 32 * 32;
            for (int s = 0; s < 4; s++) {
                for (int i = 0; i < plane; i++) {
                    float x = v[s * 3 * plane + i];
                    assertTrue(x >= 0 && x <= 1);
                    assertEquals(v[s * 3 * plane + plane + i], x, "gray replicated into G");
                    assertEquals(v[s * 3 * plane + 2 * plane + i], x, "gray replicated into B");
                }
            }
            Set<Integer> seen = new HashSet<>();
            batches.forEach(x -> Arrays.stream(x.indices()).forEach(seen::add));
            assertEquals(seen.size(), 8, "8 distinct images per epoch, 2 dropped");
        }
    }

    @Test
    public void sameSeedGivesBitIdenticalBatchesWhateverTheWorkers() {
        ImageSource src = ImageSource.of(synthetic(24, 48, 48));
        try (PretrainLoader serial = PretrainLoader.builder(src, 32, 6).seed(7).workers(0).build();
                PretrainLoader parallel = PretrainLoader.builder(src, 32, 6).seed(7).workers(2).prefetch(3).build()) {
            for (int epoch = 0; epoch < 2; epoch++) {
                List<PretrainBatch> a = new ArrayList<>();
                List<PretrainBatch> b = new ArrayList<>();
                serial.epoch(epoch).forEach(a::add);
                parallel.epoch(epoch).forEach(b::add);
                assertEquals(a.size(), 4);
                for (int i = 0; i < a.size(); i++) {
                    assertSameBatch(a.get(i), b.get(i));
                }
            }
            assertFalse(Arrays.equals(serial.order(0), serial.order(1)), "each epoch has its own order");
            try (PretrainLoader other = PretrainLoader.builder(src, 32, 6).seed(8).workers(0).build()) {
                assertNotEquals(floats(other.batch(0, 0).view1()), floats(serial.batch(0, 0).view1()));
            }
        }
    }

    @Test
    public void aRunResumedAtABatchGetsTheSameBatches() {
        ImageSource src = ImageSource.of(synthetic(20, 40, 40));
        try (PretrainLoader loader = PretrainLoader.builder(src, 24, 4).seed(3).build()) {
            List<PretrainBatch> full = new ArrayList<>();
            loader.epoch(2).forEach(full::add);
            List<PretrainBatch> resumed = new ArrayList<>();
            loader.epoch(2, 3).forEach(resumed::add);
            assertEquals(resumed.size(), 2);
            assertSameBatch(resumed.get(0), full.get(3));
            assertSameBatch(resumed.get(1), full.get(4));
            assertSameBatch(loader.batch(2, 1), full.get(1));
        }
    }

    @Test
    public void targetIsTheGrayFirstCropAndFlipsOnlyWhenAsked() {
        List<Image2d> imgs = synthetic(8, 50, 50);
        for (boolean flipTarget : new boolean[] {false, true}) {
            try (PretrainLoader loader = PretrainLoader.builder(ImageSource.of(imgs), 32, 8).seed(5)
                    .flipTarget(flipTarget).workers(0).build()) {
                PretrainBatch b = loader.batch(0, 0);
                float[] t = floats(b.target());
                for (int k = 0; k < 8; k++) {
                    TwoViewAugmentation.Params p = b.params().get(k);
                    Image2d crop1 = RandomResizedCrop.dira(32).apply(imgs.get(b.indices()[k]), p.view1().crop());
                    if (flipTarget && p.view1().flip().flip()) {
                        crop1 = crop1.flipHorizontal();
                    }
                    float[] expected = crop1.data();
                    assertTrue(Arrays.equals(Arrays.copyOfRange(t, k * 1024, (k + 1) * 1024), expected),
                            "target of sample " + k + " (flipTarget " + flipTarget + ")");
                }
            }
        }
        try (PretrainLoader plain = PretrainLoader.builder(ImageSource.of(imgs), 32, 8).distort(false).workers(0)
                .build()) {
            PretrainBatch b = plain.batch(0, 0);
            assertNull(b.target());
            assertNull(b.params().get(0).view1().distortion());
        }
    }

    @Test
    public void aWorkerFailureSurfacesOnTheConsumerNamingTheFile() throws IOException {
        Path dir = Files.createTempDirectory("pretrain-bad");
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            files.add(PngFixtures.gray8(dir, "img" + i + ".png", 20, 20, i));
        }
        Path broken = dir.resolve("broken.png");
        Files.writeString(broken, "not an image");
        files.add(broken);
        try (PretrainLoader loader = PretrainLoader.builder(ImageSource.ofPngs(files, 1, false), 16, 2).seed(1)
                .workers(2).build()) {
            DataLoadingException e = expectThrows(DataLoadingException.class, () -> {
                try (PrefetchIterator<PretrainBatch> it = loader.epoch(0)) {
                    while (it.hasNext()) {
                        it.next();
                    }
                }
            });
            assertTrue(e.getMessage().contains(broken.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("not a PNG"), e.getMessage());
        }
    }

    @Test
    public void closeStopsTheWorkersAndOpenIteratorsFailInsteadOfHanging() {
        ImageSource src = ImageSource.of(synthetic(40, 40, 40));
        PretrainLoader loader = PretrainLoader.builder(src, 32, 2).workers(2).prefetch(4).build();
        PrefetchIterator<PretrainBatch> it = loader.epoch(0);
        it.next();
        loader.close();
        // The pool has terminated when close() returns; a worker thread may take a moment more to exit.
        Set<String> workers = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("dira-pretrain-prefetch")) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                if (t.isAlive()) {
                    workers.add(t.getName() + " " + Arrays.toString(t.getStackTrace()));
                }
            }
        }
        assertTrue(workers.isEmpty(), "workers still alive: " + workers);
        expectThrows(DataLoadingException.class, () -> {
            while (it.hasNext()) {
                it.next();
            }
        });
    }

    @Test
    public void realNih1000TrainImagesGiveSensibleBatches() throws IOException {
        ChestXray14 cxr = ChestXray14.open(DataRoot.dataset("chestxray14_nih1000"));
        List<ImageRecord> train = cxr.split().train();
        try (PretrainLoader loader = PretrainLoader.builder(ImageSource.ofRecords(train, 1, true), 64, 32).seed(0)
                .build()) {
            assertEquals(loader.batchesPerEpoch(), train.size() / 32);
            PretrainBatch b;
            try (PrefetchIterator<PretrainBatch> it = loader.epoch(0)) {
                b = it.next();
            }
            assertEquals(b.view1().shape(), new long[] {32, 3, 64, 64});
            double targetMean = b.target().meanNumber().doubleValue();
            assertTrue(targetMean > 0.3 && targetMean < 0.8, "chest X-ray crops are mid-gray on average: "
                    + targetMean);
            double max = b.view1().maxNumber().doubleValue();
            double min = b.view1().minNumber().doubleValue();
            assertTrue(min >= 0 && max <= 1 && max > 0.5, min + ".." + max);
            long distorted = b.params().stream()
                    .filter(p -> p.view1().distortion().mode() != RestorationDistortion2d.Mode.IDENTITY).count();
            assertTrue(distorted > 10 && distorted < 32, "about 65 % of views are distorted: " + distorted);
        }
    }
}
