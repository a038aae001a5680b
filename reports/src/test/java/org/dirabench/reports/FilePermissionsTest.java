package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertFalse;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Report files get the permissions the process's umask allows, like any file a program creates: readable by group and
 * others under umask 022 (colleagues sharing a run folder can read the report), private under umask 077. Checked on
 * the POSIX permissions of files written in this JVM and in child JVMs started under a set umask.
 */
public class FilePermissionsTest {
    private Path work;

    @BeforeClass
    public void posixOnly() throws IOException {
        work = FixtureRun.tempDir("permissions");
        if (!Files.getFileStore(work).supportsFileAttributeView("posix")) {
            throw new SkipException("not a POSIX file system: permissions are not tested");
        }
    }

    @Test
    public void aWrittenFileHasTheUmasksPermissions() throws Exception {
        int umask = Integer.parseInt(run(List.of("sh", "-c", "umask")).strip(), 8);
        Path f = work.resolve("same-jvm").resolve("index.html");
        AtomicFiles.writeString(f, "<!DOCTYPE html>\n");
        AtomicFiles.writeString(f, "<!DOCTYPE html>\n<p>replaced</p>\n");
        assertEquals(mode(Files.getPosixFilePermissions(f)), 0666 & ~umask, "umask " + Integer.toOctalString(umask)
                + ", file " + PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(s.map(p -> p.getFileName().toString()).toList(), List.of("index.html"),
                    "temporary files left");
        }
    }

    @Test
    public void underUmask022EveryReportFileIsReadableByGroupAndOthers() throws Exception {
        Path run = FixtureRun.create(work.resolve("mini-fixture"), "fixtures/mini-results.csv", id -> false);
        child("022", "report", run);
        Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-r--r--");
        Set<PosixFilePermission> dir = PosixFilePermissions.fromString("rwxr-xr-x");
        assertEquals(Files.getPosixFilePermissions(run.resolve("results.csv")), file, "results.csv");
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(run.resolve("report"))) {
            s.forEach(all::add);
        }
        assertTrue(all.size() > 20, "report files: " + all);
        for (Path p : all) {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            assertEquals(perms, Files.isDirectory(p) ? dir : file, p + " is "
                    + PosixFilePermissions.toString(perms));
            assertTrue(perms.containsAll(EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ)));
            assertFalse(p.getFileName().toString().endsWith(".tmp"), "temporary file left: " + p);
        }
    }

    @Test
    public void underUmask077TheFileStaysPrivate() throws Exception {
        Path f = work.resolve("private").resolve("report.md");
        child("077", "file", f);
        assertEquals(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), "rw-------",
                "the umask is honoured, not overridden");
    }

    private static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 1 << (8 - p.ordinal());
        }
        return m;
    }

    /** Runs {@link UmaskChild} in a new JVM under {@code umask}. */
    private void child(String umask, String what, Path path) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        run(List.of("sh", "-c", "umask " + umask + " && exec \"$0\" -Djava.awt.headless=true -cp \"$1\" "
                + UmaskChild.class.getName() + " \"$2\" \"$3\"", java, cp, what, path.toString()));
    }

    private String run(List<String> cmd) throws Exception {
        Path out = Files.createTempFile(work, "child", ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("child did not finish: " + cmd);
        }
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(p.exitValue(), 0, "child failed: " + cmd + "\n" + text);
        return text;
    }
}
