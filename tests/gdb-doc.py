#!/usr/bin/env python3
"""docs/debugging.md's gdb sessions, run as written: this script takes one
section's code blocks apart and, after gdb -batch ran them, compares what gdb
printed with what the page shows.
  usage: gdb-doc.py script DOC SECTION        the (gdb) commands, one a line
         gdb-doc.py command DOC SECTION       the `$ gdb -q --args …` program and
                                              its arguments, one a line
         gdb-doc.py peer DOC SECTION          the other terminal's command (or nothing)
         gdb-doc.py check DOC SECTION OUTPUT  "ok - …" / "FAIL - …" lines
The page's values differ from run to run (fresh randoms), so a value is
compared whole only when it is no byte list ("EXPECT_SERVER_HELLO", 61, true);
a list by its kind and length ("std::span of length 48 = "), and two lists
the page shows equal (a verify_data received and computed) must be equal."""
import re
import sys

COMMENT = re.compile(r"\s{2,}#.*$")   # "(gdb) print extended   # why": the note is no part of it


def section_blocks(doc, number):
    text = open(doc, encoding="utf-8").read()
    match = re.search(rf"^## {number}\. .*?(?=^## |\Z)", text, re.S | re.M)
    if match is None:
        sys.exit(f"{doc}: no section {number}")
    return re.findall(r"^```\n(.*?)^```", match.group(0), re.S | re.M)


def joined(lines):
    """Shell lines with their backslash continuations joined."""
    out, pending = [], ""
    for line in lines:
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        out.append((pending + line.strip()).strip())
        pending = ""
    return out


def session_lines(doc, number):
    return [line for block in section_blocks(doc, number) for line in block.splitlines()]


def commands(lines):
    return [COMMENT.sub("", line[len("(gdb) "):]).strip() for line in lines if line.startswith("(gdb) ")]


def program(lines):
    for line in joined(lines):
        if line.startswith("$ gdb "):
            words = line.split()
            return words[words.index("--args") + 1:]
    sys.exit("no `$ gdb … --args PROGRAM` line")


def peer(doc, number):
    for block in section_blocks(doc, number):
        for line in joined(block.splitlines()):
            if "openssl s_client" in line:
                return line
    return ""


def stops(lines):
    """(breakpoint or catchpoint number, where) of each stop, in order."""
    found = []
    for line in lines:
        m = re.match(r'(?:Thread \d+ "[^"]*" hit )?(Breakpoint \d+), (\S+) \(', line) or \
            re.match(r'(?:Thread \d+ "[^"]*" hit )?(Catchpoint \d+) \((exception thrown)\)', line)
        if m:
            found.append((m.group(1), m.group(2)))
    return found


def locations(lines):
    """Where `finish` and `advance` land: a line that starts with the function."""
    return [m.group(1) for m in (re.match(r"(glasstls::\S+) \(", line) for line in lines) if m]


def frames(lines):
    return [(m.group(1), m.group(2)) for m in (re.match(r"#(\d+)\s+(?:0x\S+ in )?(\S+) \(", line) for line in lines) if m]


def sources(lines):
    """The source line gdb shows at a stop: "…<TAB>statement" on the page."""
    return [line.split("\t", 1)[1].strip() for line in lines if line.startswith("…\t")]


def values(lines):
    found = {}
    for line in lines:
        m = re.search(r"\$(\d+) = (.*)$", COMMENT.sub("", line))
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def check(doc, number, output_path):
    page = session_lines(doc, number)
    out = open(output_path, encoding="utf-8", errors="replace").read().splitlines()
    failures = 0

    def report(name, good, detail=""):
        nonlocal failures
        print(("ok - " if good else "FAIL - ") + name + ("" if good or not detail else f": {detail}"))
        failures += 0 if good else 1

    want, got = stops(page), stops(out)
    report(f"§{number}: gdb stops at the page's breakpoints, in its order ({len(want)} stops)", want == got and bool(want),
           f"page {want}, gdb {got}")
    outs = [o.strip() for o in out]
    for where in locations(page):
        report(f"§{number}: finish/advance lands in {where}", any(re.match(r"(0x\S+ in )?" + re.escape(where) + r" \(", o) for o in outs))
    want_frames, got_frames = frames(page), frames(out)
    if want_frames:
        report(f"§{number}: the backtrace is the page's ({len(want_frames)} frames)", want_frames == got_frames,
               f"page {want_frames}, gdb {got_frames}")
    shown = [o.split("\t", 1)[1].strip() for o in out if re.match(r"\d+\t", o)]
    for statement in sources(page):
        report(f"§{number}: a stop shows the statement `{statement}`", statement in shown)
    want_values, got_values = values(page), values(out)
    for n, value in want_values.items():
        have = got_values.get(n)
        if have is None:
            report(f"§{number}: ${n} is printed", False, "gdb printed no $" + n)
            continue
        if "{" in value or "…" in value:
            kind = value.split("{", 1)[0].split("…", 1)[0]
            report(f"§{number}: ${n} is a {kind.strip(' =') or 'list'}", have.startswith(kind), have[:120])
        else:
            report(f"§{number}: ${n} = {value}", have == value, have[:120])
    for a in want_values:
        for b in want_values:
            if a < b and "{" in want_values[a] and want_values[a] == want_values[b]:
                same = a in got_values and got_values.get(a) == got_values.get(b)
                report(f"§{number}: ${a} and ${b} are equal, as on the page", same,
                       f"{got_values.get(a)} / {got_values.get(b)}")
    return failures


def main():
    what, doc, number = sys.argv[1:4]
    if what == "script":
        print("\n".join(commands(session_lines(doc, number))))
    elif what == "command":
        print("\n".join(program(session_lines(doc, number))))
    elif what == "peer":
        print(peer(doc, number))
    elif what == "check":
        sys.exit(1 if check(doc, number, sys.argv[4]) else 0)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
