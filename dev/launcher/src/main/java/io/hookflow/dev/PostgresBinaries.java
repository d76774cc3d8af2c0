package io.hookflow.dev;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Extracts the embedded PostgreSQL binaries into a working directory of our own, so that zonky's
 * {@code EmbeddedPostgres} (given the same directory with {@code setOverrideWorkingDirectory}) finds them ready
 * and never extracts by itself.
 *
 * <p>Why not let zonky extract: it holds the whole archive and every file it writes in the heap (about 96 MiB
 * for PostgreSQL 14; the launcher runs with 64 MiB), and an extraction that dies halfway leaves a directory it
 * cannot extract into again ({@code FileAlreadyExistsException} on the first symbolic link). Here the archive
 * is streamed (about 10 MiB of heap), extracted next to its final place and moved there only when complete,
 * and marked complete the way zonky checks it: {@code PG-<md5 of the archive>/.exists}, newer than
 * everything else in the directory. A {@code PG-*} directory without that marker is an extraction that died
 * halfway: it is deleted and done again, never used.
 */
public final class PostgresBinaries {

    /** The file zonky takes as "extraction complete". */
    static final String COMPLETE_MARKER = ".exists";
    private static final String PARTIAL_SUFFIX = ".partial";
    private static final String LOCK_FILE = ".extract.lock";

    private PostgresBinaries() {
    }

    /** {@code PostgresBinaries <workingDir>}: extracts the binaries, if needed, and prints where they are. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: PostgresBinaries <workingDir>");
            System.exit(2);
        }
        System.out.println(prepare(Path.of(args[0])));
    }

    /**
     * Makes sure {@code workingDirectory} holds a complete extraction of this platform's PostgreSQL binaries,
     * removing any extraction that did not finish, and answers its directory. Safe against another process
     * doing the same at the same time (they take turns on a lock file).
     */
    public static Path prepare(Path workingDirectory) throws IOException {
        Path working = workingDirectory.toAbsolutePath();
        Files.createDirectories(working);
        String digest = archiveDigest();
        Path target = working.resolve("PG-" + digest);
        try (FileChannel lockChannel = FileChannel.open(working.resolve(LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = lockChannel.lock()) {
            removeUnfinished(working);
            if (isComplete(target)) {
                // Zonky also wants the marker newer than the directory and its entries: renew it in case
                // something touched them since.
                Files.setLastModifiedTime(target.resolve(COMPLETE_MARKER), FileTime.fromMillis(System.currentTimeMillis()));
                return target;
            }
            Path partial = working.resolve(target.getFileName() + PARTIAL_SUFFIX);
            try (InputStream archive = openArchive()) {
                extractTxz(archive, partial);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            Files.createFile(target.resolve(COMPLETE_MARKER));
            return target;
        }
    }

    /** True when {@code directory} was extracted completely (it has the marker). */
    static boolean isComplete(Path directory) {
        return Files.isRegularFile(directory.resolve(COMPLETE_MARKER));
    }

    /** Deletes each {@code PG-*} directory under {@code working} that is not a complete extraction. */
    static void removeUnfinished(Path working) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(working, "PG-*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry) && !isComplete(entry)) {
                    deleteTree(entry);
                }
            }
        }
    }

    private static String archiveDigest() throws IOException {
        try (DigestInputStream in = new DigestInputStream(openArchive(), MessageDigest.getInstance("MD5"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JDK", e);
        }
    }

    /** The same archive zonky would pick for this machine (system and architecture named as zonky names them). */
    private static InputStream openArchive() throws IOException {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "Darwin" : os.contains("win") ? "Windows" : "Linux";
        String arch = System.getProperty("os.arch");
        String machine = "amd64".equals(arch) ? "x86_64" : arch;
        return new BufferedInputStream(DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machine), 64 * 1024);
    }

    private static void extractTxz(InputStream archive, Path into) throws IOException {
        if (Files.exists(into)) {
            deleteTree(into);
        }
        Files.createDirectories(into);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(archive))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = into.resolve(entry.getName()).normalize();
                if (!path.startsWith(into)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createLink(path, into.resolve(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    if ((entry.getMode() & 0100) != 0) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                } else {
                    throw new IOException("unsupported archive entry " + entry.getName());
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
