#!/usr/bin/python3
"""A real RTSP server for camstream's tests: GStreamer's gst-rtsp-server on 127.0.0.1.

Serves a live test picture (videotestsrc's SMPTE colour bars, 640x480 at 30 fps by default) as
  rtsp://127.0.0.1:PORT/h264   H.264 (x264enc, a key frame every second)
  rtsp://127.0.0.1:PORT/mjpeg  Motion JPEG (jpegenc, RTP/JPEG as in RFC 2435)
over whichever transport the client asks for (RTP over UDP, or interleaved in the RTSP TCP
connection). With RTSP_TEST_USER and RTSP_TEST_PASSWORD in the environment (never on the command
line, where every process list shows them) both paths need that user, by --auth basic or digest.

Prints "ready rtsp://127.0.0.1:PORT" once it accepts connections (--port 0 picks a free port), then
"setup PATH TRANSPORT" for every stream a client sets up, and exits when its standard input closes,
so that it cannot outlive the test that started it, or on SIGTERM/SIGINT. --check exits 0 when
every GStreamer element it needs is installed.

Needs Debian's python3-gi, gir1.2-gst-rtsp-server-1.0, gstreamer1.0-plugins-base, -good
(jpegenc, rtpjpegpay, rtph264pay) and -ugly (x264enc). Run it with /usr/bin/python3.
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

ENCODERS = {
    # zerolatency: no B-frames and no look-ahead, as cameras stream; one key frame per second so a
    # client joining the shared stream decodes within a second.
    "h264": "x264enc tune=zerolatency speed-preset=ultrafast key-int-max={fps} bitrate=2000"
            " ! rtph264pay name=pay0 pt=96 config-interval=-1",
    # RTP/JPEG (RFC 2435) carries only 4:2:0 and 4:2:2 YUV: I420 named, lest RGB be negotiated.
    "mjpeg": "video/x-raw,format=I420 ! jpegenc quality=85 ! rtpjpegpay name=pay0 pt=26",
}


def launch_line(encoding, args):
    source = ("videotestsrc is-live=true pattern={pattern}"
              " ! video/x-raw,width={width},height={height},framerate={fps}/1 ! videoconvert").format(
        pattern=args.pattern, width=args.width, height=args.height, fps=args.fps)
    return "( " + source + " ! " + ENCODERS[encoding].format(fps=args.fps) + " )"


def require_user(server, factories, method, user, password):
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "viewer")
    if method == "digest":
        auth.add_digest(user, password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_role("viewer")
    permissions.add_permission_for_role("viewer", "media.factory.access", True)
    permissions.add_permission_for_role("viewer", "media.factory.construct", True)
    for factory in factories:
        factory.set_permissions(permissions)


def missing_elements():
    names = ["videotestsrc", "videoconvert", "x264enc", "rtph264pay", "jpegenc", "rtpjpegpay"]
    return [name for name in names if Gst.ElementFactory.find(name) is None]


def print_setups(server, client):
    # Which transport each client chose: "setup /h264/stream=0 RTP/AVP/TCP;unicast;interleaved=0-1"
    # (TCP) or "setup /h264/stream=0 RTP/AVP;unicast;client_port=..." (UDP). No credentials: those
    # travel in other headers.
    def on_setup(client, context):
        result, transport = context.request.get_header(GstRtsp.RTSPHeaderField.TRANSPORT, 0)
        print("setup %s %s" % (context.uri.abspath, transport), flush=True)
    client.connect("setup-request", on_setup)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8554, help="TCP port on 127.0.0.1; 0 picks a free one")
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=480)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--pattern", default="smpte", help="a videotestsrc pattern (smpte: colour bars)")
    parser.add_argument("--auth", choices=["basic", "digest"], default="digest",
                        help="how RTSP_TEST_USER must log in, when it and RTSP_TEST_PASSWORD are set")
    parser.add_argument("--check", action="store_true", help="exit 0 when everything needed is installed")
    args = parser.parse_args()

    Gst.init(None)
    if args.check:
        missing = missing_elements()
        if missing:
            print("missing GStreamer elements: " + " ".join(missing), flush=True)
        sys.exit(1 if missing else 0)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.connect("client-connected", print_setups)
    mounts = server.get_mount_points()
    factories = []
    for encoding in ENCODERS:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch_line(encoding, args))
        # One pipeline for all the clients of a path at a time, like a camera.
        factory.set_shared(True)
        factory.set_protocols(GstRtsp.RTSPLowerTrans.UDP | GstRtsp.RTSPLowerTrans.TCP)
        mounts.add_factory("/" + encoding, factory)
        factories.append(factory)
    user = os.environ.get("RTSP_TEST_USER")
    password = os.environ.get("RTSP_TEST_PASSWORD")
    if user and password:
        require_user(server, factories, args.auth, user, password)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("cannot listen on 127.0.0.1:%d" % args.port, file=sys.stderr, flush=True)
        sys.exit(1)

    def quit_on_stdin(channel, condition):
        # Readable with nothing to read, or hung up: whoever started us is gone.
        if condition & (GLib.IO_HUP | GLib.IO_ERR) or not os.read(channel.unix_get_fd(), 4096):
            loop.quit()
            return False
        return True

    stdin = GLib.IOChannel.unix_new(sys.stdin.fileno())
    GLib.io_add_watch(stdin, GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP | GLib.IO_ERR, quit_on_stdin)
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print("ready rtsp://127.0.0.1:%d" % server.get_bound_port(), flush=True)
    loop.run()


if __name__ == "__main__":
    main()
