package org.dirabench.reports;

import static org.testng.Assert.assertEquals;
import static org.testng.Assert.assertNotNull;
import static org.testng.Assert.assertTrue;
import static org.testng.Assert.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.testng.SkipException;
import org.testng.annotations.BeforeClass;
import org.testng.annotations.Test;

/**
 * Looks at the report as a reader does: renders {@code index.html} in headless Chromium (Debian package
 * {@code chromium}), checks the screenshot is not blank, and checks in the browser that every image loaded
 * ({@code naturalWidth > 0}). The report folder is first moved elsewhere, so the check also proves it is
 * self-contained.
 *
 * <p>Without Chromium the test fails, unless {@code -Ddira.browser.unavailable=true} says the browser is absent on
 * purpose, in which case it is skipped with a loud message. {@code -Ddira.chromium=/path} names the binary.
 * Screenshots are kept in {@code target/screenshots/} for a person to look at.
 */
public class ReportScreenshotTest {
    /** System property: set to true to skip (loudly) where no browser is installed on purpose. */
    public static final String UNAVAILABLE = "dira.browser.unavailable";
    private static final Pattern ATTR = Pattern.compile("data-(checked|images|broken)=\"([^\"]*)\"");

    private Path chromium;
    private Path work;

    @BeforeClass
    public void findChromium() throws IOException {
        String explicit = System.getProperty("dira.chromium");
        if (explicit != null && !explicit.isBlank()) {
            chromium = Path.of(explicit);
        } else {
            String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
            outer:
            for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
                for (String dir : path.split(File.pathSeparator)) {
                    Path p = Path.of(dir, name);
                    if (Files.isExecutable(p)) {
                        chromium = p;
                        break outer;
                    }
                }
            }
        }
        if (chromium == null || !Files.isExecutable(chromium)) {
            String msg = "headless Chromium not found (looked for chromium, chromium-browser, google-chrome on PATH"
                    + " and -Ddira.chromium). Install the Debian packages: apt-get install -y chromium fonts-dejavu-core"
                    + " fontconfig";
            if (Boolean.getBoolean(UNAVAILABLE)) {
                System.err.println("\n!!!!!!!!!! SKIPPING THE REPORT SCREENSHOT TEST: " + msg + " (-D" + UNAVAILABLE
                        + "=true) !!!!!!!!!!\n");
                throw new SkipException("SCREENSHOT TEST SKIPPED ON PURPOSE (-D" + UNAVAILABLE + "=true): " + msg);
            }
            fail(msg + "; or pass -D" + UNAVAILABLE + "=true to skip this test deliberately.");
        }
        work = FixtureRun.tempDir("screenshot");
    }

    @Test
    public void reportRendersWithEveryImageLoaded() throws Exception {
        Path run = FixtureRun.create(work.resolve("mini-fixture"), "fixtures/mini-results.csv", id -> false);
        ReportOutput out = ReportBuilder.build(run, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        // Move the report away from its run folder: it must not depend on anything outside itself.
        Path moved = work.resolve("moved-report");
        copyTree(out.dir(), moved);
        deleteTree(out.dir());
        String html = Files.readString(moved.resolve("index.html"));
        int expectedImages = count(html, "<img ");
        assertTrue(expectedImages >= 10, "too few images in the report: " + expectedImages);

        Path checked = moved.resolve("index-checked.html");
        Files.writeString(checked, html.replace("</body>", CHECK_SCRIPT + "</body>"), StandardCharsets.UTF_8);
        String dom = chromium(List.of("--dump-dom", checked.toUri().toString()), 1280, 2000);
        Matcher m = ATTR.matcher(dom);
        String state = null;
        String images = null;
        String broken = null;
        while (m.find()) {
            switch (m.group(1)) {
                case "checked" -> state = m.group(2);
                case "images" -> images = m.group(2);
                default -> broken = m.group(2);
            }
        }
        assertEquals(state, "yes", "the in-page image check did not run; DOM starts: " + head(dom));
        assertEquals(images, String.valueOf(expectedImages), "images seen by the browser");
        assertEquals(broken, "", "images that did not load: " + broken);

        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path top = shots.resolve("report-top.png");
        Path bars = shots.resolve("report-with-without.png");
        Path efficiency = shots.resolve("report-pretraining.png");
        screenshot(moved.resolve("index.html").toUri().toString(), top, 1280, 2400);
        screenshot(sectionOnly(moved, html, "with-without"), bars, 1280, 1600);
        screenshot(sectionOnly(moved, html, "pretraining"), efficiency, 1280, 1600);
        for (Path shot : List.of(top, bars, efficiency)) {
            assertNotBlank(shot);
        }
    }

    @Test
    public void failureBannerOfAnIncompleteRunIsShown() throws Exception {
        Path run = IncompleteRunFixture.partial(work.resolve("partial-fixture"));
        ReportOutput out = ReportBuilder.build(run, ReportOptions.defaults().withClock(ReportBuilderTest.FIXED));
        Path shots = Path.of("target", "screenshots");
        Files.createDirectories(shots);
        Path top = shots.resolve("report-failed-banner.png");
        Path jobs = shots.resolve("report-failed-jobs.png");
        screenshot(out.html().toUri().toString(), top, 1280, 1100);
        String html = Files.readString(out.html());
        screenshot(sectionOnly(out.dir(), html, "jobs"), jobs, 1280, 1100);
        for (Path shot : List.of(top, jobs)) {
            assertNotBlank(shot);
        }
        // the banner is red and at the top: sample the banner's left border colour (#b71c1c) in the top part
        BufferedImage img = ImageIO.read(top.toFile());
        boolean red = false;
        for (int y = 0; y < Math.min(img.getHeight(), 400) && !red; y++) {
            for (int x = 0; x < img.getWidth() && !red; x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                red = Math.abs((rgb >> 16) - 0xb7) < 12 && Math.abs(((rgb >> 8) & 0xFF) - 0x1c) < 12
                        && Math.abs((rgb & 0xFF) - 0x1c) < 12;
            }
        }
        assertTrue(red, "no red failure banner in the top 400 px of " + top);
    }

    @Test
    public void theImageCheckCatchesABrokenImage() throws Exception {
        Path page = work.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><h1>control</h1><img src=\"missing.png\">" + CHECK_SCRIPT
                + "</body></html>");
        String dom = chromium(List.of("--dump-dom", page.toUri().toString()), 800, 600);
        assertTrue(dom.contains("data-checked=\"yes\""), head(dom));
        assertTrue(dom.contains("data-broken=\"missing.png\""), "a missing image must be reported: " + head(dom));
    }

    private static final String CHECK_SCRIPT = "<script>window.addEventListener('load', function () {"
            + " var imgs = Array.prototype.slice.call(document.images);"
            + " var broken = imgs.filter(function (i) { return !i.complete || i.naturalWidth === 0; })"
            + ".map(function (i) { return i.getAttribute('src'); });"
            + " document.body.setAttribute('data-images', String(imgs.length));"
            + " document.body.setAttribute('data-broken', broken.join(' '));"
            + " document.body.setAttribute('data-checked', 'yes'); });</script>";

    /** @return the URL of a copy of the page that shows one section only (for a screenshot of it) */
    private static String sectionOnly(Path dir, String html, String id) throws IOException {
        Path p = dir.resolve("section-" + id + ".html");
        Files.writeString(p, html.replace("</style>", "main > *:not(#" + id + ") { display: none !important; }\n"
                + "</style>"), StandardCharsets.UTF_8);
        return p.toUri().toString();
    }

    private void screenshot(String url, Path png, int width, int height) throws Exception {
        Files.deleteIfExists(png);
        chromium(List.of("--screenshot=" + png.toAbsolutePath(), url), width, height);
        assertTrue(Files.isRegularFile(png), "Chromium wrote no screenshot " + png);
    }

    /** Non-blank: mostly light page with a fair share of ink, and many distinct colours (text, charts, badges). */
    private static void assertNotBlank(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is not a PNG");
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        long total = 0;
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (r + g + b < 600) {
                    ink++;
                }
                total++;
            }
        }
        double share = (double) ink / total;
        assertTrue(share > 0.02, png + " looks blank: " + share + " of pixels are not near-white");
        assertTrue(colours.size() > 64, png + " has only " + colours.size() + " colours");
    }

    private String chromium(List<String> args, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--virtual-time-budget=10000"));
        cmd.addAll(args);
        Path stdout = Files.createTempFile(work, "chromium", ".out");
        Path stderr = Files.createTempFile(work, "chromium", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("Chromium did not finish in 120 s: " + cmd + "\n" + Files.readString(stderr));
        }
        if (p.exitValue() != 0) {
            fail("Chromium exited with " + p.exitValue() + ": " + cmd + "\n" + Files.readString(stderr));
        }
        return Files.readString(stdout);
    }

    private static String head(String s) {
        return s.length() > 600 ? s.substring(0, 600) + "..." : s;
    }

    private static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
            n++;
        }
        return n;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.toList());
            java.util.Collections.reverse(all);
            for (Path p : all) {
                Files.delete(p);
            }
        }
    }
}
