#!/usr/bin/env python3
"""Compares an exported results CSV with the independent computation (expected.csv).

Usage: compare.py RESULTS.csv EXPECTED.csv [--tolerance 0.005]
       [--response-rate RESPONSE-RATE.csv EXPECTED-RESPONSE-RATE.csv [--rr1 0.369]]
RESULTS.csv: round,werkplein,breakdown,group,measure,n,mean,sd,ci_low,ci_high,top2,suppressed (from
`klantmeting results export`); EXPECTED.csv: round,werkplein,breakdown,group,measure,n,mean,suppressed (from
independent.py). Every cell must be in both files, with the same suppression, the same n and |mean difference| <=
tolerance. With --response-rate, also every Werkplein's and NL's invited and complete counts and rr1 (to 0.0005), and
RR1 of NL rounded to 3 decimals equal to --rr1 when given. Prints the number of cells compared and the largest
difference; exits 1 on any mismatch.
"""
import csv
import sys

KEY = ("round", "werkplein", "breakdown", "group", "measure")


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def keyed(rows, path, problems):
    cells = {}
    for row in rows:
        key = tuple(row[k] for k in KEY)
        if key in cells:
            problems.append(f"{path}: cel {key} komt twee keer voor")
        cells[key] = row
    return cells


def is_true(value):
    return value.strip().lower() == "true"


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    tolerance = float(args[args.index("--tolerance") + 1]) if "--tolerance" in args else 0.005
    problems = []
    actual = keyed(read(args[0]), args[0], problems)
    expected = keyed(read(args[1]), args[1], problems)
    for key in sorted(expected.keys() - actual.keys()):
        problems.append(f"ontbreekt in {args[0]}: {','.join(key)}")
    for key in sorted(actual.keys() - expected.keys()):
        problems.append(f"niet verwacht in {args[0]}: {','.join(key)}")

    compared = 0
    max_diff = 0.0
    worst = None
    for key in sorted(expected.keys() & actual.keys()):
        e, a = expected[key], actual[key]
        compared += 1
        cell = ",".join(key)
        if is_true(e["suppressed"]) != is_true(a["suppressed"]):
            problems.append(f"{cell}: suppressed {a['suppressed']}, verwacht {e['suppressed']}")
            continue
        if is_true(e["suppressed"]):
            if a["n"].strip() or a["mean"].strip():
                problems.append(f"{cell}: onderdrukte cel toont toch n={a['n']!r} mean={a['mean']!r}")
            continue
        if a["n"].strip() != e["n"].strip():
            problems.append(f"{cell}: n {a['n']}, verwacht {e['n']}")
        try:
            diff = abs(float(a["mean"]) - float(e["mean"]))
        except ValueError:
            problems.append(f"{cell}: mean {a['mean']!r} is geen getal")
            continue
        if diff > max_diff:
            max_diff, worst = diff, cell
        if diff > tolerance:
            problems.append(f"{cell}: mean {a['mean']}, verwacht {e['mean']} (verschil {diff:.6f})")

    print(f"results: {compared} cellen vergeleken, grootste verschil in mean {max_diff:.6f}" + (f" ({worst})" if worst else ""))

    if "--response-rate" in args:
        i = args.index("--response-rate")
        rr_actual = {(r["round"], r["werkplein"]): r for r in read(args[i + 1])}
        rr_expected = {(r["round"], r["werkplein"]): r for r in read(args[i + 2])}
        for key in sorted(rr_expected.keys() - rr_actual.keys()):
            problems.append(f"response-rate: ontbreekt {','.join(key)}")
        for key in sorted(rr_expected.keys() & rr_actual.keys()):
            e, a = rr_expected[key], rr_actual[key]
            for column in ("invited", "complete"):
                if a[column].strip() != e[column].strip():
                    problems.append(f"response-rate {','.join(key)}: {column} {a[column]}, verwacht {e[column]}")
            if e["rr1"] and abs(float(a["rr1"] or "nan") - float(e["rr1"])) > 0.0005:
                problems.append(f"response-rate {','.join(key)}: rr1 {a['rr1']}, verwacht {e['rr1']}")
        nl = [r for k, r in rr_actual.items() if k[1] == "NL"]
        if nl:
            print(f"response-rate: {len(rr_expected)} rijen vergeleken; RR1 NL = {float(nl[0]['rr1']):.4f}")
            if "--rr1" in args and round(float(nl[0]["rr1"]), 3) != float(args[args.index("--rr1") + 1]):
                problems.append(f"RR1 NL {nl[0]['rr1']} is afgerond niet {args[args.index('--rr1') + 1]}")

    for problem in problems[:50]:
        print(problem, file=sys.stderr)
    if len(problems) > 50:
        print(f"... en nog {len(problems) - 50} verschillen", file=sys.stderr)
    if problems:
        print(f"NIET GELIJK: {len(problems)} verschil(len)", file=sys.stderr)
        sys.exit(1)
    print("GELIJK")


if __name__ == "__main__":
    main()
