#!/usr/bin/python3
# load_cert_chain with an encrypted key (the SEED book's server.key, made with
# -passout): the right pass phrase as a string and as a callable, and a wrong one.
import ssl
import sys

certfile, keyfile = sys.argv[1], sys.argv[2]
for password in ('dees', lambda: b'dees', 'wrong'):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile, password=password)
        print('loaded')
    except ssl.SSLError as e:
        print('refused', type(e).__name__)
