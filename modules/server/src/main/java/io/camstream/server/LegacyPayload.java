package io.camstream.server;

/**
 * What the original sample's {@code MainServer} replies carry. The sample exists in two versions: the blog post's
 * {@code Client.py} base64-decodes {@code Reply.datas}, and asks again for each frame; the sample repository's
 * later {@code Client.py} reads the raw JPEG bytes from it, and expects its server to keep streaming after one
 * request. A server serves one of them.
 */
public enum LegacyPayload {

    /**
     * The blog post's version, the default: each {@code Request} gets one {@code Reply} holding the base64 of a
     * grayscale JPEG; a call that has sent every reply it was asked for ends once the client has half-closed.
     */
    BASE64,

    /**
     * The sample repository's later version: the first {@code Request} starts a stream of {@code Reply}s holding
     * the grayscale JPEG's bytes as they are, one per new frame, until the client cancels the call.
     */
    JPEG
}
