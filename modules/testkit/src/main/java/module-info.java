/**
 * What camstream's tests share: the contract tests every plugin's tests extend
 * ({@link io.camstream.testkit.EncoderContractTest}, {@link io.camstream.testkit.SourceProviderContractTest}),
 * {@link io.camstream.testkit.ModuleDeclarations} to check a module's two provider declarations agree,
 * and {@link io.camstream.testkit.Picture} to decode received pictures, read their stamps and compare
 * them by PSNR, {@link io.camstream.testkit.JpegBomb} and {@link io.camstream.testkit.Allocations} for
 * decompression bombs and what they cost, {@link io.camstream.testkit.TestCertificates} for throw-away
 * CAs, {@link io.camstream.testkit.VideoClips} for video files, {@link io.camstream.testkit.RtspTestServer},
 * a real RTSP server (GStreamer's) serving the colour bars that {@link io.camstream.testkit.SmpteBars}
 * recognises, and {@link io.camstream.testkit.HeadlessChromium} to screenshot live pages. Test scope only;
 * nothing ships with it.
 */
module io.camstream.testkit {
    requires transitive io.camstream.capture;
    requires transitive io.camstream.encode;
    requires transitive org.junit.jupiter.api;
    // The contract's inherited tests are parameterized: subclasses see those annotations too.
    requires transitive org.junit.jupiter.params;
    requires java.desktop;
    // HeadlessChromium: the DevTools protocol over a WebSocket, its messages in JSON.
    requires java.net.http;
    requires com.google.gson;
    // Allocations: com.sun.management's per-thread allocation counters.
    requires jdk.management;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;
    // VideoClips only: the modules that write clips bring FFmpeg and its natives themselves.
    requires static org.bytedeco.ffmpeg;
    requires static org.bytedeco.javacpp;

    exports io.camstream.testkit;
}
