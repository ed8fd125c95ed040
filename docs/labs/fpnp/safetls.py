#!/usr/bin/python3
"""A TLS server and client that keep the ssl module's defaults, in the
manner of Foundations of Python Network Programming, chapter 6: let
create_default_context() choose the protocol, the ciphers and the checks.

    safetls.py -s CERT.pem -k KEY.pem HOST PORT   serve clients, one at a time
    safetls.py [-a CAFILE] HOST PORT              connect to HOST, verify it, read a line
"""
import argparse
import socket
import ssl
import sys


def serve(host, port, certfile, keyfile):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certfile, keyfile)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(5)
    print('server: listening on', host, port, flush=True)
    while True:
        raw, address = listener.accept()
        try:
            with context.wrap_socket(raw, server_side=True) as ssock:
                print('server:', address[0], 'connected with', ssock.cipher()[0], flush=True)
                ssock.sendall(b'Simple is better than complex.\n')
        except (ssl.SSLError, OSError) as error:
            print('server: a handshake failed:', error, flush=True)


def show_defaults(context):
    print('check_hostname:', context.check_hostname)
    print('verify_mode:', context.verify_mode.name)


def talk(host, port, cafile):
    context = ssl.create_default_context(cafile=cafile)
    show_defaults(context)
    raw = socket.create_connection((host, port), timeout=10)
    try:
        ssock = context.wrap_socket(raw, server_hostname=host)
    except ssl.SSLCertVerificationError as error:
        print('refused:', error.verify_message, '(verify code %d)' % error.verify_code)
        sys.exit(1)
    with ssock:
        print('connected:', ssock.version(), ssock.cipher()[0])
        print('server certificate for:', dict(item[0] for item in ssock.getpeercert()['subject'])['commonName'])
        print('the server says:', ssock.makefile().readline().strip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('host')
    parser.add_argument('port', type=int)
    parser.add_argument('-s', dest='certfile', help='serve, with this certificate chain')
    parser.add_argument('-k', dest='keyfile', help='the server key')
    parser.add_argument('-a', dest='cafile', help='trust these CAs (default: the system\'s)')
    args = parser.parse_args()
    if args.certfile:
        serve(args.host, args.port, args.certfile, args.keyfile)
    else:
        talk(args.host, args.port, args.cafile)


if __name__ == '__main__':
    main()
