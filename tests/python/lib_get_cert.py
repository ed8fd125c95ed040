#!/usr/bin/python3
# ssl.get_server_certificate((host, port)): the server's certificate as PEM.
#   lib_get_cert.py PORT
import ssl
import sys

print(ssl.get_server_certificate(('127.0.0.1', int(sys.argv[1]))), end='')
