"""glasstls for Python: ``glasstls.ssl`` is CPython's ssl module answered by
glasstls's TLS 1.2 engine; ``python3 -m glasstls.run SCRIPT`` runs a program
with ``import ssl`` answered so (what ``glass python`` does)."""
