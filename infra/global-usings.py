#!/usr/bin/env python3
"""Removes from src/Klantmeting/**/*.cs the using directives that Klantmeting.csproj declares global
(<Using Include="..."/>), so a file lists only the namespaces particular to it. Idempotent."""
import pathlib, re, sys
root = pathlib.Path(__file__).resolve().parent.parent / "src" / "Klantmeting"
proj = (root / "Klantmeting.csproj").read_text()
globals_ = set(re.findall(r'<Using Include="([^"]+)"\s*/>', proj))
changed = 0
for f in root.rglob("*.cs"):
    if "/obj/" in str(f) or "/bin/" in str(f):
        continue
    text = f.read_text()
    lines = text.split("\n")
    out = [l for l in lines if not (l.startswith("using ") and l[6:].rstrip().rstrip(";") in globals_)]
    if out != lines:
        # drop a blank line left at the top of the file
        while out and out[0].strip() == "":
            out.pop(0)
        f.write_text("\n".join(out))
        changed += 1
print(f"{changed} files changed", file=sys.stderr)
