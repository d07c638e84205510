package io.octaneroutes.intake;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file drop's own rules (issue 12, items 3, 6 and 8), where Camel's file consumer has no
 * option for them:
 * <ul>
 * <li><b>Only regular files are read</b>, checked without following links, and opened without
 * following them: a symbolic link (wherever it points, {@code /dev/zero} included), a FIFO, a
 * device is refused with a reason, never opened, so nothing can block the consumer in
 * {@code open()} or feed it an endless stream.</li>
 * <li><b>Sizes before reading</b>: a file longer than {@code intake.max-bytes} is refused by its
 * length, and the read itself stops at the limit, so a 3 GB sparse file costs nothing.</li>
 * <li><b>A file still being written is passed over</b> by the filter (modified in the last
 * {@value #SETTLE_MILLIS} ms), not waited for inside the read lock, so one file that keeps
 * growing holds no other back; one WARN when it is still growing after a minute.</li>
 * <li><b>Names</b>: names up to {@value #MAX_NAME_BYTES} bytes are read (the limit of the
 * marker-file lock this drop used before its lock moved to the database, kept as the contract;
 * the lock row's key holds it); a longer one is moved to {@code error/} under a shortened name
 * with a reason. A hidden {@code .x.json} is never read (Camel skips dot files): it gets one WARN
 * saying so.</li>
 * <li><b>Several instances</b> may read the folder: the read lock ({@link FileLocks}) gives each
 * file to one of them; a file this filter refuses may be moved by a peer's filter first, which is
 * not an error.</li>
 * <li><b>Nothing overwritten</b>: a name used before goes to {@code done/} or {@code error/} as
 * {@code x.2.json}, {@code x.3.json}, ... so both inputs are kept.</li>
 * </ul>
 */
public class FileIntake implements GenericFileFilter<File> {
    private static final Logger LOG = LoggerFactory.getLogger(FileIntake.class);
    /** A file unchanged for this long is complete; the route's readLockMinAge is the same. */
    public static final long SETTLE_MILLIS = 1000;
    /** Longest name read: 255 bytes less the 10 of the ".camelLock" marker the earlier lock wrote (the contract since). */
    public static final int MAX_NAME_BYTES = 255 - ".camelLock".length();
    /** Archive names are kept this short: the .reason file beside one must fit in 255 bytes as well. */
    private static final int MAX_ARCHIVE_NAME_BYTES = 200;
    private static final long WARN_GROWING_AFTER_MILLIS = 60_000;
    public static final String ERROR_NAME_HEADER = "OctaneErrorName";

    private final Path dir;
    private final int maxBytes;
    /** name → first time seen changing; bounded. */
    private final Map<String, Long> growing = new LinkedHashMap<>();
    private final Set<String> warned = new LinkedHashSet<>();

    public FileIntake(Path dir, int maxBytes) {
        this.dir = dir.toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
    }

    /** The consumer's filter: passes over files still being written and takes names too long for the read lock out of the way. */
    @Override
    public boolean accept(GenericFile<File> file) {
        Path path = Path.of(file.getAbsoluteFilePath());
        String name = path.getFileName().toString();
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return false; // gone meanwhile
        }
        if (attributes.isDirectory()) {
            return false; // done/, error/ and any other folder: not a request
        }
        int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (nameBytes > MAX_NAME_BYTES) {
            refuse(path, name, "file name is " + nameBytes + " bytes; names up to " + MAX_NAME_BYTES + " bytes are read");
            return false;
        }
        if (!attributes.isRegularFile()) {
            // before the read lock, which would follow a link: nothing of it is opened or waited for
            refuse(path, name, "not read: this is " + kind(attributes) + "; only regular files inside the intake folder are read");
            return false;
        }
        if (System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() < SETTLE_MILLIS) {
            noteGrowing(name);
            return false;
        }
        synchronized (growing) {
            growing.remove(name);
        }
        return true;
    }

    private static String kind(BasicFileAttributes attributes) {
        return attributes.isSymbolicLink() ? "a symbolic link" : attributes.isDirectory() ? "a directory"
                : attributes.isOther() ? "a FIFO, socket or device" : "not a regular file";
    }

    /**
     * The route's first step: the file's content as the body, or an {@link InvalidRequestException}
     * for a file that is not a regular one or is too large. Never follows a link, never reads
     * beyond the limit.
     */
    public void read(Exchange exchange) throws IOException {
        Path path = Path.of(exchange.getIn().getHeader(Exchange.FILE_PATH, String.class));
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attributes.isRegularFile()) {
            // the filter moves these away; this catches one swapped in after it looked
            throw new InvalidRequestException("not read: this is " + kind(attributes) + "; only regular files inside the intake folder are read");
        }
        if (attributes.size() > maxBytes) {
            throw new InvalidRequestException("file is " + attributes.size() + " bytes; the limit is " + maxBytes + " (intake.max-bytes); it was not read");
        }
        byte[] content;
        try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
            content = in.readNBytes(maxBytes + 1);
        }
        if (content.length > maxBytes) {
            throw new InvalidRequestException("file grew beyond " + maxBytes + " bytes (intake.max-bytes) while it was read");
        }
        exchange.getIn().setBody(content);
    }

    /** {@code move} target: done/ under the file's name, or a free variant of it. */
    public String doneTarget(Exchange exchange) {
        return "done/" + freeName(dir.resolve("done"), exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class), false);
    }

    /** {@code moveFailed} target: the name the reason was written under, or a free one. */
    public String errorTarget(Exchange exchange) {
        return "error/" + errorName(exchange);
    }

    /** The name in error/ for this input (also for its .reason file), chosen once per exchange. */
    public String errorName(Exchange exchange) {
        String chosen = exchange.getIn().getHeader(ERROR_NAME_HEADER, String.class);
        if (chosen == null) {
            chosen = freeName(dir.resolve("error"), exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class), true);
            exchange.getIn().setHeader(ERROR_NAME_HEADER, chosen);
        }
        return chosen;
    }

    /** The file's name as it may appear in a log line: no control characters, bounded. */
    public String label(Exchange exchange) {
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        return printable(name == null ? "?" : name);
    }

    /** Called from a timer: one WARN for each hidden *.json file, which Camel never reads. */
    public void warnHidden() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> present = new LinkedHashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*.json")) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                present.add(name);
                synchronized (warned) {
                    if (warned.size() < 10_000 && warned.add(name)) {
                        LOG.warn("hidden file {} in the intake folder is never read: names starting with a dot are skipped; rename it to be read",
                                printable(name));
                    }
                }
            }
        } catch (IOException e) {
            return;
        }
        synchronized (warned) {
            warned.retainAll(present);
        }
    }

    private void noteGrowing(String name) {
        long now = System.currentTimeMillis();
        synchronized (growing) {
            Long since = growing.get(name);
            if (since == null) {
                if (growing.size() >= 10_000) {
                    growing.remove(growing.keySet().iterator().next());
                }
                growing.put(name, now);
            } else if (since > 0 && now - since > WARN_GROWING_AFTER_MILLIS) {
                growing.put(name, -1L); // warned once
                LOG.warn("intake file {} is still being written after {} s; it is read once it has not changed for {} ms",
                        printable(name), WARN_GROWING_AFTER_MILLIS / 1000, SETTLE_MILLIS);
            }
        }
    }

    /**
     * Moves a file the consumer must not touch (a name too long for the read lock, a link, a
     * FIFO, a device) to error/ with a reason beside it. A rename moves the entry itself: a link
     * is not followed, a FIFO is not opened.
     */
    private void refuse(Path path, String name, String reason) {
        Path error = dir.resolve("error");
        try {
            Files.createDirectories(error);
            String target = freeName(error, name, true);
            try {
                Files.move(path, error.resolve(target), StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.NoSuchFileException gone) {
                if (Files.notExists(path, LinkOption.NOFOLLOW_LINKS)) {
                    return; // another instance reading the folder moved it first, with its reason
                }
                throw gone;
            }
            Files.writeString(error.resolve(target + ".reason"), Reasons.clip(reason) + "\n", StandardCharsets.UTF_8);
            LOG.warn("rejected {} from the intake folder (moved to error/{}): {}", printable(name), printable(target), reason);
        } catch (IOException e) {
            synchronized (warned) {
                if (warned.size() < 10_000 && warned.add(name)) {
                    LOG.warn("{} in the intake folder is not read and could not be moved to error/ ({}): {}; remove it",
                            printable(name), e.getClass().getSimpleName(), reason);
                }
            }
        }
    }

    private static String printable(String name) {
        return Reasons.clip(name).replaceAll("\\p{Cf}", "?");
    }

    /**
     * A name in {@code folder} that no earlier input has: the name itself, else
     * {@code stem.2.ext}, {@code stem.3.ext}, ...; long names are shortened (a digest keeps them
     * apart). {@code withReason}: the {@code .reason} beside it must be free too.
     */
    static String freeName(Path folder, String name, boolean withReason) {
        String base = name == null || name.isEmpty() ? "unnamed" : shorten(name);
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ext = dot > 0 ? base.substring(dot) : "";
        for (int n = 1; n < 100_000; n++) {
            String candidate = n == 1 ? base : stem + "." + n + ext;
            if (!Files.exists(folder.resolve(candidate), LinkOption.NOFOLLOW_LINKS)
                    && !(withReason && Files.exists(folder.resolve(candidate + ".reason"), LinkOption.NOFOLLOW_LINKS))) {
                return candidate;
            }
        }
        return stem + "." + System.nanoTime() + ext;
    }

    private static String shorten(String name) {
        if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_ARCHIVE_NAME_BYTES) {
            return name;
        }
        String digest;
        try {
            digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
        StringBuilder head = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < name.length() && bytes < 100; ) {
            int cp = name.codePointAt(i);
            head.appendCodePoint(cp);
            bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            i += Character.charCount(cp);
        }
        return head + "-" + digest + ext;
    }
}
