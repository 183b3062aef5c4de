#!/usr/bin/env python3
"""Lists the longest methods (brace counting) in hand-written C#: infra/longest-methods.py [DIR=src] [TOP=10]. Skips obj/, bin/, Migrations/ and generated files."""
import os, re, sys
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
top = int(sys.argv[2]) if len(sys.argv) > 2 else 10
sig = re.compile(r'^\s*(?:\[[^\]]*\]\s*)*(?:(?:public|private|protected|internal|static|async|override|virtual|sealed|partial|unsafe|extern|new|abstract)\s+)+[\w<>\[\],.?() ]+?\s+(\w+)\s*(?:<[^>]*>)?\s*\(')
ctl = {'if','for','foreach','while','switch','using','catch','lock','return','new','fixed'}
res = []
for d, dirs, files in os.walk(root):
    dirs[:] = [x for x in dirs if x not in ('obj', 'bin', 'Migrations')]
    for f in files:
        if not f.endswith('.cs') or f.endswith('.g.cs') or f.endswith('.Designer.cs'):
            continue
        p = os.path.join(d, f)
        lines = open(p, encoding='utf-8').read().split('\n')
        i = 0
        while i < len(lines):
            m = sig.match(lines[i])
            if m and m.group(1) not in ctl and not re.search(r'\b(class|record|struct|interface)\b', lines[i]) and not lines[i].rstrip().endswith(';'):
                # find the opening brace (or => expression body) and count to the matching close
                depth = 0; started = False; j = i
                while j < len(lines):
                    s = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])\'|//.*', '', lines[j])
                    if not started and '=>' in s and '{' not in s.split('=>')[0]:
                        # expression body: ends at the first line ending in ';' at depth 0
                        k = j
                        while k < len(lines) and not lines[k].rstrip().endswith(';'):
                            k += 1
                        j = k; break
                    for ch in s:
                        if ch == '{': depth += 1; started = True
                        elif ch == '}': depth -= 1
                    if started and depth <= 0:
                        break
                    if not started and s.rstrip().endswith(';'):
                        break
                    j += 1
                n = j - i + 1
                res.append((n, p, i + 1, m.group(1)))
                i = i + 1 if n < 3 else i + 1
            i += 1
res.sort(reverse=True)
for n, p, l, name in res[:top]:
    print(f'{n:5d}  {p}:{l}  {name}')
