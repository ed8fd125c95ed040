#!/usr/bin/env python3
"""Makes awkward captures for tests/decode-test.sh from a good one (classic
pcap, LINKTYPE_RAW, as `glass client --pcap` writes), or from nothing:
  pcap-tool.py mangle IN OUT    every data segment split in two overlapping
                                halves, sent out of order, and some sent twice
  pcap-tool.py gap IN OUT       one of the server's data segments left out
  pcap-tool.py plain OUT        a TCP conversation that is not TLS (HTTP)
  pcap-tool.py dns IN OUT       IN, after a DNS query and answer: www.lab.test is 127.0.0.1
Hostile captures, made from nothing (plaintext TLS records, no keys needed):
  pcap-tool.py finished OUT KEYS N   a ClientHello and ServerHello, then N Finished messages
                                     from the client; KEYS: a key log with its master secret
  pcap-tool.py tiny OUT FLOWS N      FLOWS connections, their records interleaved, each a
                                     ClientHello then N empty HelloRequests (4 bytes each)
  pcap-tool.py hole OUT N            a SYN, then N one-byte segments behind a missing byte
Checksums are left as they are (decoders do not check them)."""
import random
import struct
import sys

RAW = 101


def read(path):
    data = open(path, "rb").read()
    magic, _, _, _, _, snap, link = struct.unpack("<IHHiIII", data[:24])
    assert magic == 0xA1B2C3D4 and link == RAW, "expects a little-endian classic pcap of raw IP"
    packets, at = [], 24
    while at + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack("<IIII", data[at:at + 16])
        packets.append([sec, usec, data[at + 16:at + 16 + incl]])
        at += 16 + incl
    return packets


def write(path, packets):
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, RAW)]
    for sec, usec, p in packets:
        out.append(struct.pack("<IIII", sec, usec, len(p), len(p)) + p)
    open(path, "wb").write(b"".join(out))


def split(p):
    """(ip header, tcp header, payload, seq) of an IPv4 + TCP packet."""
    ihl = (p[0] & 15) * 4
    off = (p[ihl + 12] >> 4) * 4
    return p[:ihl], p[ihl:ihl + off], p[ihl + off:], struct.unpack(">I", p[ihl + 4:ihl + 8])[0]


def build(ip, tcp, payload, seq):
    ip = bytearray(ip)
    struct.pack_into(">H", ip, 2, len(ip) + len(tcp) + len(payload))
    tcp = bytearray(tcp)
    struct.pack_into(">I", tcp, 4, seq & 0xFFFFFFFF)
    return bytes(ip) + bytes(tcp) + payload


def mangle(packets):
    """Out of order within each direction: a segment's halves swapped, and
    two consecutive segments of one side swapped (a server never answers
    before it was asked, so the directions keep their order)."""
    rng = random.Random(7)
    out, held = [], None
    for sec, usec, p in packets:
        ip, tcp, payload, seq = split(p)
        if len(payload) < 20:
            if held:
                out.extend(held[1])
                held = None
            out.append([sec, usec, p])
            continue
        cut = rng.randrange(8, len(payload) - 8)
        first = build(ip, tcp, payload[:cut + 5], seq)               # overlaps the second by 5 bytes
        second = build(ip, tcp, payload[cut:], seq + cut)
        pieces = [[sec, usec, second], [sec, usec, first]]           # out of order
        if rng.random() < 0.5:
            pieces.append([sec, usec, first])                        # and a retransmission
        side = tcp[0:2]
        if held and held[0] == side:
            out.extend(pieces)
            out.extend(held[1])
            held = None
        else:
            if held:
                out.extend(held[1])
            held = (side, pieces)
    if held:
        out.extend(held[1])
    return out


def gap(packets):
    server_data = [i for i, (_, _, p) in enumerate(packets) if len(split(p)[2]) > 0 and split(p)[1][0:2] != packets[0][2][20:22]]
    victim = server_data[len(server_data) // 2]
    return [pk for i, pk in enumerate(packets) if i != victim]


def packet(src, dst, sport, dport, seq, flags, payload=b""):
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 1, 0x4000, 64, 6, 0, bytes(src), bytes(dst))
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF, 0, 5 << 4, flags, 65535, 0, 0)
    return [1767225600, 0, ip + tcp + payload]


def plain():
    c, s = [127, 0, 0, 1], [127, 0, 0, 2]
    req = b"GET / HTTP/1.1\r\nHost: www.lab.test\r\n\r\n"
    resp = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
    return [packet(c, s, 40000, 80, 100, 0x02), packet(s, c, 80, 40000, 500, 0x12), packet(c, s, 40000, 80, 101, 0x10),
            packet(c, s, 40000, 80, 101, 0x18, req), packet(s, c, 80, 40000, 501, 0x18, resp)]


def dns(packets):
    def udp(src, dst, sport, dport, payload):
        ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 1, 0, 64, 17, 0, bytes(src), bytes(dst))
        return ip + struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload
    name = b"".join(bytes([len(p)]) + p for p in b"www.lab.test".split(b".")) + b"\0"
    question = name + struct.pack(">HH", 1, 1)
    query = struct.pack(">HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + question
    answer = struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0) + question + struct.pack(">HHHIH", 0xC00C, 1, 1, 60, 4) + bytes([127, 0, 0, 1])
    sec, usec = packets[0][0], packets[0][1]
    return [[sec, usec, udp([127, 0, 0, 1], [127, 0, 0, 53], 5353, 53, query)],
            [sec, usec, udp([127, 0, 0, 53], [127, 0, 0, 1], 53, 5353, answer)]] + packets


class Connection:
    """A TCP connection on loopback, opened with a SYN from each side; send()
    cuts what a side sends into segments of at most 16000 bytes."""
    def __init__(self, port):
        self.ends = {True: ([127, 0, 0, 1], port), False: ([127, 0, 0, 2], 443)}
        self.seq = {True: 1000, False: 5000}
        self.packets = [self.segment(True, b"", 0x02), self.segment(False, b"", 0x12)]
        self.seq = {True: 1001, False: 5001}

    def segment(self, from_client, payload, flags=0x18):
        (src, sport), (dst, dport) = self.ends[from_client], self.ends[not from_client]
        return packet(src, dst, sport, dport, self.seq[from_client], flags, payload)

    def send(self, from_client, data):
        out = []
        for at in range(0, len(data), 16000):
            out.append(self.segment(from_client, data[at:at + 16000]))
            self.seq[from_client] += len(data[at:at + 16000])
        return out


def tls_record(body, content_type=22):
    return struct.pack(">BHH", content_type, 0x0303, len(body)) + body


def handshake(msg_type, body):
    return bytes([msg_type]) + len(body).to_bytes(3, "big") + body


def records(messages, per_record):
    """Handshake messages packed per_record to a record."""
    return b"".join(tls_record(b"".join(messages[i:i + per_record])) for i in range(0, len(messages), per_record))


def hellos(conn, client_random):
    """The ClientHello and ServerHello of TLS 1.2 with ECDHE-RSA-AES128-GCM-SHA256, no extensions."""
    client_hello = handshake(1, b"\x03\x03" + client_random + b"\x00" + b"\x00\x02\xc0\x2f" + b"\x01\x00")
    server_hello = handshake(2, b"\x03\x03" + bytes(range(32)) + b"\x00" + b"\xc0\x2f" + b"\x00")
    return conn.send(True, tls_record(client_hello)) + conn.send(False, tls_record(server_hello))


def finished(keys, count):
    conn, client_random = Connection(40000), bytes(range(100, 132))
    open(keys, "w").write("CLIENT_RANDOM " + client_random.hex() + " " + "ab" * 48 + "\n")
    return hellos(conn, client_random) + conn.send(True, records([handshake(20, bytes(12))] * count, 1000))


def tiny(flows, count):
    conns = [Connection(40000 + i) for i in range(flows)]
    out = [p for c in conns for p in c.packets]
    for i, c in enumerate(conns):
        out += hellos(c, bytes([i]) * 32)
    streams = [c.send(True, records([handshake(0, b"")] * count, 4000)) for c in conns]
    for i in range(max(len(s) for s in streams)):   # interleaved: a segment of each connection in turn
        out += [s[i] for s in streams if i < len(s)]
    return out


def hole(count):
    conn, out = Connection(40000), []
    for i in range(count):   # the client's byte 0 (sequence number 1001) never comes
        conn.seq[True] = 1002 + i
        out.append(conn.segment(True, b"x"))
    return conn.packets[:1] + out


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "plain":
        write(sys.argv[2], plain())
    elif cmd == "finished":
        write(sys.argv[2], finished(sys.argv[3], int(sys.argv[4])))
    elif cmd == "tiny":
        write(sys.argv[2], tiny(int(sys.argv[3]), int(sys.argv[4])))
    elif cmd == "hole":
        write(sys.argv[2], hole(int(sys.argv[3])))
    else:
        packets = read(sys.argv[2])
        write(sys.argv[3], {"mangle": mangle, "gap": gap, "dns": dns}[cmd](packets))
