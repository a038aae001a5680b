package org.dirabench.datasets.tasks;

import java.io.IOException;
import org.dirabench.datasets.io.Volume;
import org.dirabench.datasets.io.VoxelGrid;

/**
 * A 3D image read on demand: from a file ({@link VolumeFile}) or already in memory ({@link #of}). Values are in the
 * source's units (Hounsfield units for CT, scanner units for MRI, [0, 1] for prepared cubes); the loader applies the
 * task's {@link IntensityWindow}. Implementations are immutable and thread-safe, and {@code equals} when they read
 * the same thing (loaders read each distinct volume once).
 */
public interface VolumeReader {
    /**
     * @return the volume
     * @throws IOException when it cannot be read; the message names the file and field
     */
    Volume read() throws IOException;

    /**
     * @return the voxel grid, from the header only where the format allows
     * @throws IOException as {@link #read()}
     */
    VoxelGrid grid() throws IOException;

    /** @return the file or a name, for messages */
    String describe();

    /**
     * @param volume a volume in memory
     * @param name its name for messages (identity: two readers are equal when their names are)
     * @return a reader returning it
     */
    static VolumeReader of(Volume volume, String name) {
        return new InMemory(volume, name);
    }

    /** A volume held in memory. @param volume the volume @param name its name */
    record InMemory(Volume volume, String name) implements VolumeReader {
        @Override
        public Volume read() {
            return volume;
        }

        @Override
        public VoxelGrid grid() {
            return volume.grid();
        }

        @Override
        public String describe() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof InMemory m && m.name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}
