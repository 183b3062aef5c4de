#!/usr/bin/env python3
"""Independent computation of the results export of a round, from the generated CSV files only (not the database).

Usage: independent.py DATADIR [--round NAME]
Reads DATADIR/werkpleinen.csv, participants.csv and responses.csv (as written by generate.py; ';' or ',' and an
optional BOM are accepted) and writes
  DATADIR/expected.csv                round,werkplein,breakdown,group,measure,n,mean,suppressed
  DATADIR/expected-response-rate.csv  round,werkplein,invited,complete,rr1
Definitions (issue 3, sections 2 and 3):
- a statement answered x (1-5) counts as the converted grade 1 + (x - 1) * 9 / 4; 0 / weet niet / nvt / n.v.t. is
  answered for completeness but is no score;
- completeness = answered items (statements + totaaloordeel) / (statements + 1); >= 0.8 complete, >= 0.5 partial;
  respondents = complete + partial;
- principle score = mean of the respondent's scored statements of that principle (none: no score); totaaloordeel as
  given; the n of a cell is the number of respondents with a value for its measure;
- cells: NL and every Werkplein x (totaal, and every group of every attribute: the choice values, the bands 0-14,
  15-28, 29-56, 57+ of dagen_tot_eerste_betaling, and 'onbekend' for a missing optional value) x (totaaloordeel and
  every principle). Every cell of that grid is written, also when nobody is in it;
- a cell with n < 10 is suppressed: n and mean empty, suppressed=true;
- RR1 = complete / invited (every participant counts as invited; imported responses count as complete).
"""
import csv
import math
import os
import sys
from collections import defaultdict

MINIMUM = 10
DONT_KNOW = {"0", "weet niet", "nvt", "n.v.t."}
CHOICES = {"vaste_contactpersoon": ["ja", "nee"], "uitkering": ["WW", "WWB", "AO", "geen"]}
BANDS = [("0-14", 0, 14), ("15-28", 15, 28), ("29-56", 29, 56), ("57+", 57, None)]
OPTIONAL = {"dagen_tot_eerste_betaling"}


def read(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        f.seek(0)
        if first.startswith("\ufeff"):
            f.read(1)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(f, delimiter=delimiter)
        header = [h.strip().lower() for h in next(reader)]
        for row in reader:
            if any(cell.strip() for cell in row):
                yield dict(zip(header, (cell.strip() for cell in row)))


def band(days):
    for label, low, high in BANDS:
        if days >= low and (high is None or days <= high):
            return label
    raise ValueError(days)


def groups_of(person):
    """(breakdown, group) pairs of one participant, 'totaal' first."""
    yield "totaal", "totaal"
    for attribute in CHOICES:
        value = person[attribute]
        yield attribute, next((c for c in CHOICES[attribute] if c.lower() == value.lower()), value) if value else "onbekend"
    days = person.get("dagen_tot_eerste_betaling", "")
    yield "dagen_tot_eerste_betaling", band(int(days)) if days else "onbekend"


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    folder = args[0]
    round_name = args[args.index("--round") + 1] if "--round" in args else "T3 2009"
    codes = [w["code"] for w in read(os.path.join(folder, "werkpleinen.csv"))]
    people = {p["ref"]: p for p in read(os.path.join(folder, "participants.csv"))}

    with open(os.path.join(folder, "responses.csv"), encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        header = [h.strip().lower() for h in next(csv.reader([first], delimiter=";" if first.count(";") > first.count(",") else ","))]
    statements = [h for h in header if "." in h and h not in ("ref", "totaaloordeel", "toelichting")]
    principles = list(dict.fromkeys(s.split(".")[0] for s in statements))
    measures = ["totaaloordeel"] + principles

    # (werkplein, breakdown, group, measure) -> [n, sum]
    cells = defaultdict(lambda: [0, 0.0])
    complete = defaultdict(int)
    for row in read(os.path.join(folder, "responses.csv")):
        person = people[row["ref"]]
        answered = sum(1 for s in statements if row.get(s, "")) + (1 if row.get("totaaloordeel", "") else 0)
        completeness = answered / (len(statements) + 1)
        if completeness >= 0.8:
            complete[person["werkplein"]] += 1
        if completeness < 0.5:
            continue
        values = {}
        if row.get("totaaloordeel", ""):
            values["totaaloordeel"] = float(int(row["totaaloordeel"]))
        for principle in principles:
            scores = [1 + (int(row[s]) - 1) * 9 / 4 for s in statements
                      if s.startswith(principle + ".") and row.get(s, "") and row[s].lower() not in DONT_KNOW]
            if scores:
                values[principle] = sum(scores) / len(scores)
        for werkplein in ("NL", person["werkplein"]):
            for breakdown, group in groups_of(person):
                for measure, value in values.items():
                    cell = cells[(werkplein, breakdown, group, measure)]
                    cell[0] += 1
                    cell[1] += value

    grid = [("totaal", "totaal")] + [(a, g) for a, values in CHOICES.items() for g in values] + \
           [("dagen_tot_eerste_betaling", label) for label, _, _ in BANDS] + [("dagen_tot_eerste_betaling", "onbekend")]
    written = suppressed = 0
    with open(os.path.join(folder, "expected.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["round", "werkplein", "breakdown", "group", "measure", "n", "mean", "suppressed"])
        for werkplein in ["NL"] + codes:
            for breakdown, group in grid:
                for measure in measures:
                    n, total = cells.get((werkplein, breakdown, group, measure), (0, 0.0))
                    written += 1
                    if n < MINIMUM:
                        suppressed += 1
                        w.writerow([round_name, werkplein, breakdown, group, measure, "", "", "true"])
                    else:
                        w.writerow([round_name, werkplein, breakdown, group, measure, n, f"{total / n:.6f}", "false"])

    invited = defaultdict(int)
    for p in people.values():
        invited[p["werkplein"]] += 1
    with open(os.path.join(folder, "expected-response-rate.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["round", "werkplein", "invited", "complete", "rr1"])
        w.writerow([round_name, "NL", len(people), sum(complete.values()), f"{sum(complete.values()) / len(people):.6f}"])
        for code in codes:
            w.writerow([round_name, code, invited[code], complete[code],
                        f"{complete[code] / invited[code]:.6f}" if invited[code] else ""])

    nl = lambda b, g: cells[("NL", b, g, "totaaloordeel")]
    mean = lambda c: c[1] / c[0] if c[0] else math.nan
    print(f"expected.csv: {written} cells, {suppressed} suppressed; NL totaaloordeel {mean(nl('totaal', 'totaal')):.3f} "
          f"(vaste contactpersoon ja {mean(nl('vaste_contactpersoon', 'ja')):.3f}, nee {mean(nl('vaste_contactpersoon', 'nee')):.3f}; "
          + ", ".join(f"{u} {mean(nl('uitkering', u)):.3f}" for u in CHOICES["uitkering"]) + "; "
          + ", ".join(f"{b} {mean(nl('dagen_tot_eerste_betaling', b)):.3f}" for b, _, _ in BANDS) + "); "
          f"RR1 NL = {sum(complete.values())}/{len(people)} = {sum(complete.values()) / len(people):.4f}")


if __name__ == "__main__":
    main()
