package io.camstream.nats;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.VideoFrame;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A camera of a NATS origin ({@link NatsOrigin}) as a local source: an edge server's camera. Frames keep the
 * origin's sequence numbers, capture times and stamps, and arrive still encoded, so viewers who want the
 * origin's variant get its very bytes and other variants are encoded here, once each.
 *
 * <p>Latest wins: the subscription holds a few messages at most (NATS drops the rest when this edge falls
 * behind) and the inbox keeps only the newest; whatever is dropped shows as a gap in the origin's sequence
 * numbers, which viewers count as skipped. The connection reconnects by itself, to any server of the list or
 * of the cluster, so the loss of a NATS node is a short gap. An origin that stops publishing is a failure of
 * this source after {@link #SILENCE}, and its camera shows NO SIGNAL until frames come again.
 */
final class NatsSource implements FrameSource {

    /**
     * The origin sends at least two frames a second while it lives (NO SIGNAL frames included), unless its camera
     * is slower: then three of its frame periods.
     */
    static final Duration SILENCE = Duration.ofSeconds(2);
    /** How many messages NATS may hold for this edge before it drops them: a little slack, not a queue. */
    private static final int PENDING_MESSAGES = 4;
    private static final long PENDING_BYTES = 64L << 20;

    private final String subject;
    private final String shown;
    private final Connection connection;
    private final FrameInbox inbox = new FrameInbox();
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    /** Cameras announced on NATS while this source waited: named when the one it wants never comes. */
    private final Set<String> announced = new TreeSet<>();
    private volatile SourceInfo info;

    private NatsSource(NatsSourceUri uri, Connection connection) {
        this.subject = NatsSubjects.frames(uri.camera());
        this.shown = subject + " at " + uri.shownServers();
        this.connection = connection;
        this.info = new SourceInfo("NATS " + shown, 0, 0, 0, PixelFormat.BGR24);
        Dispatcher dispatcher = connection.createDispatcher();
        dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
        dispatcher.subscribe(subject, this::received);
        String describeOurs = NatsSubjects.describe(uri.camera());
        dispatcher.subscribe(NatsSubjects.ROOT + ".*.describe", message -> described(message, describeOurs));
        // Announcements come every two seconds; asking gets the rate at once (no origin yet: no answer, no harm).
        connection.request(describeOurs, new byte[0]).thenAccept(answer -> takeRate(answer.getData()));
    }

    /**
     * Connects, subscribes and waits for the first frame.
     *
     * @param firstFrameWait how long the origin may take to send one
     * @throws IOException when no server of the list answers, or no frame comes in time (saying which cameras
     *     NATS announced meanwhile): both may pass, so the camera's supervisor tries again
     */
    static NatsSource open(NatsSourceUri uri, Duration firstFrameWait) throws IOException, InterruptedException {
        NatsConnections.Problems problems = new NatsConnections.Problems();
        Options.Builder options = NatsConnections.builder(uri.servers(), uri.credentialsFile(), uri.trustedCa(),
                NatsConnections.name("edge"), problems);
        if (uri.tokenFile() != null) {
            options.token(Files.readString(uri.tokenFile(), StandardCharsets.UTF_8).strip().toCharArray());
        }
        Connection connection;
        try {
            connection = Nats.connect(options.build());
        } catch (IOException e) {
            String why = problems.last();
            throw new IOException("no NATS server answered at " + uri.shownServers() + ": " + (why == null
                    ? e.getMessage() : why), e);
        }
        NatsSource source = new NatsSource(uri, connection);
        try {
            source.awaitFirstFrame(firstFrameWait);
            return source;
        } catch (IOException | InterruptedException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    private void awaitFirstFrame(Duration wait) throws IOException, InterruptedException {
        if (firstFrame.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
        }
        String cameras;
        synchronized (announced) {
            cameras = announced.isEmpty() ? "no origin announced a camera on " + NatsSubjects.ROOT + ".*.describe"
                    : "cameras announced: " + String.join(", ", announced);
        }
        throw new IOException("no frame on " + shown + " within " + wait.toMillis() + " ms (" + cameras
                + "); is the origin running with --nats?");
    }

    /** On NATS' dispatcher thread: keeps the message as it is, parsed only if a grab takes it. */
    private void received(Message message) {
        byte[] payload = message.getData();
        inbox.offer(budget -> WireFrames.pending(VideoFrame.parseFrom(payload)).decode(budget));
        firstFrame.countDown();
    }

    private void described(Message message, String describeOurs) {
        String[] tokens = message.getSubject().split("\\.");
        synchronized (announced) {
            announced.add(tokens[1]);
        }
        if (message.getSubject().equals(describeOurs) && message.getData().length > 0) {
            takeRate(message.getData());
        }
    }

    /** The origin's frame rate, from its description: the supervisor allows a slow camera longer between frames. */
    private void takeRate(byte[] description) {
        try {
            double fps = CameraInfo.parseFrom(description).getFps();
            SourceInfo current = info;
            info = new SourceInfo(current.description(), current.width(), current.height(), fps, current.format());
        } catch (IOException malformed) {
            // Frames alone are enough: the rate is only a hint.
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    /**
     * The newest frame from the origin.
     *
     * @throws IOException when nothing came for {@link #SILENCE} (or three frame periods of a slower camera): the
     *     origin stopped, or NATS is away for longer than a reconnect takes
     */
    @Override
    public Frame grab() throws IOException, InterruptedException {
        double fps = info.fps();
        Duration silence = fps > 0 && 3 / fps > SILENCE.toSeconds() ? Duration.ofMillis(Math.round(3000 / fps))
                : SILENCE;
        Frame frame = inbox.take(silence, shown);
        SourceInfo current = info; // again: the origin's description may have come meanwhile
        if (frame.width() != current.width() || frame.height() != current.height()
                || frame.format() != current.format()) {
            info = new SourceInfo(current.description(), frame.width(), frame.height(), current.fps(),
                    frame.format());
        }
        return frame;
    }

    @Override
    public void close() {
        inbox.close();
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
