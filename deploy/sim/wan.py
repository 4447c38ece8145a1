#!/usr/bin/env python3
"""A WAN link between two TAP devices: every Ethernet frame is delayed by a fixed time and dropped
with a given probability, each way, in order (as `tc qdisc ... netem delay D loss P` on both ends).

For kernels without netem (CONFIG_NET_SCH_NETEM unset): deploy/sim/run.sh uses it then.
Usage: wan.py TAP_A TAP_B DELAY_MS LOSS_PERCENT   (the TAP devices exist: ip tuntap add dev X mode tap)
On SIGTERM or SIGINT it prints what it carried and dropped to stderr and exits.
"""
import collections
import fcntl
import os
import random
import select
import signal
import struct
import sys
import time

TUNSETIFF = 0x400454CA
IFF_TAP = 0x0002
IFF_NO_PI = 0x1000
QUEUE_LIMIT = 10000  # frames in flight each way, as netem's default limit of 1000 and then some


def open_tap(name):
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK)
    fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH", name.encode(), IFF_TAP | IFF_NO_PI))
    return fd


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    a, b = open_tap(sys.argv[1]), open_tap(sys.argv[2])
    delay = float(sys.argv[3]) / 1000.0
    loss = float(sys.argv[4]) / 100.0
    other = {a: b, b: a}
    queues = {a: collections.deque(), b: collections.deque()}  # frames to write to this fd, due times
    counts = collections.Counter()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    print(f"wan: {sys.argv[1]} <-> {sys.argv[2]}, delay {delay * 1000:g} ms, loss {loss * 100:g} %",
          file=sys.stderr, flush=True)
    while not stop:
        now = time.monotonic()
        for fd, queue in queues.items():
            while queue and queue[0][0] <= now:
                _, frame = queue.popleft()
                try:
                    os.write(fd, frame)
                    counts["sent"] += 1
                except OSError:
                    counts["write_failed"] += 1
        due = [q[0][0] for q in queues.values() if q]
        timeout = max(0.0, min(due) - time.monotonic()) if due else 1.0
        try:
            readable, _, _ = select.select([a, b], [], [], timeout)
        except InterruptedError:
            continue
        now = time.monotonic()
        for fd in readable:
            for _ in range(64):
                try:
                    frame = os.read(fd, 65536)
                except BlockingIOError:
                    break
                counts["received"] += 1
                queue = queues[other[fd]]
                if random.random() < loss:
                    counts["lost"] += 1
                elif len(queue) >= QUEUE_LIMIT:
                    counts["overflow"] += 1
                else:
                    queue.append((now + delay, frame))
    print("wan: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
