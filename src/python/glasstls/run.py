"""python3 -m glasstls.run SCRIPT [ARGS…]: runs SCRIPT as its own program
(``__main__``, with its arguments, its folder first on sys.path), with
``import ssl`` answered by glasstls.ssl — for the script and for every module
it imports: http.client, urllib.request, asyncio, smtplib, requests.
``glass python`` runs this, with its teaching flags in the environment."""
import os
import runpy
import sys


def main():
    if len(sys.argv) < 2 or sys.argv[1] in ('-h', '--help'):
        print('usage: python3 -m glasstls.run SCRIPT [ARGS...]', file=sys.stderr)
        return 2
    try:
        from glasstls import ssl as glasstls_ssl
    except ImportError as e:
        print(f'glasstls: {e}', file=sys.stderr)
        return 1
    already = [m for m in ('ssl', '_ssl') if m in sys.modules and sys.modules[m] is not glasstls_ssl]
    if 'ssl' in already:   # imported before us (sitecustomize?): its users would get OpenSSL
        print('glasstls: warning: the ssl module was imported before glasstls.run; modules that hold it use OpenSSL',
              file=sys.stderr)
    sys.modules['ssl'] = glasstls_ssl
    script = sys.argv[1]
    if not os.path.exists(script):
        print(f"glasstls: can't open file {script!r}: No such file or directory", file=sys.stderr)
        return 2
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name='__main__')
    return 0


if __name__ == '__main__':
    sys.exit(main())
