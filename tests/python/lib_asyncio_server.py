#!/usr/bin/python3
# An asyncio HTTPS server, as the asyncio docs write one:
# start_server(handle, host, port, ssl=server_ctx); serves COUNT requests.
#   lib_asyncio_server.py PORT CERTFILE KEYFILE COUNT
import asyncio
import ssl
import sys

port, certfile, keyfile, count = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
page = b'<!DOCTYPE html><h1>Served by asyncio</h1>\n'


async def main():
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    served = asyncio.Event()
    left = [count]

    async def handle(reader, writer):
        request = await reader.readuntil(b'\r\n\r\n')
        version = writer.get_extra_info('ssl_object').version()
        print('request:', request.split(b'\r\n')[0].decode(), 'over', version, flush=True)
        writer.write(b'HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\nConnection: close\r\n\r\n'
                     % len(page) + page)
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        left[0] -= 1
        if left[0] == 0:
            served.set()

    server = await asyncio.start_server(handle, '127.0.0.1', port, ssl=context)
    print('listening on', port, flush=True)
    async with server:
        await asyncio.wait_for(served.wait(), 60)
    print('served', count, flush=True)

asyncio.run(main())
