#!/usr/bin/env python3
"""Writes a round shaped like the national T3-2009 job-seeker measurement (questionnaire werkzoekenden-2009).

Usage: generate.py OUTDIR [--seed N]
Writes, deterministically (fixed seed, Python standard library only):
  OUTDIR/werkpleinen.csv   124 Werkpleinen WP-001 .. WP-124 (code,naam,regio)
  OUTDIR/participants.csv  110,418 invited job seekers (ref,email,werkplein,vaste_contactpersoon,uitkering,
                           dagen_tot_eerste_betaling; the last is empty for people without a benefit and ~4% others)
  OUTDIR/responses.csv     40,744 telephone responses (ref, totaaloordeel, the 14 statements, toelichting)

Shape (the published national figures of measurement round T3-2009): national totaaloordeel about 6.8; about 7.0 with a
vaste contactpersoon and 6.2 without; WW more positive than other benefits and no benefit; the faster the first
payment, the more positive. A few percent "weet niet" (written as 0, "weet niet", "nvt" or "n.v.t."), some empty
cells, and exactly PARTIAL partial (50-80% answered) and BREAK_OFF break-off (< 50%) rows, so that complete /
invited = 40,716 / 110,418 = 0.3687 (RR1 0.369). Five Werkpleinen are small, so some of their cells have n < 10.
The files are written the way a Dutch Excel writes "CSV (puntkomma)": ';' separated, UTF-8 with BOM, CRLF.
"""
import csv
import math
import os
import random
import sys

INVITED = 110_418
RESPONSES = 40_744
WERKPLEINEN = 124
SMALL = [22, 30, 45, 60, 90]          # participants of the last five Werkpleinen
PARTIAL = 20                          # rows with 8-11 of 15 items answered
BREAK_OFF = 8                         # rows with 1-7 of 15 items answered

PRINCIPLES = [("bereikbaarheid", 3, 0.1), ("persoonlijke_aandacht", 3, 0.3), ("maatwerk", 3, -0.2),
              ("tijdigheid", 2, -0.3), ("duidelijkheid", 3, 0.0)]
STATEMENTS = [(f"{p}.{i}", p, offset) for p, count, offset in PRINCIPLES for i in range(1, count + 1)]

UITKERING = [("WW", 0.45, 0.35), ("WWB", 0.25, -0.25), ("AO", 0.10, -0.25), ("geen", 0.20, -0.35)]
VCP = [("ja", 0.75, 0.2), ("nee", 0.25, -0.6)]
DONT_KNOW = ["0", "0", "weet niet", "nvt", "n.v.t.", "Weet niet", "NVT"]
REGIONS = ["Noord", "Oost", "Zuid", "West", "Midden", "Randstad"]
COMMENTS = [
    "Goed geholpen, de consulent nam de tijd.",
    "Lang moeten wachten op mijn eerste uitkering; daarna ging het goed.",
    "Ik werd steeds naar een ander loket gestuurd",
    "Prima, \"snel\" en duidelijk",
    "De website is onoverzichtelijk, maar aan de balie was men vriendelijk.",
    "Café-medewerker, nu werkzoekend: het re-integratietraject paste niet bij mij.",
    "Niet tevreden; afspraken werden niet nagekomen.",
    "Eén vast aanspreekpunt zou helpen.",
    "Vriendelijk personeel\nmaar lange wachttijden",
    "Geen opmerkingen.",
]


def payment_effect(days):
    if days is None:
        return 0.0
    if days <= 14:
        return 0.35
    if days <= 28:
        return 0.1
    if days <= 56:
        return -0.2
    return -0.5


def werkplein_sizes(rnd):
    weights = [math.exp(rnd.gauss(0, 0.5)) for _ in range(WERKPLEINEN - len(SMALL))]
    rest = INVITED - sum(SMALL)
    total = sum(weights)
    sizes = [int(w / total * rest) for w in weights]
    for i in range(rest - sum(sizes)):
        sizes[i % len(sizes)] += 1
    return sizes + SMALL


def pick(rnd, table):
    x = rnd.random()
    for row in table:
        x -= row[1]
        if x < 0:
            return row
    return table[-1]


def main():
    args = sys.argv[1:]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__)
    out = args[0]
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 2009
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(seed)

    codes = [f"WP-{i:03d}" for i in range(1, WERKPLEINEN + 1)]
    wp_effect = {c: rnd.gauss(0, 0.25) for c in codes}
    with open(os.path.join(out, "werkpleinen.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["code", "naam", "regio"])
        for i, c in enumerate(codes):
            w.writerow([c, f"Werkplein {i + 1}", f"Regio {REGIONS[i % len(REGIONS)]}"])

    werkplein_of = [c for c, n in zip(codes, werkplein_sizes(rnd)) for _ in range(n)]
    rnd.shuffle(werkplein_of)
    people = []
    with open(os.path.join(out, "participants.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["ref", "email", "werkplein", "vaste_contactpersoon", "uitkering", "dagen_tot_eerste_betaling"])
        for i in range(INVITED):
            ref = f"K{i + 1:07d}"
            vcp = pick(rnd, VCP)
            uitkering = pick(rnd, UITKERING)
            if uitkering[0] == "geen" or rnd.random() < 0.04:
                days = None
            else:
                days = min(200, int(rnd.expovariate(1 / 24)))
            wp = werkplein_of[i]
            latent = 6.8 + vcp[2] + uitkering[2] + payment_effect(days) + wp_effect[wp]
            people.append((ref, latent, days))
            w.writerow([ref, f"klant{i + 1}@voorbeeld.nl", wp, vcp[0], uitkering[0], "" if days is None else days])

    respondents = rnd.sample(people, RESPONSES)
    kinds = ["partial"] * PARTIAL + ["break_off"] * BREAK_OFF + ["complete"] * (RESPONSES - PARTIAL - BREAK_OFF)
    rnd.shuffle(kinds)
    items = 1 + len(STATEMENTS)
    grades = []
    with open(os.path.join(out, "responses.csv"), "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\r\n")
        w.writerow(["ref", "totaaloordeel"] + [s for s, _, _ in STATEMENTS] + ["toelichting"])
        for (ref, latent, days), kind in zip(respondents, kinds):
            person = latent + rnd.gauss(0, 1.25)
            grade = min(10, max(1, round(person)))
            values = []
            for _, principle, offset in STATEMENTS:
                if rnd.random() < 0.03:
                    values.append(rnd.choice(DONT_KNOW))
                    continue
                extra = payment_effect(days) if principle == "tijdigheid" else 0.0
                s = person + offset + extra + rnd.gauss(0, 1.0)
                values.append(str(min(5, max(1, round(1 + (s - 1) * 4 / 9)))))
            cells = [str(grade)] + values
            if kind == "partial":
                empty = items - rnd.randint(8, 11)
            elif kind == "break_off":
                empty = items - rnd.randint(1, 7)
            else:
                empty = rnd.choices([0, 1, 2, 3], [80, 12, 6, 2])[0]
            for k in rnd.sample(range(items), empty):
                cells[k] = ""
            comment = rnd.choice(COMMENTS) if rnd.random() < 0.12 else ""
            if cells[0]:
                grades.append(int(cells[0]))
            w.writerow([ref] + cells + [comment])

    print(f"{out}: {WERKPLEINEN} Werkpleinen, {INVITED} participants, {RESPONSES} responses "
          f"({RESPONSES - PARTIAL - BREAK_OFF} complete, {PARTIAL} partial, {BREAK_OFF} break-off); "
          f"mean totaaloordeel of all rows {sum(grades) / len(grades):.3f}", file=sys.stderr)


if __name__ == "__main__":
    main()
