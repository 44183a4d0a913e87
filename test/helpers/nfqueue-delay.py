#!/usr/bin/env python3
"""Delays and reorders the packets an iptables NFQUEUE rule hands it.

This kernel has no sch_netem (no `tc netem`), but it has NFQUEUE: the kernel
holds each queued packet until userspace gives its verdict, and verdicts may
come in any order. So each packet is accepted after DELAY_MS +/- JITTER_MS
(uniform), and a REORDER share of them at once, overtaking the ones held.

Speaks nfnetlink_queue directly (Python's AF_NETLINK socket; no library).
Usage: nfqueue-delay.py QUEUE DELAY_MS JITTER_MS REORDER SEED
Prints "ready" once bound; on SIGTERM prints one JSON line of figures.
"""
import heapq
import json
import os
import random
import select
import signal
import socket
import struct
import sys
import time

NETLINK_NETFILTER = 12
SOL_NETLINK = 270
NETLINK_NO_ENOBUFS = 5
NFNL_SUBSYS_QUEUE = 3
MSG_PACKET, MSG_VERDICT, MSG_CONFIG = 0, 1, 2
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
CFG_CMD, CFG_PARAMS, CFG_QUEUE_MAXLEN, CFG_MASK, CFG_FLAGS = 1, 2, 3, 4, 5
CMD_BIND = 1
COPY_META = 1
CFG_F_FAIL_OPEN = 1
ATTR_PACKET_HDR, ATTR_VERDICT_HDR = 1, 2
NF_ACCEPT = 1


def attr(kind, payload):
    data = struct.pack('=HH', 4 + len(payload), kind) + payload
    return data + b'\0' * (-len(data) % 4)


def message(sock, msg_type, queue, attrs, flags=NLM_F_REQUEST):
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + b''.join(attrs)
    header = struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | msg_type, flags, 0, 0)
    sock.send(header + body)


def expect_ack(sock, what):
    data = sock.recv(65536)
    length, kind = struct.unpack_from('=IH', data)
    if kind == NLMSG_ERROR:
        (error,) = struct.unpack_from('=i', data, 16)
        if error != 0:
            sys.exit(f'nfqueue-delay: {what} refused: {os.strerror(-error)}')


def bind(queue):
    sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
    sock.bind((0, 0))
    sock.setsockopt(SOL_NETLINK, NETLINK_NO_ENOBUFS, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    message(sock, MSG_CONFIG, queue, [attr(CFG_CMD, struct.pack('!BBH', CMD_BIND, 0, 0))], NLM_F_REQUEST | NLM_F_ACK)
    expect_ack(sock, 'binding the queue')
    # Only the packet id is needed (no payload copied); a full queue lets packets through rather than drop them.
    message(sock, MSG_CONFIG, queue, [
        attr(CFG_PARAMS, struct.pack('!IB', 0, COPY_META)),
        attr(CFG_QUEUE_MAXLEN, struct.pack('!I', 8192)),
        attr(CFG_MASK, struct.pack('!I', CFG_F_FAIL_OPEN)),
        attr(CFG_FLAGS, struct.pack('!I', CFG_F_FAIL_OPEN)),
    ], NLM_F_REQUEST | NLM_F_ACK)
    expect_ack(sock, 'configuring the queue')
    return sock


def packet_ids(data):
    """Ids of the queued packets in one netlink read (several messages may share it)."""
    offset = 0
    while offset + 16 <= len(data):
        length, kind = struct.unpack_from('=IH', data, offset)
        if length < 16:
            return
        if kind == (NFNL_SUBSYS_QUEUE << 8) | MSG_PACKET:
            pos = offset + 20  # nlmsghdr + nfgenmsg
            while pos + 4 <= offset + length:
                attr_len, attr_type = struct.unpack_from('=HH', data, pos)
                if attr_len < 4:
                    break
                if attr_type & 0x7FFF == ATTR_PACKET_HDR:
                    yield struct.unpack_from('!I', data, pos + 4)[0]
                pos += (attr_len + 3) & ~3
        offset += (length + 3) & ~3


def main():
    queue, delay_ms, jitter_ms, reorder, seed = (int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]),
                                                float(sys.argv[4]), int(sys.argv[5]))
    rng = random.Random(seed)
    sock = bind(queue)
    held = []  # (due, sequence, packet id)
    figures = {'packets': 0, 'reordered': 0, 'delaySumMs': 0.0}
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print('ready', flush=True)

    def accept(packet_id):
        message(sock, MSG_VERDICT, queue, [attr(ATTR_VERDICT_HDR, struct.pack('!II', NF_ACCEPT, packet_id))])

    while not stopping:
        now = time.monotonic()
        while held and held[0][0] <= now:
            accept(heapq.heappop(held)[2])
        timeout = max(0.0, held[0][0] - now) if held else 0.2
        try:
            readable, _, _ = select.select([sock], [], [], timeout)
        except InterruptedError:
            continue
        if not readable:
            continue
        for packet_id in packet_ids(sock.recv(1 << 16)):
            figures['packets'] += 1
            if rng.random() < reorder:
                figures['reordered'] += 1
                accept(packet_id)
                continue
            delay = max(0.0, delay_ms + rng.uniform(-jitter_ms, jitter_ms))
            figures['delaySumMs'] += delay
            heapq.heappush(held, (time.monotonic() + delay / 1000, figures['packets'], packet_id))
    for _, _, packet_id in held:
        accept(packet_id)
    print(json.dumps(figures), flush=True)


if __name__ == '__main__':
    main()
