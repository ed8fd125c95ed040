#!/usr/bin/env python3
"""Validates connection outcomes (glass client/server --json, or the outcome
events of a --trace-json file) against docs/outcome.schema.json, then checks
fields of one of them. Exit 0 when all holds; else each failure is printed.

usage: outcome-check.py SCHEMA FILE|- [--count N] [--index I] [PATH=JSON|PATH~REGEX ...]
  FILE      JSON Lines: outcome objects, or --trace-json events (the
            "outcome" events are taken, and they must each end a connection)
  --count N there must be exactly N outcomes
  --index I the outcome the checks look at (default -1: the last)
  PATH=JSON the field at the dotted PATH (numbers index lists) equals JSON
            (a word that is not JSON is a string): verification.ok=false
  PATH~RE   the field is a string that RE matches (re.search)
  PATH>N    the field is a number above N"""
import json, re, sys

import jsonschema

args = sys.argv[1:]
schema = json.load(open(args.pop(0)))
path = args.pop(0)
text = sys.stdin.read() if path == "-" else open(path, encoding="utf-8").read()
count, index, failures = None, -1, []
checks = []
while args:
    a = args.pop(0)
    if a == "--count":
        count = int(args.pop(0))
    elif a == "--index":
        index = int(args.pop(0))
    else:
        checks.append(a)

lines = [json.loads(line) for line in text.splitlines() if line.strip()]
if lines and "event" in lines[0]:   # a --trace-json file
    outcomes = [e["outcome"] for e in lines if e["event"] == "outcome"]
    ends = {}
    for n, e in enumerate(lines):
        ends[e.get("connection", "")] = e
    for tag, last in ends.items():
        if last["event"] != "outcome":
            failures.append("the last line of connection %r is a %s event, not the outcome" % (tag, last["event"]))
else:
    outcomes = lines
validator = jsonschema.Draft202012Validator(schema)
for n, o in enumerate(outcomes):
    for error in validator.iter_errors(o):
        failures.append("outcome %d: %s at %s" % (n, error.message, "/".join(map(str, error.absolute_path))))
if count is not None and len(outcomes) != count:
    failures.append("%d outcomes, wanted %d" % (len(outcomes), count))
if not outcomes:
    failures.append("no outcome at all")


def field(obj, dotted):
    for part in dotted.split("."):
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


for c in checks:
    m = re.match(r"^([\w.]+)([=~>])(.*)$", c, re.S)
    if not m:
        sys.exit("bad check: " + c)
    name, op, want = m.groups()
    try:
        got = field(outcomes[index], name)
    except (KeyError, IndexError, TypeError):
        failures.append("%s: no such field" % name)
        continue
    if op == ">":
        if not isinstance(got, (int, float)) or isinstance(got, bool) or not got > float(want):
            failures.append("%s is %r, not above %s" % (name, got, want))
        continue
    if op == "~":
        if not isinstance(got, str) or not re.search(want, got):
            failures.append("%s is %r, which does not match /%s/" % (name, got, want))
        continue
    try:
        want_value = json.loads(want)
    except ValueError:
        want_value = want
    if got != want_value:
        failures.append("%s is %r, wanted %r" % (name, got, want_value))
for f in failures:
    print("    " + f)
sys.exit(1 if failures else 0)
