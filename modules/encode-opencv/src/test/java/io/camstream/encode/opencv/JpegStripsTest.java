package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** The byte surgery alone, with strips written by ImageIO's JPEG writer: no OpenCV needed. */
class JpegStripsTest {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 750;

    @Test
    void tenGrayStripsDecodeToTheSinglePassPixelsInEveryImageIoReader() throws IOException {
        BufferedImage picture = texture();
        byte[] whole = encode(picture, 0, HEIGHT, 0.9f);
        List<byte[]> strips = new ArrayList<>();
        for (int top = 0; top < HEIGHT; top += 80) {
            strips.add(encode(picture, top, Math.min(80, HEIGHT - top), 0.9f));
        }
        byte[] joined = JpegStrips.join(strips).orElseThrow();

        JpegLayout layout = JpegLayout.of(joined);
        layout.assertJoined(HEIGHT, 10); // RST0..RST7, RST0: the cycle wraps
        assertEquals(125 * 10, layout.restartInterval(), "MCUs per strip: 125 per row, 10 rows");
        List<String> readers = Decoders.imageIoReaders();
        assertTrue(readers.size() >= 2, "TwelveMonkeys' reader and the JDK's: " + readers);
        for (String reader : readers) {
            assertArrayEquals(Decoders.imageIo(whole, reader), Decoders.imageIo(joined, reader), reader);
        }
    }

    @Test
    void stripsWithOtherTablesAreNotJoined() throws IOException {
        BufferedImage picture = texture();
        List<byte[]> strips = List.of(encode(picture, 0, 80, 0.9f), encode(picture, 80, 80, 0.5f));
        assertTrue(JpegStrips.join(strips).isEmpty(), "quality 90 and 50 have different DQT");
    }

    @Test
    void stripsThatDoNotCutAtMcuRowsAreRefused() throws IOException {
        BufferedImage picture = texture();
        List<byte[]> strips = List.of(encode(picture, 0, 84, 0.9f), encode(picture, 84, 84, 0.9f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JpegStrips.join(strips));
        assertTrue(e.getMessage().contains("multiple of the MCU height 8"), e.getMessage());
    }

    @Test
    void whatIsNotAJpegIsRefused() throws IOException {
        byte[] jpeg = encode(texture(), 0, 80, 0.9f);
        byte[] cut = Arrays.copyOf(jpeg, jpeg.length - 1);
        assertEquals("not a whole JPEG: it does not end with EOI",
                assertThrows(IllegalArgumentException.class, () -> JpegStrips.join(List.of(jpeg, cut))).getMessage());
        assertEquals("not a JPEG: no SOI marker", assertThrows(IllegalArgumentException.class,
                () -> JpegStrips.join(List.of(new byte[] {1, 2, 3, 4}))).getMessage());
    }

    /** Gradients and noise, so that every block has AC coefficients and DC changes along the rows. */
    private static BufferedImage texture() {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Random random = new Random(14);
        byte[] pixels = new byte[WIDTH * HEIGHT];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                pixels[y * WIDTH + x] = (byte) ((x / 4 + y / 3 + random.nextInt(40)) & 0xFF);
            }
        }
        image.getRaster().setDataElements(0, 0, WIDTH, HEIGHT, pixels);
        return image;
    }

    /** Rows [top, top + rows) as a baseline JPEG with the writer's standard (not optimized) Huffman tables. */
    private static byte[] encode(BufferedImage picture, int top, int rows, float quality) throws IOException {
        BufferedImage strip = picture.getSubimage(0, top, WIDTH, rows);
        BufferedImage copy = new BufferedImage(WIDTH, rows, BufferedImage.TYPE_BYTE_GRAY);
        copy.getRaster().setRect(strip.getRaster());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(copy, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
