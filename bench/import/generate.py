#!/usr/bin/env python3
"""Writes test files for `klantmeting participants import` (questionnaire werkzoekenden-2009).

Usage: generate.py OUTDIR ROWS [ROWS ...]
Writes OUTDIR/werkpleinen.csv (20 Werkpleinen) and OUTDIR/participants-ROWS.csv per ROWS, the way Excel in a Dutch
locale saves "CSV (puntkomma)": ';' separated, UTF-8 with BOM, CRLF, one free column (team) and quoted fields.
Generated files are not committed.
"""
import os
import random
import sys

CITIES = ["Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg", "Almere", "Breda",
          "Nijmegen", "Apeldoorn", "Haarlem", "Enschede", "Arnhem", "Zaanstad", "Amersfoort", "Den Bosch", "Zwolle",
          "Leeuwarden", "Maastricht"]


def main():
    out, counts = sys.argv[1], [int(a) for a in sys.argv[2:]]
    os.makedirs(out, exist_ok=True)
    codes = [f"WP-{c[:3].upper()}{i:02d}" for i, c in enumerate(CITIES)]
    with open(os.path.join(out, "werkpleinen.csv"), "w", encoding="utf-8-sig", newline="") as f:
        f.write("code;naam;regio\r\n")
        for code, city in zip(codes, CITIES):
            f.write(f'{code};"Werkplein {city}; centrum";Regio {city}\r\n')
    rnd = random.Random(2009)
    for n in counts:
        with open(os.path.join(out, f"participants-{n}.csv"), "w", encoding="utf-8-sig", newline="") as f:
            f.write("ref;email;werkplein;vaste_contactpersoon;uitkering;dagen_tot_eerste_betaling;team\r\n")
            for i in range(1, n + 1):
                days = "" if i % 7 == 0 else str(rnd.randint(0, 120))
                f.write(f"K{i:08d};klant{i}@voorbeeld.nl;{codes[i % len(codes)]};{'ja' if i % 3 else 'nee'};"
                        f"{('WW', 'WWB', 'AO', 'geen')[i % 4]};{days};\"team {i % 12}, balie\"\r\n")


if __name__ == "__main__":
    main()
