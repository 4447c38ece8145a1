package io.camstream.capture.javacv;

import com.sun.net.httpserver.HttpServer;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * An MJPEG-over-HTTP camera on 127.0.0.1 ({@code multipart/x-mixed-replace}, the commonest IP
 * camera), sending its parts on a fixed schedule at a known rate, each picture stamped with its
 * index from 1. FFmpeg's {@code mpjpeg} demuxer cannot know that rate: it assumes 25.
 */
final class MjpegCamera implements AutoCloseable {

    /** The multipart boundary, for servers in tests that write parts with {@link #writePart}. */
    static final String BOUNDARY = "camstreamframe";

    private final HttpServer http;
    private final List<byte[]> jpegs;

    /**
     * @param fps the rate the parts are sent at
     * @param parts how many parts each connection gets before the camera ends the response
     */
    MjpegCamera(double fps, int parts, int width, int height) throws IOException, InterruptedException {
        jpegs = pictures(parts, width, height);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        long periodNanos = Math.round(TimeUnit.SECONDS.toNanos(1) / fps);
        http.createContext("/video.mjpg", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "multipart/x-mixed-replace;boundary=" + BOUNDARY);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                long start = System.nanoTime();
                for (int index = 0; index < jpegs.size(); index++) {
                    long wait = start + index * periodNanos - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    writePart(body, jpegs.get(index));
                    body.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                // The viewer went away: a camera just stops sending.
            }
        });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
    }

    /** The JPEG the camera sends as part {@code index} (from 1). */
    byte[] jpeg(int index) {
        return jpegs.get(index - 1);
    }

    String url() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/video.mjpg";
    }

    @Override
    public void close() {
        http.stop(0);
    }

    private static List<byte[]> pictures(int parts, int width, int height) throws IOException, InterruptedException {
        List<byte[]> jpegs = new ArrayList<>();
        try (TestPatternSource pattern = new TestPatternSource(width, height, 1000)) {
            for (int index = 1; index <= parts; index++) {
                Frame frame = pattern.grab();
                FrameStamp.draw(frame.pixels(), width, height, PixelFormat.BGR24, index, index * 1000L);
                jpegs.add(encode(frame));
            }
        }
        return jpegs;
    }

    /** One part of an MJPEG-over-HTTP body, as cameras send it. */
    static void writePart(OutputStream body, byte[] jpeg) throws IOException {
        body.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        body.write(jpeg);
        body.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A BGR frame as a JPEG, by OpenCV's {@code imencode}. */
    static byte[] encode(Frame frame) {
        try (BytePointer pixels = new BytePointer(frame.pixels());
                Mat picture = new Mat(frame.height(), frame.width(), opencv_core.CV_8UC3, pixels);
                BytePointer encoded = new BytePointer()) {
            opencv_imgcodecs.imencode(".jpg", picture, encoded);
            byte[] bytes = new byte[(int) encoded.limit()];
            encoded.get(bytes);
            return bytes;
        }
    }
}
