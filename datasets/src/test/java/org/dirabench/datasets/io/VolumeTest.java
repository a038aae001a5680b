package org.dirabench.datasets.io;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.expectThrows;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.testng.annotations.Test;

public class VolumeTest {

    private static Volume ramp() {
        VoxelGrid g = VoxelGrid.of(4, 3, 2, new double[] {0.5, 0.7, 2.5}, new double[] {-10, 20, 30},
                new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, VoxelGrid.Frame.LPS);
        float[] d = new float[24];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return new Volume(g, d);
    }

    @Test
    public void xIsFastestAndNdArrayIsZyx() {
        Volume v = ramp();
        assertEquals(v.get(3, 0, 0), 3f);
        assertEquals(v.get(0, 1, 0), 4f);
        assertEquals(v.get(0, 0, 1), 12f);
        assertEquals(v.grid().index(2, 1, 1), 18);
        INDArray a = v.toNdArray();
        assertEquals(a.shape(), new long[] {2, 3, 4});
        assertEquals(a.getFloat(1, 1, 2), 18f);
        expectThrows(IndexOutOfBoundsException.class, () -> v.get(4, 0, 0));
        expectThrows(IllegalArgumentException.class, () -> v.withData(new float[5]));
    }

    @Test
    public void framesDifferInTheSignOfTheFirstTwoAxes() {
        VoxelGrid lps = ramp().grid();
        VoxelGrid ras = lps.inFrame(VoxelGrid.Frame.RAS);
        double[] w = lps.voxelToWorld(1, 2, 1);
        double[] r = ras.voxelToWorld(1, 2, 1);
        assertEquals(r, new double[] {-w[0], -w[1], w[2]});
        assertEquals(ras.spacing(), lps.spacing());
        assertEquals(ras.inFrame(VoxelGrid.Frame.LPS).affine(), lps.affine());
        assertEquals(lps.worldToVoxel(w[0], w[1], w[2])[1], 2.0, 1e-12);
    }

    @Test
    public void singularAffineIsReportedOnWorldToVoxel() {
        VoxelGrid g = new VoxelGrid(2, 2, 2, new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 0}},
                VoxelGrid.Frame.RAS);
        IllegalStateException e = expectThrows(IllegalStateException.class, () -> g.worldToVoxel(0, 0, 0));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        assertEquals(g.direction()[2][2], 0.0);
    }
}
