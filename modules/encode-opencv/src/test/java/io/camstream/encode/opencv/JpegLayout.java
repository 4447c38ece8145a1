package io.camstream.encode.opencv;

import java.util.ArrayList;
import java.util.List;

/** The markers of a JPEG in order, entropy-coded data skipped (stuffed 0xFF00 is not a marker), for tests. */
record JpegLayout(List<Integer> markers, int height, int restartInterval) {

    static JpegLayout of(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        int height = -1;
        int interval = -1;
        int at = 0;
        boolean inScan = false;
        while (at + 1 < jpeg.length) {
            int b = jpeg[at] & 0xFF;
            int next = jpeg[at + 1] & 0xFF;
            if (b != 0xFF || next == 0 || next == 0xFF) {
                if (!inScan && b != 0xFF) {
                    throw new AssertionError("garbage outside a scan at byte " + at);
                }
                at++;
                continue;
            }
            markers.add(next);
            boolean standalone = next == 0xD8 || next == 0xD9 || (next >= 0xD0 && next <= 0xD7);
            if (standalone) {
                at += 2;
                continue;
            }
            int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
            if (next == 0xC0 || next == 0xC1) {
                height = ((jpeg[at + 5] & 0xFF) << 8) | (jpeg[at + 6] & 0xFF);
            } else if (next == 0xDD) {
                interval = ((jpeg[at + 4] & 0xFF) << 8) | (jpeg[at + 5] & 0xFF);
            }
            inScan = next == 0xDA;
            at += 2 + length;
        }
        return new JpegLayout(List.copyOf(markers), height, interval);
    }

    long count(int marker) {
        return markers.stream().filter(m -> m == marker).count();
    }

    /** The RSTn markers' n, in order. */
    List<Integer> restarts() {
        return markers.stream().filter(m -> m >= 0xD0 && m <= 0xD7).map(m -> m - 0xD0).toList();
    }

    /** One SOI first, one EOI last, one SOF with this height, one DRI, and RST0..RST7 in turn between strips. */
    void assertJoined(int fullHeight, int strips) {
        check(markers.get(0) == 0xD8 && count(0xD8) == 1, "one SOI, first");
        check(markers.get(markers.size() - 1) == 0xD9 && count(0xD9) == 1, "one EOI, last");
        check(count(0xC0) + count(0xC1) == 1 && height == fullHeight, "one SOF, " + fullHeight + " rows: " + height);
        check(count(0xDD) == 1 && count(0xDA) == 1, "one DRI, one SOS");
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < strips - 1; i++) {
            expected.add(i % 8);
        }
        check(restarts().equals(expected), "RSTn in turn " + expected + ", got " + restarts());
    }

    private void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what + " in " + markers.stream().map(Integer::toHexString).toList());
        }
    }
}
