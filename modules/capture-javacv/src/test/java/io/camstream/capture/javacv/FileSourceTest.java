package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.EndOfSourceException;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.Sources;
import io.camstream.testkit.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class FileSourceTest {

    @TempDir
    static Path dir;
    static Path clip;

    private final Sources sources = Sources.discover();

    @BeforeAll
    static void writeClip() throws Exception {
        if (JavacvNatives.ffmpeg().available()) {
            clip = Clips.write(dir.resolve("clip.mp4"), 60, 320, 240);
        }
    }

    // Called by the tests that decode, so that the others still run where FFmpeg's natives are missing.
    private static void needsFfmpeg() {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
    }

    @Test
    void streamsEveryFrameOfTheClipAtItsSizeInOrderThenEnds() throws Exception {
        needsFfmpeg();
        List<Frame> frames = new ArrayList<>();
        try (FrameSource source = sources.open("file:" + clip,
                SourceOptions.defaults().withLoop(false).withFps(1000))) {
            assertEquals(320, source.info().width());
            assertEquals(240, source.info().height());
            EndOfSourceException end = assertThrows(EndOfSourceException.class, () -> {
                while (frames.size() < 100) {
                    frames.add(source.grab());
                }
            });
            assertTrue(end.getMessage().contains("ended after 60 frames"), end.getMessage());
        }
        assertEquals(60, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertEquals(i + 1, frame.sequence());
            assertEquals(320, frame.width());
            assertEquals(240, frame.height());
            assertEquals(PixelFormat.BGR24, frame.format());
            assertTrue(frame.captureEpochMicros() > 1_600_000_000_000_000L, "capture time in epoch micros");
            assertFalse(frame.stamped(), "a stamp filmed into a clip is the clip's, not this frame's");
        }
        assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), frames.stream().map(Clips::index).toList(),
                "the stamps in the pictures are the clip's frames in order");
    }

    @Test
    void loopsByDefaultWithSequenceNumbersStillIncreasing() throws Exception {
        needsFfmpeg();
        List<Long> indices = new ArrayList<>();
        try (FrameSource source = sources.open("file:" + clip, SourceOptions.defaults().withFps(1000))) {
            for (long expected = 1; expected <= 150; expected++) {
                Frame frame = source.grab();
                assertEquals(expected, frame.sequence());
                indices.add(Clips.index(frame));
            }
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            expected.add((long) (i % 60) + 1);
        }
        assertEquals(expected, indices, "back to the first frame after the last");
    }

    @Test
    void isPacedAtTheFilesOwnRateUnlessOneIsRequested() throws Exception {
        needsFfmpeg();
        try (FrameSource source = sources.open("file:" + clip, SourceOptions.defaults())) {
            assertEquals(30, source.info().fps(), 0.01);
            assertTrue(source.info().description().contains("clip.mp4"), source.info().description());
        }
        try (FrameSource source = sources.open("file://" + clip, SourceOptions.defaults().withFps(12))) {
            assertEquals(12, source.info().fps(), 0.01);
        }
    }

    @Test
    void scalesWhenASizeIsRequested() throws Exception {
        needsFfmpeg();
        try (FrameSource source = sources.open("file:" + clip,
                SourceOptions.defaults().withSize(160, 120).withFps(1000))) {
            Frame frame = source.grab();
            assertEquals(160, frame.width());
            assertEquals(120, frame.height());
        }
    }

    @Test
    void aMissingFileOrADirectorySaysSoWithoutNeedingFfmpeg() {
        FileSourceProvider files = new FileSourceProvider();
        Path missing = dir.resolve("nope.mp4");
        SourceUnavailableException noFile = assertThrows(SourceUnavailableException.class,
                () -> files.open(SourceSpec.parse("file:" + missing), SourceOptions.defaults()));
        assertEquals("no such file: " + missing + " (from --source file:" + missing + ")", noFile.getMessage());

        SourceUnavailableException directory = assertThrows(SourceUnavailableException.class,
                () -> files.open(SourceSpec.parse("file:" + dir), SourceOptions.defaults()));
        assertEquals(dir + " is a directory, not a video file", directory.getMessage());
    }

    @Test
    void aFileFfmpegCannotReadSaysSo() throws Exception {
        needsFfmpeg();
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n".repeat(100));
        SourceUnavailableException notVideo = assertThrows(SourceUnavailableException.class,
                () -> sources.open("file:" + text, SourceOptions.defaults()));
        assertTrue(notVideo.getMessage().startsWith(text + " is not a video FFmpeg can read: "), notVideo.getMessage());
    }
}
