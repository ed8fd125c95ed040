#!/usr/bin/env python3
"""A TLS server that lies, speaking just enough TLS 1.2 for glass probe and
glass client to meet it (RFC 5246 §7.4: ServerHello, Certificate,
ServerKeyExchange, ServerHelloDone; nothing is ever finished). Listens on
127.0.0.1:PORT, prints "listening on", answers every connection with MODE
until killed (120 s at most):

  forged-ske CHAIN.pem  the real chain, and a ServerKeyExchange whose signature
                        is random bytes: whoever copied a certificate can send it
  accept-all            picks the first suite offered, NULL and EXPORT included,
                        and answers TLS 1.2 whatever version was asked for
  unoffered             always picks TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, offered or not
  slow SECONDS          answers each ClientHello SECONDS late (with a ServerHello)
  drip                  sends the start of a ServerHello one byte a second
"""
import base64, os, re, socket, sys, threading, time

mode, port = sys.argv[1], int(sys.argv[2])
arg = sys.argv[3] if len(sys.argv) > 3 else None


def u16(n):
    return n.to_bytes(2, "big")


def u24(n):
    return n.to_bytes(3, "big")


def handshake(kind, body):
    return bytes([kind]) + u24(len(body)) + body


def records(payload):
    out = b""
    for i in range(0, len(payload), 16384):
        part = payload[i:i + 16384]
        out += bytes([22, 3, 3]) + u16(len(part)) + part
    return out


def read_client_hello(conn):
    """The ClientHello's version and cipher suites (one record is enough here)."""
    data = b""
    while len(data) < 5 or len(data) < 5 + int.from_bytes(data[3:5], "big"):
        got = conn.recv(65536)
        if not got:
            return None
        data += got
    body = data[5 + 4:]
    version = int.from_bytes(body[0:2], "big")
    at = 2 + 32
    at += 1 + body[at]                                   # session_id
    n = int.from_bytes(body[at:at + 2], "big")
    suites = [int.from_bytes(body[at + 2 + i:at + 4 + i], "big") for i in range(0, n, 2)]
    return version, suites


def server_hello(version, suite):
    body = u16(version) + os.urandom(32) + b"\x00" + u16(suite) + b"\x00"
    return handshake(2, body)


def chain_message(path):
    pems = re.findall(rb"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", open(path, "rb").read(), re.S)
    certs = b"".join(u24(len(d)) + d for d in (base64.b64decode(p) for p in pems))
    return handshake(11, u24(len(certs)) + certs)


def serve(conn):
    hello = read_client_hello(conn)
    if hello is None:
        return
    version, suites = hello
    offered = [s for s in suites if s not in (0x00FF, 0x5600)]
    if not offered:
        return
    if mode == "forged-ske":
        if 0xC02F not in offered:
            conn.sendall(bytes([21, 3, 3, 0, 2, 2, 40]))                   # handshake_failure
            return
        suite = 0xC02F
        params = b"\x03" + u16(29) + b"\x20" + os.urandom(32)              # named_curve x25519, a random point
        ske = handshake(12, params + u16(0x0804) + u16(256) + os.urandom(256))   # rsa_pss_rsae_sha256, random "signature"
        conn.sendall(records(server_hello(0x0303, suite) + chain_message(arg) + ske + handshake(14, b"")))
    elif mode == "accept-all":
        conn.sendall(records(server_hello(0x0303, offered[0]) + handshake(14, b"")))
    elif mode == "unoffered":
        conn.sendall(records(server_hello(0x0303, 0xC02F) + handshake(14, b"")))
    elif mode == "slow":
        time.sleep(float(arg))
        conn.sendall(records(server_hello(min(version, 0x0303), offered[0]) + handshake(14, b"")))
    elif mode == "drip":
        for b in records(server_hello(0x0303, offered[0])):
            conn.sendall(bytes([b]))
            time.sleep(1)


def serve_closing(conn):
    try:
        serve(conn)
        time.sleep(0.2)
    except OSError:
        pass
    finally:
        conn.close()


listener = socket.create_server(("127.0.0.1", port))
listener.settimeout(1)
print("listening on", port, flush=True)
until = time.time() + 120
while time.time() < until:
    try:
        conn, _ = listener.accept()
    except socket.timeout:
        continue
    threading.Thread(target=serve_closing, args=(conn,), daemon=True).start()
