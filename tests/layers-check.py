#!/usr/bin/env python3
"""No include runs upward: every #include "glasstls/…" in include/ and src/
must name a module of the same layer or a lower one, as the layer table of
docs/architecture.md ("Who may include whom") lists them; the capture and lab
libraries may include libglasstls and themselves, libglasstls neither of them.

  usage: layers-check.py REPO_ROOT      (prints "ok - …" / "FAIL - …" lines)
"""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1])
doc = (root / "docs/architecture.md").read_text()
section = doc.split("### Who may include whom", 1)[1].split("\n#", 1)[0]
layer_of = {}
for line in section.splitlines():
    m = re.match(r"\|\s*(\d+)\.", line)
    if m:
        for name in re.findall(r"`([a-z_0-9]+)`", line):
            layer_of[name] = int(m.group(1))

def module(path):   # src/x.cpp, src/x_y.cpp helpers, include/glasstls/x.hpp -> x
    p = pathlib.Path(path)
    return p.stem

problems, checked = [], 0
library = list((root / "include/glasstls").glob("*.hpp")) + list((root / "src").glob("*.cpp")) + list((root / "src").glob("*.hpp"))
for f in sorted(library):
    name = module(f)
    own = layer_of.get(name)
    if own is None:
        # a source that belongs to a module by prefix (dissect_extensions, x509_keys, crypto_public_key…)
        candidates = [m for m in layer_of if name.startswith(m + "_")]
        own = layer_of[max(candidates, key=len)] if candidates else None
    if own is None:
        if f.suffix == ".hpp" and f.parent.name == "src":
            continue   # internal helpers (constant_time.hpp, dissect_walk.hpp) belong to their includers
        problems.append(f"{f.relative_to(root)}: module '{name}' is in no layer of docs/architecture.md")
        continue
    for inc in re.findall(r'#include "glasstls/([a-z_0-9/]+)\.hpp"', f.read_text()):
        checked += 1
        if "/" in inc:
            problems.append(f"{f.relative_to(root)} includes glasstls/{inc}.hpp: libglasstls includes neither the capture nor the lab library")
        elif inc not in layer_of:
            problems.append(f"{f.relative_to(root)} includes {inc}.hpp, which is in no layer")
        elif layer_of[inc] > own:
            problems.append(f"{f.relative_to(root)} (layer {own}) includes {inc}.hpp (layer {layer_of[inc]}): an include running upward")
for lib in ("capture", "lab"):
    for f in sorted(list((root / "src" / lib).glob("*")) + list((root / "include/glasstls" / lib).glob("*"))):
        for inc in re.findall(r'#include "glasstls/([a-z_0-9]+)/', f.read_text()):
            checked += 1
            if inc != lib:
                problems.append(f"{f.relative_to(root)} includes the {inc} library: the tool libraries stand side by side")
print(f"{'FAIL' if problems else 'ok'} - no include runs upward ({checked} includes against {len(layer_of)} modules in {max(layer_of.values())} layers)")
for p in problems:
    print("    " + p)
sys.exit(1 if problems else 0)
