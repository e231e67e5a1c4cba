#!/usr/bin/env python3
"""Prints the top-level modules of src/ each module uses (`crate::x`,
`use crate::{x, y}`), and every import cycle among them; exits 1 on a cycle."""
import glob, os, re, sys

root = os.path.join(os.path.dirname(__file__), "..", "src")
reexports = {"Error": "error", "ErrorClass": "error", "Backend": None}
uses = {}
for path in glob.glob(os.path.join(root, "**", "*.rs"), recursive=True):
    top = os.path.relpath(path, root).split(os.sep)[0].removesuffix(".rs")
    if top == "lib":
        continue
    text = open(path).read()
    names = set(re.findall(r"crate::([A-Za-z_]+)", text))
    for group in re.findall(r"use crate::\{([^}]*)\}", text):
        names.update(n.strip().split("::")[0] for n in group.split(",") if n.strip())
    deps = {reexports.get(n, n) for n in names} - {None, top, "self"}
    uses.setdefault(top, set()).update(deps)

cycles = set()
def walk(node, path):
    for dep in uses.get(node, ()):
        if dep in path:
            cycle = path[path.index(dep):]
            start = cycle.index(min(cycle))
            cycles.add(tuple(cycle[start:] + cycle[:start]))
        else:
            walk(dep, path + [dep])
for module in uses:
    walk(module, [module])
for module in sorted(uses):
    print(f"{module}: {', '.join(sorted(uses[module])) or '-'}")
for cycle in sorted(cycles):
    print("cycle:", " -> ".join(cycle + (cycle[0],)))
sys.exit(1 if cycles else 0)
