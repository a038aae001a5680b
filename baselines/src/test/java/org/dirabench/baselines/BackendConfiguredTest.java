package org.dirabench.baselines;

import static org.testng.Assert.assertEquals;

import org.dirabench.datasets.backend.NativeBackend;
import org.testng.annotations.Test;

public class BackendConfiguredTest {
    @Test
    public void testJarListenerConfiguredTheBackend() {
        assertEquals(System.getProperty(NativeBackend.HELPERS_PROPERTY), "false");
        assertEquals(System.getProperty(NativeBackend.EXTENSION_PROPERTY),
                NativeBackend.extensionFor(NativeBackend.cpuFlags(java.nio.file.Path.of("/proc/cpuinfo"))));
    }
}
