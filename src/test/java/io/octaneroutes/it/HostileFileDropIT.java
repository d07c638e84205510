package io.octaneroutes.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.octaneroutes.journal.Journal;

/**
 * The file drop against what a file system can hold besides request files (issue 12, items 3
 * and 6): FIFOs, links to devices and out of the folder, sparse and huge files, names too long
 * for the read lock, hidden files, files that keep growing. Each is refused with a reason or
 * reported once, none blocks or loops the consumer, and a valid request dropped after it runs.
 */
class HostileFileDropIT {
    static LogCapture log;
    static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        log = LogCapture.warnings("hostile-files");
        app = TestApp.start(Map.of("octane.simulator.esim-stock", "50", "intake.file.hidden-check-interval", "2s"));
        Files.createDirectories(app.inbox());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        log.close();
    }

    @Test
    void fifosDevicesAndLinksAreRefusedWithoutBeingOpened() throws Exception {
        Path inbox = app.inbox();
        Path outside = app.dir().resolve("outside.json");
        Files.writeString(outside, TestApp.esimRequest("h-link-out", 554433, 23371, false));
        assertThat(new ProcessBuilder("mkfifo", inbox.resolve("z.json").toString()).start().waitFor()).isZero();
        Files.createSymbolicLink(inbox.resolve("zero.json"), Path.of("/dev/zero"));
        Files.createSymbolicLink(inbox.resolve("link-out.json"), outside);
        Files.createSymbolicLink(inbox.resolve("dangling.json"), app.dir().resolve("nowhere.json"));
        app.dropFile("after-fifo.json", TestApp.esimRequest("after-fifo", 554433, 23371, false));

        assertThat(app.awaitFinal("after-fifo", Duration.ofSeconds(30))).as("the FIFO blocks nothing").isEqualTo(Journal.COMPLETED);
        Path error = inbox.resolve("error");
        Map<String, String> expected = Map.of("z.json", "a FIFO, socket or device", "zero.json", "a symbolic link",
                "link-out.json", "a symbolic link", "dangling.json", "a symbolic link");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            Path reason = error.resolve(e.getKey() + ".reason");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(reason));
            assertThat(Files.readString(reason)).as(e.getKey()).contains("not read: this is " + e.getValue())
                    .contains("only regular files inside the intake folder are read");
        }
        assertThat(Files.isSymbolicLink(error.resolve("zero.json"))).as("the link itself moved, not what it points at").isTrue();
        assertThat(Files.readString(outside)).as("the file outside the folder is untouched").contains("h-link-out");
        assertThat(app.journal().find("h-link-out")).isEmpty();
        stillServing("after-links");
    }

    @Test
    void hugeAndSparseFilesAreRefusedByTheirLengthWithoutBeingRead() throws Exception {
        Path sparse = app.dir().resolve("sparse.tmp");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(3L * 1024 * 1024 * 1024);
        }
        Files.move(sparse, app.inbox().resolve("sparse.json"));
        Path big = app.dir().resolve("big.tmp");
        Files.write(big, ("{\"requestId\":\"h-big\",\"pad\":\"" + "x".repeat(600_000) + "\"}").getBytes(StandardCharsets.UTF_8));
        Files.move(big, app.inbox().resolve("big.json"));

        Path error = app.inbox().resolve("error");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(error.resolve("sparse.json.reason")) && Files.exists(error.resolve("big.json.reason")));
        assertThat(Files.readString(error.resolve("sparse.json.reason"))).contains("file is 3221225472 bytes; the limit is 262144 (intake.max-bytes); it was not read");
        assertThat(Files.readString(error.resolve("big.json.reason"))).contains("the limit is 262144 (intake.max-bytes); it was not read");
        assertThat(Files.size(error.resolve("sparse.json"))).as("kept as it came").isEqualTo(3L * 1024 * 1024 * 1024);
        stillServing("after-sparse");
    }

    @Test
    void namesTooLongForTheReadLockAreRefusedOnceAndDoNotLoop() throws Exception {
        List<String> names = new ArrayList<>();
        for (int length : new int[] {246, 250, 255}) {
            names.add("n".repeat(length - ".json".length()) + ".json");
        }
        names.add("\u00e9".repeat(123) + ".json"); // 251 bytes in UTF-8, 128 characters
        for (String name : names) {
            Path tmp = app.dir().resolve("long.tmp");
            Files.writeString(tmp, TestApp.esimRequest("h-long", 554433, 23371, false));
            Files.move(tmp, app.inbox().resolve(name));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> names.stream().noneMatch(n -> Files.exists(app.inbox().resolve(n))));
        List<String> reasons = new ArrayList<>();
        try (Stream<Path> files = Files.list(app.inbox().resolve("error"))) {
            for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".reason")).toList()) {
                String text = Files.readString(p);
                if (text.contains("names up to 245 bytes are read")) {
                    reasons.add(text);
                    assertThat(p.getFileName().toString().getBytes(StandardCharsets.UTF_8).length).as("archive name fits").isLessThanOrEqualTo(255);
                    assertThat(Files.exists(Path.of(p.toString().replaceAll("\\.reason$", "")))).isTrue();
                }
            }
        }
        assertThat(reasons).hasSize(names.size());
        assertThat(reasons).anyMatch(r -> r.startsWith("file name is 246 bytes")).anyMatch(r -> r.startsWith("file name is 251 bytes"));
        assertThat(app.journal().find("h-long")).isEmpty();
        stillServing("after-long-names");
        assertThat(log.lines("names up to 245 bytes are read")).as("one WARN per file, no loop").isEqualTo(names.size());
    }

    @Test
    void aHiddenFileIsReportedOnceNotIgnoredSilently() throws Exception {
        Files.writeString(app.inbox().resolve(".hidden-x.json"), TestApp.esimRequest("h-hidden", 554433, 23371, false));
        await().atMost(Duration.ofSeconds(15)).until(() -> log.lines("hidden file .hidden-x.json", "never read") == 1);
        // the check runs every 2 s here (intake.file.hidden-check-interval): over two more rounds, still the one line
        await().during(Duration.ofMillis(4500)).atMost(Duration.ofSeconds(10)).until(() -> log.lines("hidden file .hidden-x.json") == 1);
        assertThat(app.journal().find("h-hidden")).isEmpty();
    }

    @Test
    void filesThatKeepGrowingDoNotHoldTheOthersBack() throws Exception {
        AtomicBoolean growing = new AtomicBoolean(true);
        Thread writer = new Thread(() -> {
            try {
                while (growing.get()) {
                    for (int i = 0; i < 5; i++) {
                        Files.writeString(app.inbox().resolve("grow-" + i + ".json"), " ", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                    Thread.sleep(200);
                }
            } catch (Exception e) {
                // the test's own assertions say what went wrong
            }
        });
        writer.start();
        try {
            // the five have been growing for about a second (several polls) before the others come
            await().atMost(Duration.ofSeconds(10)).until(() -> Stream.of(0, 1, 2, 3, 4)
                    .allMatch(i -> app.inbox().resolve("grow-" + i + ".json").toFile().length() >= 5));
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) {
                app.dropFile("meanwhile-" + i + ".json", TestApp.esimRequest("meanwhile-" + i, 554433, 23371, false));
            }
            for (int i = 0; i < 5; i++) {
                int n = i;
                await().atMost(Duration.ofSeconds(8)).until(() -> app.journal().find("meanwhile-" + n).isPresent());
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("FILE-DROP: 5 files accepted in " + millis + " ms while 5 others kept growing");
            assertThat(millis).isLessThan(8_000);
        } finally {
            growing.set(false);
            writer.join();
        }
        for (int i = 0; i < 5; i++) {
            assertThat(app.awaitFinal("meanwhile-" + i, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
        }
    }

    private static void stillServing(String id) throws Exception {
        app.dropFile(id + ".json", TestApp.esimRequest(id, 554433, 23371, false));
        assertThat(app.awaitFinal(id, Duration.ofSeconds(60))).isEqualTo(Journal.COMPLETED);
    }
}
