#!/usr/bin/python3
# urllib.request.urlopen(url, context=ctx), as a tutorial fetches a page.
#   lib_urllib.py URL CAFILE
import ssl
import sys
import urllib.request

url, cafile = sys.argv[1], sys.argv[2]
context = ssl.create_default_context(cafile=cafile)
with urllib.request.urlopen(url, context=context, timeout=10) as response:
    body = response.read()
    print('urllib:', response.status, len(body), 'bytes')
    print('body starts:', body[:60])
print('urllib.request.ssl is sys.modules["ssl"]:', urllib.request.ssl is sys.modules['ssl'], '-', ssl.__name__)
