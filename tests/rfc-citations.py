#!/usr/bin/python3
"""Every RFC section glasstls shows a reader exists, under the title it has.

Scans the string literals of src/ and include/ (what the trace, the HTML
pages, the checks and the errors print) and the prose of docs/*.md for
"RFC NNNN §X.Y" (also "RFC NNNN §X, §Y", "§X.Y of RFC NNNN" and "RFC NNNN,
section X.Y"), and fails naming each citation that docs/rfc-sections.txt
does not list, and each "§X" in a string that names no document at all.
Comments are not scanned: they are read next to the code by those who
change it, RFC in hand, and cite some 150 further sections; the strings are
what a student reads as the RFC's word.

usage: rfc-citations.py [REPO]      (exit 0: all known; 1: unknown ones)
       rfc-citations.py --list REPO (print every citation found, for review)
"""
import pathlib
import re
import sys

SECTION = r"(?:[A-Z]|\d+)(?:\.\d+)*"
# "RFC 5246 §7.4.1.2, §8.1.2" / "RFC 5246, section 7.4" / "§3 of RFC 5288"
FORWARD = re.compile(r"RFC ?(\d{3,5})((?:(?:,? ?§ ?|,? [Ss]ection |,? and §)" + SECTION + r"\b(?! of RFC))*)")
BACKWARD = re.compile(r"(?:§ ?|[Ss]ection )(" + SECTION + r") of RFC ?(\d{3,5})")


def string_literals(code):
    """The C++ string literals of `code` as (text, line), adjacent ones joined, comments skipped."""
    out, i, n, last_end = [], 0, len(code), -1
    while i < n:
        c = code[i]
        if code.startswith("//", i):
            i = code.find("\n", i) if "\n" in code[i:] else n
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c == "'":
            j = i + 1
            while j < n and code[j] != "'":
                j += 2 if code[j] == "\\" else 1
            i = j + 1
        elif code.startswith('R"', i) and not (i > 0 and (code[i - 1].isalnum() or code[i - 1] == "_")):
            d = code[i + 2:code.index("(", i)]
            j = code.index(")" + d + '"', i)
            out.append([code[code.index("(", i) + 1:j], code.count("\n", 0, i) + 1])
            i = last_end = j + len(d) + 2
        elif c == '"':
            j = i + 1
            buf = []
            while j < n and code[j] != '"':
                if code[j] == "\\":
                    buf.append(code[j:j + 2])
                    j += 2
                else:
                    buf.append(code[j])
                    j += 1
            text = "".join(buf)
            if last_end >= 0 and code[last_end:i].strip() == "" and out:
                out[-1][0] += text       # "RFC 5246 " "§7.4": one literal
            else:
                out.append([text, code.count("\n", 0, i) + 1])
            i = last_end = j + 1
        else:
            i += 1
    return out


def citations(text):
    """(rfc, section) pairs cited in one piece of text.

    A "§X" standing alone is not checked: it may be RFC 5246's in a table
    about RFC 5246, or the CA/Browser Forum's, or a book's; only a section
    tied to its RFC by the text itself can be looked up."""
    found = []
    for m in FORWARD.finditer(text):
        found += [(m.group(1), s) for s in re.findall(r"(?<![.\w])" + SECTION, m.group(2))]
    for m in BACKWARD.finditer(text):
        found.append((m.group(2), m.group(1)))
    return found


def unnamed(text):
    """The sections of a string that name no document: "(§6.2.3.3)" with no
    RFC in the string (the CA/Browser Forum's "BR §7.1.2.7.10" names its own)."""
    if re.search(r"RFC ?\d", text):
        return []
    return [m.group(1) for m in re.finditer(r"(?<!BR )§ ?(" + SECTION + r")", text)]


def scan(repo):
    """{(rfc, section): [file:line, ...]} over the sources' strings and the docs' prose."""
    where = {}
    files = sorted(p for d in ("src", "include") for p in (repo / d).rglob("*") if p.suffix in (".cpp", ".hpp", ".h"))
    for p in files:
        code = p.read_text(encoding="utf-8")
        for lit, line in string_literals(code):
            for c in citations(lit) + [("?", s) for s in unnamed(lit)]:
                where.setdefault(c, []).append(f"{p.relative_to(repo)}:{line}")
    for p in sorted((repo / "docs").glob("*.md")):
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1):
            for c in citations(line):
                where.setdefault(c, []).append(f"{p.relative_to(repo)}:{n}")
    return where


def known(repo):
    """The sections docs/rfc-sections.txt lists: "RFC NNNN §X.Y Title"."""
    sections = set()
    for line in (repo / "docs/rfc-sections.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"RFC (\d+) §(" + SECTION + r") \S", line)
        if m:
            sections.add((m.group(1), m.group(2)))
        elif line.strip() and not line.startswith("#"):
            sys.exit(f"docs/rfc-sections.txt: not 'RFC NNNN §X.Y Title': {line}")
    return sections


def main(argv):
    listing = "--list" in argv
    args = [a for a in argv if a != "--list"]
    repo = pathlib.Path(args[0] if args else ".")
    where = scan(repo)
    if listing:
        for (rfc, s), at in sorted(where.items(), key=lambda kv: (int(kv[0][0]) if kv[0][0].isdigit() else 0, kv[0][1])):
            print(f"RFC {rfc} §{s}\t{len(at)}\t{at[0]}")
        return 0
    sections = known(repo)
    bad = {c: at for c, at in where.items() if c not in sections}
    for (rfc, s), at in sorted(bad.items()):
        who = f"§{s} names no RFC (say which)" if rfc == "?" else f"RFC {rfc} §{s} is not in docs/rfc-sections.txt"
        print(f"{who}: {', '.join(at[:5])}{' …' if len(at) > 5 else ''}")
    print(f"{len(where)} cited sections, {len(bad)} unknown")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
