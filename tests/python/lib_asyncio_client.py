#!/usr/bin/python3
# An asyncio streams client, as the asyncio docs write one:
# open_connection(host, port, ssl=ctx, server_hostname=…), a GET, the page.
#   lib_asyncio_client.py PORT CAFILE SERVER_HOSTNAME
import asyncio
import ssl
import sys

port, cafile, name = int(sys.argv[1]), sys.argv[2], sys.argv[3]


async def main():
    context = ssl.create_default_context(cafile=cafile)
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection('127.0.0.1', port, ssl=context, server_hostname=name), 10)
    ssl_object = writer.get_extra_info('ssl_object')
    print('asyncio client: connected,', ssl_object.version(), ssl_object.cipher()[0])
    writer.write(f'GET / HTTP/1.0\r\nHost: {name}\r\n\r\n'.encode())
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    print('asyncio client:', len(data), 'bytes;', data.split(b'\r\n')[0].decode())
    writer.close()
    await writer.wait_closed()

asyncio.run(main())
