package io.camstream.server;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Re-reads files when they change: certificates renewed by Let's Encrypt or cert-manager, an auth
 * file edited by hand. It polls each file's modification time, size and inode (so an atomic rename,
 * or a Kubernetes secret's symlink swap, counts as a change), which works on every file system,
 * unlike change notifications. A reload that fails keeps what was loaded before and is logged once
 * per change of the files; the next change is tried again.
 */
final class FileWatch implements AutoCloseable {

    /** Loads the files; throws to keep what was loaded before. */
    interface Reload {
        void reload() throws Exception;
    }

    private static final System.Logger LOG = System.getLogger(FileWatch.class.getName());

    private final String what;
    private final List<Path> files;
    private final Reload reload;
    private final ScheduledFuture<?> polling;
    private List<Object> loaded;
    private List<Object> failed;

    /**
     * Starts watching files that have just been loaded.
     *
     * @param what what the files are, for the log ("TLS certificate", "auth file")
     */
    FileWatch(String what, List<Path> files, Reload reload, ScheduledExecutorService executor, Duration interval) {
        this.what = what;
        this.files = List.copyOf(files);
        this.reload = Objects.requireNonNull(reload, "reload");
        this.loaded = versions();
        long millis = interval.toMillis();
        this.polling = executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Reloads now if the files changed since the last load. Runs on the executor's one thread. */
    void check() {
        List<Object> now = versions();
        if (now.equals(loaded) || now.equals(failed)) {
            return;
        }
        try {
            reload.reload();
            loaded = now;
            failed = null;
            LOG.log(Level.INFO, () -> what + " reloaded from " + files);
        } catch (Exception e) {
            failed = now;
            LOG.log(Level.WARNING, "{0} changed but cannot be loaded, keeping the previous one: {1}", what,
                    e.getMessage());
        }
    }

    /** Each file's identity and modification time and size; a file that cannot be read counts as a version too. */
    private List<Object> versions() {
        List<Object> versions = new ArrayList<>();
        for (Path file : files) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                versions.add(List.of(Objects.requireNonNullElse(attributes.fileKey(), ""),
                        attributes.lastModifiedTime(), attributes.size()));
            } catch (IOException e) {
                versions.add("unreadable: " + e.getClass().getSimpleName());
            }
        }
        return versions;
    }

    @Override
    public void close() {
        polling.cancel(false);
    }
}
