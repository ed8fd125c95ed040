#!/usr/bin/python3
# http.client as its documentation shows it: an HTTPSConnection with a
# context from create_default_context(cafile=…), GET /, the status and the
# body. It also says which ssl module http.client holds: under glass python
# it must be the one `import ssl` gave the program (glasstls.ssl).
#   lib_http_client.py HOST PORT CAFILE
import http.client
import ssl
import sys

host, port, cafile = sys.argv[1], int(sys.argv[2]), sys.argv[3]
context = ssl.create_default_context(cafile=cafile)
conn = http.client.HTTPSConnection(host, port, context=context, timeout=10)
conn.request('GET', '/')
print('cipher:', conn.sock.cipher()[0], conn.sock.version())
response = conn.getresponse()
body = response.read()
print('http.client:', response.status, response.reason, len(body), 'bytes')
print('body starts:', body[:60])
print('http.client.ssl is sys.modules["ssl"]:', http.client.ssl is sys.modules['ssl'], '-', http.client.ssl.__name__)
conn.close()
