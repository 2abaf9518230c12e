#!/usr/bin/env python3
"""Fails when a crate in the build graph has a licence that is not compatible with MIT OR Apache-2.0 use.

Reads `cargo metadata` (every package the workspace resolves to, for every target), evaluates each SPDX
expression (`A OR B` needs one allowed side, `A AND B` both, `X WITH exception` is judged by X) and lists the
offenders. The same check as `cargo deny check licenses` with an allow-list, without installing anything."""
import json, re, subprocess, sys

ALLOWED = {
    "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "Zlib", "0BSD", "Unlicense", "CC0-1.0",
    "BSL-1.0", "Unicode-3.0", "Unicode-DFS-2016", "MPL-2.0", "CDLA-Permissive-2.0", "OpenSSL", "bzip2-1.0.6",
    "LLVM-exception",
}

def tokens(expr):
    return re.findall(r"\(|\)|[A-Za-z0-9.\-+]+", expr.replace("/", " OR "))

def parse(ts):
    def atom():
        t = ts.pop(0)
        if t == "(":
            v = expr()
            ts.pop(0)
            return v
        ok = t.rstrip("+") in ALLOWED
        if ts and ts[0] == "WITH":
            ts.pop(0); ts.pop(0)
        return ok
    def conj():
        v = atom()
        while ts and ts[0] == "AND":
            ts.pop(0); v = atom() and v
        return v
    def expr():
        v = conj()
        while ts and ts[0] == "OR":
            ts.pop(0); v = conj() or v
        return v
    return expr()

meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
used = {n["id"] for n in meta["resolve"]["nodes"]}
bad = []
for p in meta["packages"]:
    if p["id"] not in used or p["source"] is None:
        continue
    lic = p.get("license")
    if not lic or not parse(tokens(lic)):
        bad.append(f'{p["name"]} {p["version"]}: {lic or "no licence given"}')
ours = [p for p in meta["packages"] if p["source"] is None]
for p in ours:
    if p.get("license") != "MIT OR Apache-2.0":
        bad.append(f'{p["name"]} (ours): licence is {p.get("license")!r}, expected "MIT OR Apache-2.0"')
print(f"licences: {len(used)} packages checked, {len(bad)} not allowed")
for b in bad:
    print("  ", b)
sys.exit(1 if bad else 0)
