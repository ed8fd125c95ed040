#!/usr/bin/env python3
"""A TCP relay that records a connection: listens on 127.0.0.1:LISTEN, connects
to 127.0.0.1:TARGET, copies bytes both ways, and writes what each side sent
to PREFIX.c2s and PREFIX.s2c. Prints "listening" when ready; serves one
connection, then exits (20 s at most). For the byte-for-byte replay tests."""
import selectors, socket, sys, time

listen_port, target_port, prefix = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
ls = socket.create_server(("127.0.0.1", listen_port))
print("listening", flush=True)
ls.settimeout(20)
client, _ = ls.accept()
server = socket.create_connection(("127.0.0.1", target_port))
recorded = {client: bytearray(), server: bytearray()}
peer = {client: server, server: client}
sel = selectors.DefaultSelector()
for s in (client, server):
    sel.register(s, selectors.EVENT_READ)
deadline = time.time() + 20
open_sides = 2
while open_sides and time.time() < deadline:
    for key, _ in sel.select(timeout=1):
        s = key.fileobj
        data = s.recv(65536)
        if not data:
            sel.unregister(s)
            open_sides -= 1
            try:
                peer[s].shutdown(socket.SHUT_WR)
            except OSError:
                pass
            continue
        recorded[s] += data
        peer[s].sendall(data)
open(prefix + ".c2s", "wb").write(recorded[client])
open(prefix + ".s2c", "wb").write(recorded[server])
