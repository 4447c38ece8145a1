package io.camstream.capture;

import java.io.ByteArrayOutputStream;

/** Hand-made JPEG headers: SOI, an APP0 segment, a frame header, a scan header, some data, EOI. */
final class JpegHeaders {

    private JpegHeaders() {
    }

    static byte[] of(int sofMarker, int precision, int width, int height, int components) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8});
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE0, 0, 6, 'J', 'F', 'I', 'F'});
        out.write(0xFF); // a fill byte before the next marker, as the standard allows
        int length = 8 + 3 * components;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) sofMarker, (byte) (length >> 8), (byte) length,
            (byte) precision, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width,
            (byte) components});
        for (int c = 0; c < components; c++) {
            out.writeBytes(new byte[] {(byte) (c + 1), 0x11, 0});
        }
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xDA, 0, 2, 0x12, 0x34, (byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }
}
