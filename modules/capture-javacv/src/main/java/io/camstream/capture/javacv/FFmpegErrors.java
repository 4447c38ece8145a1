package io.camstream.capture.javacv;

import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.global.avutil;

/** FFmpeg's error codes in words. */
final class FFmpegErrors {

    private FFmpegErrors() {
    }

    /** FFmpeg's own text for an error code, e.g. "Connection refused" or "Server returned 404 Not Found". */
    static String text(int code) {
        byte[] buffer = new byte[256];
        if (avutil.av_strerror(code, buffer, buffer.length) < 0) {
            return "error " + code;
        }
        int length = 0;
        while (length < buffer.length && buffer[length] != 0) {
            length++;
        }
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * The server refused the credentials: HTTP's and RTSP's 401 both come back from FFmpeg as
     * {@code AVERROR_HTTP_UNAUTHORIZED} ("Server returned 401 Unauthorized (authorization failed)").
     */
    static boolean unauthorized(int code) {
        return code == avutil.AVERROR_HTTP_UNAUTHORIZED;
    }

    static boolean endOfFile(int code) {
        return code == avutil.AVERROR_EOF;
    }

    static boolean tryAgain(int code) {
        return code == avutil.AVERROR_EAGAIN();
    }
}
