package org.nd4j.nativeblas;

/**
 * Compatibility shim that lets DL4J 1.0.0-M2.1 find out whether oneDNN is on.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper#mklDnnEnabled()} looks up
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment#isUseMKLDNN()} by reflection. In M2.1 that class moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} and the method became {@code isUseONEDNN()}, so
 * the lookup fails and every convolution and batch-norm layer silently falls back to the slow built-in path
 * (DL4J-NOTES.md §1). This class restores the old name and forwards to the new one, by reflection so that it also
 * compiles and loads under the CUDA backend (where it answers {@code false}).
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Stand-in for the environment singleton under its pre-M2.1 name. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        /** @return the singleton, as the old binding had it */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /** @return whether the loaded native build uses oneDNN; {@code false} when there is no CPU backend */
        public boolean isUseMKLDNN() {
            try {
                Class<?> c = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object env = c.getMethod("getInstance").invoke(null);
                return (Boolean) c.getMethod("isUseONEDNN").invoke(env);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
