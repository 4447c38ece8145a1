package io.camstream.benchmarks.fanout;

import io.camstream.benchmarks.Resolution;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.http.CamstreamHttp;
import io.camstream.server.CamstreamServer;
import java.io.IOException;
import java.io.InputStream;

/**
 * The server side of a fan-out run, in its own JVM so that its CPU time can be read from outside:
 * {@code FanOutServerMain camstream|seed|http|raw WxH FPS MAX_SECONDS}. It prints {@code PORT n} once it
 * listens on 127.0.0.1, and stops when its standard input closes (the harness ended or died) or
 * after MAX_SECONDS, whichever comes first, so it never outlives a run.
 */
public final class FanOutServerMain {

    private FanOutServerMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: FanOutServerMain camstream|seed|http|raw WxH FPS MAX_SECONDS");
            System.exit(2);
        }
        Design design = Design.parse(args[0]);
        Resolution size = Resolution.parse(args[1]);
        double fps = Double.parseDouble(args[2]);
        long maxMillis = (long) (Double.parseDouble(args[3]) * 1000);
        TestPatternSource source = new TestPatternSource(size.width(), size.height(), fps);
        AutoCloseable server;
        int port;
        if (design == Design.CAMSTREAM) {
            CamstreamServer camstream = CamstreamServer.builder(source).bind("127.0.0.1").port(0).maxSubscribers(0)
                    .options(EncoderOptions.defaults()).start();
            server = camstream;
            port = camstream.port();
        } else if (design == Design.HTTP) {
            CamstreamServer camstream = CamstreamServer.builder(source).bind("127.0.0.1").port(0).maxSubscribers(0)
                    .options(EncoderOptions.defaults()).start();
            CamstreamHttp http = CamstreamHttp.builder(camstream.hub()).bind("127.0.0.1").port(0).start();
            server = () -> {
                http.close();
                camstream.close();
            };
            port = http.port();
        } else if (design == Design.RAW) {
            CamstreamServer camstream = CamstreamServer.builder(source).bind("127.0.0.1").port(0).maxSubscribers(0)
                    .options(EncoderOptions.defaults()).start();
            // camstream's default variant: the same encoder, quality and colour its Subscribe clients get.
            RawSender raw = RawSender.start(camstream.hub().defaultCamera(), camstream.hub().defaultVariant());
            server = () -> {
                raw.close();
                camstream.close();
            };
            port = raw.port();
        } else {
            SeedStyleServer seed = new SeedStyleServer(source, Encoders.discover().best(), EncoderOptions.defaults());
            server = seed;
            port = seed.start(0);
        }
        System.out.println("PORT " + port);
        System.out.flush();
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(maxMillis);
                System.err.println("fan-out server: stopping after its limit of " + maxMillis + " ms");
            } catch (InterruptedException e) {
                return;
            }
            Runtime.getRuntime().halt(3);
        }, "fan-out-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        waitForEndOfInput(System.in);
        server.close();
        System.exit(0);
    }

    private static void waitForEndOfInput(InputStream in) {
        try {
            while (in.read() >= 0) {
                // The harness never writes; reading only tells us when it is gone.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input.
        }
    }
}
