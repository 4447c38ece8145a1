package io.camstream.cli;

import io.camstream.capture.CaptureClock;
import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream snapshot}: the camera's newest picture, as one JPEG, into a file or onto standard output. What
 * it is (size, sequence number, capture time and age) goes to standard error, so that standard output carries the
 * picture alone.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Save the newest picture of a camera as a JPEG file (-o FILE), or write it to standard "
                + "output (-o -, or no -o when standard output is not a terminal). Its size, sequence number and "
                + "capture time go to standard error.")
final class SnapshotCommand implements Callable<Integer> {

    /** How long the server may take, a camera's first frame included (it waits up to 5 s for one). */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions connection = new ClientOptions();

    @Mixin
    FrameRequestOptions request = new FrameRequestOptions();

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
            converter = ServerAddress.class,
            description = "The server (an IPv6 address in brackets: [::1]:50051). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Where to write the JPEG; '-' for standard output (the default when it is not a terminal). "
                    + "The file is replaced at once, never left half-written.")
    String output;

    @Override
    public Integer call() throws IOException {
        request.validate();
        Path file = destination();
        ClientSecurity security = connection.security();
        PrintWriter err = spec.commandLine().getErr();
        connection.warnIfTokenInTheClear(security, target, err);
        VideoFrame frame;
        try (CamstreamClient client = connection.connect(security, target, CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES,
                false)) {
            try {
                frame = client.snapshot(request.snapshot(), CALL_TIMEOUT);
            } catch (StatusRuntimeException e) {
                err.println("camstream snapshot: " + failure(client, e.getStatus()));
                return 1;
            }
        }
        if (frame.getNoSignal()) {
            err.println("camstream snapshot: " + request.cameraShown() + " of " + target + " has no signal now (its "
                    + "source is down); nothing written");
            return 1;
        }
        byte[] jpeg = frame.getData().toByteArray();
        if (file == null) {
            // The bytes as they are: picocli's writer is for text.
            System.out.write(jpeg);
            System.out.flush();
        } else {
            writeAtomically(file, jpeg);
        }
        err.println("camstream snapshot: " + describe(frame, CaptureClock.nowMicros(Clock.systemUTC()))
                + " -> " + (file == null ? "standard output" : file));
        err.flush();
        return 0;
    }

    /** One line: size, bytes, sequence, capture time and age, camera, encoder. */
    static String describe(VideoFrame frame, long nowMicros) {
        long captured = WireFrames.epochMicros(frame.getCaptureTime());
        return String.format(Locale.ROOT, "%dx%d %s JPEG, %d bytes, sequence %d, captured %s (%.0f ms ago), "
                + "camera '%s', encoder %s quality %d", frame.getWidth(), frame.getHeight(),
                frame.getColor() == ColorMode.COLOR_MODE_COLOR ? "colour" : "gray",
                frame.getData().size(), frame.getSequence(), Instant.EPOCH.plusNanos(captured * 1000),
                (nowMicros - captured) / 1000.0, frame.getCamera(), frame.getEncoder(), frame.getQuality());
    }

    /** The file to write, or null for standard output. */
    private Path destination() {
        if (output == null || output.equals("-")) {
            // A console exists when standard input and output are both a terminal, where a JPEG would be garbage.
            if (output == null && System.console() != null) {
                throw new ParameterException(spec.commandLine(), "standard output is a terminal, which a JPEG would "
                        + "garble: give -o FILE, or redirect it (> file.jpg), or say -o - to write it anyway");
            }
            return null;
        }
        Path file = Path.of(output);
        Path parent = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file) || parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "-o: " + output + (Files.isDirectory(file)
                    ? " is a directory" : ": no such directory " + parent));
        }
        return file;
    }

    /** Writes next to the file, then renames: a watcher of the file never sees half a picture. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(parent, "." + file.getFileName(), ".part");
        try {
            Files.write(temporary, bytes);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private String failure(CamstreamClient client, Status status) {
        return ClientOptions.explain(client, target, status).orElseGet(() -> "no picture from " + target + ": "
                + status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null
                        ? " (is `camstream server` running there?)" : ""));
    }
}
