package org.dirabench.datasets.backend;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.testng.annotations.Test;

public class NativeBackendTest {

    @Test
    public void choosesAvx512OnlyWithFoundationAndByteWordFlags() {
        assertEquals(NativeBackend.extensionFor(Set.of("avx2", "avx512f", "avx512bw")), "-onednn-avx512");
        assertEquals(NativeBackend.extensionFor(Set.of("avx2", "avx512f")), "-onednn-avx2");
        assertEquals(NativeBackend.extensionFor(Set.of("avx2")), "-onednn-avx2");
        assertEquals(NativeBackend.extensionFor(Set.of("sse4_2")), "");
    }

    @Test
    public void readsFlagsOfTheFirstProcessor() throws Exception {
        Path f = Files.createTempFile("cpuinfo", ".txt");
        Files.writeString(f, "processor\t: 0\nflags\t\t: fpu AVX2 avx512f\n\nprocessor\t: 1\nflags\t: fpu\n");
        assertEquals(NativeBackend.cpuFlags(f), Set.of("fpu", "avx2", "avx512f"));
        assertTrue(NativeBackend.cpuFlags(f.resolveSibling("missing-cpuinfo")).isEmpty());
    }

    @Test
    public void listenerHasConfiguredTheBackendBeforeTests() {
        assertEquals(System.getProperty(NativeBackend.HELPERS_PROPERTY), "false");
        assertTrue(System.getProperty(NativeBackend.EXTENSION_PROPERTY) != null,
                "ConfigureBackendListener should have run before the tests");
    }
}
