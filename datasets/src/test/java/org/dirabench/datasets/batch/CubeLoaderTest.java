package org.dirabench.datasets.batch;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotEquals;
import static org.testng.Assert.assertNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;
import org.dirabench.datasets.tasks.Candidate;
import org.dirabench.datasets.tasks.CubeShape;
import org.dirabench.datasets.tasks.IntensityWindow;
import org.dirabench.datasets.tasks.MaskReader;
import org.dirabench.datasets.tasks.MaskedVolume;
import org.dirabench.datasets.tasks.VolumeReader;
import org.dirabench.datasets.tasks.VolumeRegion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

/** The cube loader on phantom volumes held in memory. */
public class CubeLoaderTest {
    private static final int NX = 13;
    private static final int NY = 11;
    private static final int NZ = 9;
    /** value(x, y, z) = x + 20 y + 400 z, so a voxel's value names its position. */
    private static final IntensityWindow RAW = new IntensityWindow(0, 1 << 20);

    private static VolumeReader phantom(String name) {
        float[] v = new float[NX * NY * NZ];
        for (int z = 0; z < NZ; z++) {
            for (int y = 0; y < NY; y++) {
                for (int x = 0; x < NX; x++) {
                    v[(z * NY + y) * NX + x] = x + 20 * y + 400 * z;
                }
            }
        }
        double[][] id = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        return VolumeReader.of(new Volume(VoxelGrid.of(NX, NY, NZ, new double[] {1, 1, 2}, new double[3], id,
                VoxelGrid.Frame.LPS), v), name);
    }

    /** Mask: the box x 4..7, y 3..5, z 2..4. */
    private static MaskReader box(String name) {
        BitSet b = new BitSet();
        for (int z = 2; z <= 4; z++) {
            for (int y = 3; y <= 5; y++) {
                for (int x = 4; x <= 7; x++) {
                    b.set((z * NY + y) * NX + x);
                }
            }
        }
        return MaskReader.of(b, NX, NY, NZ, name);
    }

    private static int decode(float windowed) {
        return Math.round(windowed * (1 << 20));
    }

    @Test
    public void aCentredCubeHoldsTheVoxelsAroundItsCandidateAndZeroOutside() {
        VolumeReader vol = phantom("ct");
        List<Candidate> cands = List.of(new Candidate("c0", "p", vol, new double[] {6.2, 5, 4}, null, 1f),
                new Candidate("c1", "p", vol, new double[] {0, 0, 0}, null, 0f));
        CubeShape s = new CubeShape(4, 6, 8); // D, H, W
        try (CubeLoader l = CubeLoader.candidates(cands, RAW, s, 2, CubeLoader.Mode.EVAL).workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            assertEquals(b.cubes().shape(), new long[] {2, 1, 4, 6, 8});
            assertEquals(b.labels().shape(), new long[] {2, 1});
            assertEquals(b.labels().getFloat(0, 0), 1f);
            assertNull(b.masks());
            assertNull(b.weights());
            // round(6.2) - 8/2 = 2, 5 - 3 = 2, 4 - 2 = 2.
            assertEquals(b.origins()[0], new int[] {2, 2, 2});
            INDArray c = b.cubes();
            assertEquals(decode(c.getFloat(0, 0, 0, 0, 0)), 2 + 20 * 2 + 400 * 2);
            assertEquals(decode(c.getFloat(0, 0, 3, 5, 7)), 9 + 20 * 7 + 400 * 5);
            // Candidate at the corner: the part outside the volume is 0.
            assertEquals(b.origins()[1], new int[] {-4, -3, -2});
            assertEquals(c.getFloat(1, 0, 0, 0, 0), 0f);
            assertEquals(c.getFloat(1, 0, 1, 2, 3), 0f, "x = -1 is outside");
            assertEquals(decode(c.getFloat(1, 0, 2, 3, 4)), 0);
            assertEquals(decode(c.getFloat(1, 0, 3, 5, 7)), 3 + 20 * 2 + 400);
        }
    }

    @Test
    public void theCtWindowClipsHounsfieldUnitsToMinus1000Plus1000() {
        IntensityWindow w = IntensityWindow.CT;
        assertEquals(w.apply(-2048f), 0f);
        assertEquals(w.apply(-1000f), 0f);
        assertEquals(w.apply(0f), 0.5f);
        assertEquals(w.apply(500f), 0.75f);
        assertEquals(w.apply(3071f), 1f);
        assertEquals(IntensityWindow.MRI.apply(1000f), 0.25f);
        assertEquals(IntensityWindow.MRI.apply(15462f), 1f);
        assertEquals(new CubeShape(32, 64, 64), CubeShape.MODELS_GENESIS);
        assertEquals(CubeShape.MODELS_GENESIS.scaled(2), new CubeShape(16, 32, 32), "mini");
        assertEquals(CubeShape.MODELS_GENESIS.scaled(4), new CubeShape(8, 16, 16), "smoke");
    }

    private static List<Candidate> grid(VolumeReader vol) {
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add(new Candidate("c" + i, "p" + (i % 3), vol, new double[] {i % NX, (i * 3) % NY, i % NZ}, null,
                    i % 2));
        }
        return out;
    }

    @Test
    public void trainingBatchesAreSeededAndIdenticalForAnyNumberOfWorkers() {
        VolumeReader vol = phantom("ct");
        CubeShape s = new CubeShape(4, 4, 4);
        List<float[]> runs = new ArrayList<>();
        for (int workers : new int[] {0, 2}) {
            try (CubeLoader l = CubeLoader.candidates(grid(vol), RAW, s, 4, CubeLoader.Mode.TRAIN).seed(9).jitter(2)
                    .flips(true).workers(workers).build()) {
                List<Float> all = new ArrayList<>();
                try (PrefetchIterator<CubeBatch> it = l.epoch(1)) {
                    for (CubeBatch b : it) {
                        for (float f : b.cubes().data().asFloat()) {
                            all.add(f);
                        }
                        for (int k = 0; k < b.size(); k++) {
                            all.add((float) b.samples()[k]);
                        }
                    }
                }
                float[] a = new float[all.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = all.get(i);
                }
                runs.add(a);
            }
        }
        assertEquals(runs.get(0), runs.get(1));
        try (CubeLoader l = CubeLoader.candidates(grid(vol), RAW, s, 4, CubeLoader.Mode.TRAIN).seed(9).jitter(2)
                .flips(true).workers(0).build()) {
            CubeBatch e0 = l.batch(0, 0);
            CubeBatch e1 = l.batch(1, 0);
            assertNotEquals(e0.cubes().data().asFloat(), e1.cubes().data().asFloat(), "a new epoch draws again");
            // Jitter stays within ±2 voxels of the centred origin; flips are recorded.
            for (int k = 0; k < e0.size(); k++) {
                double[] c = grid(vol).get(e0.samples()[k]).voxel();
                for (int a = 0; a < 3; a++) {
                    int centred = (int) Math.floor(c[a] + 0.5) - 2;
                    assertTrue(Math.abs(e0.origins()[k][a] - centred) <= 2, "jitter " + a);
                }
            }
        }
    }

    @Test
    public void flipsMirrorImageMaskAndWeightsTogether() throws java.io.IOException {
        MaskedVolume mv = new MaskedVolume("v", "p", phantom("ct"), box("m"), new VolumeRegion(0, 0, 0, 9, 11, 9),
                List.of(new double[] {6, 4, 3}, new double[] {11, 1, 8}));
        CubeShape s = new CubeShape(3, 4, 5);
        try (CubeLoader l = CubeLoader.segmentation(List.of(mv), RAW, s, 2, CubeLoader.Mode.TRAIN).flips(true)
                .jitter(1).seed(5).workers(0).build()) {
            int flipped = 0;
            for (int e = 0; e < 6; e++) {
                CubeBatch b = l.batch(e, 0);
                for (int k = 0; k < b.size(); k++) {
                    int[] o = b.origins()[k];
                    boolean[] f = b.flips()[k];
                    flipped += f[0] ? 1 : 0;
                    for (int z = 0; z < 3; z++) {
                        for (int y = 0; y < 4; y++) {
                            for (int x = 0; x < 5; x++) {
                                int vx = o[0] + (f[0] ? 4 - x : x);
                                int vy = o[1] + (f[1] ? 3 - y : y);
                                int vz = o[2] + (f[2] ? 2 - z : z);
                                boolean in = vx >= 0 && vx < NX && vy >= 0 && vy < NY && vz >= 0 && vz < NZ;
                                float img = b.cubes().getFloat(k, 0, z, y, x);
                                assertEquals(in ? decode(img) : (int) img, in ? vx + 20 * vy + 400 * vz : 0);
                                boolean m = in && vx >= 4 && vx <= 7 && vy >= 3 && vy <= 5 && vz >= 2 && vz <= 4;
                                assertEquals(b.masks().getFloat(k, 0, z, y, x), m ? 1f : 0f);
                                assertEquals(b.weights().getFloat(k, 0, z, y, x), in && vx < 9 ? 1f : 0f);
                            }
                        }
                    }
                }
            }
            assertTrue(flipped > 0 && flipped < 12, "x flipped in " + flipped + " of 12 cubes");
        }
    }

    @Test
    public void evaluationTilesCoverEveryVoxelOfTheRegionExactlyOnce() throws java.io.IOException {
        VolumeReader vol = phantom("ct");
        MaskedVolume mv = new MaskedVolume("v", "p", vol, box("m"), new VolumeRegion(1, 0, 2, 13, 11, 8),
                List.of());
        CubeShape s = new CubeShape(4, 4, 5);
        try (CubeLoader l = CubeLoader.segmentation(List.of(mv), RAW, s, 7, CubeLoader.Mode.EVAL).workers(0)
                .build()) {
            assertEquals(l.sampleCount(), 3 * 3 * 2, "ceil(12/5) x ceil(11/4) x ceil(6/4)");
            int[] owned = new int[NX * NY * NZ];
            int maskVoxels = 0;
            for (int bi = 0; bi < l.batchesPerEpoch(); bi++) {
                CubeBatch b = l.batch(0, bi);
                assertNull(b.labels());
                for (int k = 0; k < b.size(); k++) {
                    int[] o = b.origins()[k];
                    for (int z = 0; z < 4; z++) {
                        for (int y = 0; y < 4; y++) {
                            for (int x = 0; x < 5; x++) {
                                float wgt = b.weights().getFloat(k, 0, z, y, x);
                                if (wgt == 1f) {
                                    int vx = o[0] + x;
                                    int vy = o[1] + y;
                                    int vz = o[2] + z;
                                    owned[(vz * NY + vy) * NX + vx]++;
                                    maskVoxels += (int) b.masks().getFloat(k, 0, z, y, x);
                                    assertEquals(decode(b.cubes().getFloat(k, 0, z, y, x)), vx + 20 * vy + 400 * vz);
                                }
                            }
                        }
                    }
                }
            }
            for (int z = 0; z < NZ; z++) {
                for (int y = 0; y < NY; y++) {
                    for (int x = 0; x < NX; x++) {
                        boolean in = x >= 1 && z >= 2 && z < 8;
                        assertEquals(owned[(z * NY + y) * NX + x], in ? 1 : 0, "voxel " + x + "," + y + "," + z);
                    }
                }
            }
            assertEquals(maskVoxels, 4 * 3 * 3, "the whole mask box lies in the region");
        }
    }

    @Test
    public void randomTrainingCropsLandOnTheMaskAsOftenAsAsked() throws java.io.IOException {
        MaskedVolume mv = new MaskedVolume("v", "p", phantom("ct"), box("m"));
        CubeShape s = new CubeShape(2, 2, 2);
        try (CubeLoader l = CubeLoader.segmentation(List.of(mv), RAW, s, 50, CubeLoader.Mode.TRAIN)
                .cropsPerVolume(50).foregroundFraction(1.0).seed(3).workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            for (int k = 0; k < b.size(); k++) {
                // The centre voxel (1, 1, 1) of each 2x2x2 cube is a mask voxel.
                assertEquals(b.masks().getFloat(k, 0, 1, 1, 1), 1f, "cube " + k);
            }
        }
        try (CubeLoader l = CubeLoader.segmentation(List.of(mv), RAW, s, 200, CubeLoader.Mode.TRAIN)
                .cropsPerVolume(200).foregroundFraction(0.0).seed(3).workers(0).build()) {
            CubeBatch b = l.batch(0, 0);
            double frac = b.masks().sumNumber().doubleValue() / (200.0 * 8);
            assertTrue(frac < 0.2, "uniform crops hit the 36-voxel mask rarely: " + frac);
        }
    }

    @Test
    public void precutReadsEachVolumeOnceAndBankedCubesEqualFreshCuts() {
        VolumeReader a = phantom("a");
        VolumeReader b = phantom("b");
        List<Candidate> cands = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            cands.add(new Candidate("c" + i, "p", i % 2 == 0 ? a : b, new double[] {i, i % NY, i % NZ}, null, 0f));
        }
        CubeShape s = new CubeShape(4, 4, 4);
        try (CubeLoader banked = CubeLoader.candidates(cands, RAW, s, 12, CubeLoader.Mode.TRAIN).jitter(1)
                .flips(true).cachedVolumes(1).workers(0).build();
                CubeLoader fresh = CubeLoader.candidates(cands, RAW, s, 12, CubeLoader.Mode.TRAIN).jitter(1)
                        .flips(true).bank(false).cachedVolumes(1).workers(0).build()) {
            assertEquals(banked.volumeCount(), 2);
            banked.precut();
            assertEquals(banked.volumeReads(), 2, "one read per volume in volume order");
            assertEquals(banked.batch(3, 0).cubes().data().asFloat(), fresh.batch(3, 0).cubes().data().asFloat());
            assertEquals(banked.volumeReads(), 2, "later epochs come from the bank");
        }
    }

    @Test
    public void aVolumeThatCannotBeReadIsNamedInTheError() {
        VolumeReader missing = new org.dirabench.datasets.tasks.VolumeFile(java.nio.file.Path.of(
                "/nonexistent/subset3/1.2.3.mhd"));
        List<Candidate> cands = List.of(new Candidate("c", "p", missing, new double[3], null, 0f));
        try (CubeLoader l = CubeLoader.candidates(cands, IntensityWindow.CT, new CubeShape(2, 2, 2), 1,
                CubeLoader.Mode.EVAL).workers(0).build()) {
            DataLoadingException e = expectThrows(DataLoadingException.class, () -> l.batch(0, 0));
            assertTrue(e.getMessage().contains("/nonexistent/subset3/1.2.3.mhd"), e.getMessage());
        }
    }
}
