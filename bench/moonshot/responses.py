#!/usr/bin/env python3
"""Writes a `klantmeting responses import` file for the 1,000,000-person round of bench/run.sh (the moonshot stage).

Usage: responses.py SURVEY.yaml PARTICIPANTS.csv COUNT > responses.csv

One row per responding participant (refs of bench/import/generate.py, the first COUNT of every second-and-a-half
participant, so every Werkplein responds), all statements of the questionnaire (1-5, about 5% "weet niet" as an empty
cell) and the overall grade (1-10). Seeded: the same file every run.
"""
import random
import re
import sys


def statement_columns(survey_path):
    """principle.N for every statement of every principle, in file order (a plain line scan, no YAML library)."""
    columns, principle, in_principles, in_statements = [], None, False, False
    for line in open(survey_path, encoding="utf-8"):
        if re.match(r"^\S", line):
            in_principles = line.startswith("principles:")
            in_statements = False
            continue
        if not in_principles:
            continue
        m = re.match(r"^  - id: (\S+)", line)
        if m:
            principle, count, in_statements = m.group(1), 0, False
            continue
        if re.match(r"^    statements:", line):
            in_statements = True
            continue
        if re.match(r"^    \S", line):
            in_statements = False
            continue
        if in_statements and re.match(r"^      - ", line):
            count += 1
            columns.append(f"{principle}.{count}")
    return columns


def main():
    survey, participants, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    columns = statement_columns(survey)
    if not columns:
        sys.exit(f"{survey}: no statements found")
    rnd = random.Random(2009)
    out = sys.stdout
    out.write("ref,totaaloordeel," + ",".join(columns) + "\n")
    written = 0
    with open(participants, encoding="utf-8-sig") as f:
        next(f)
        for i, line in enumerate(f):
            if written == count:
                break
            if i % 5 not in (1, 3):   # two in five participants respond
                continue
            ref = line.split(";", 1)[0]
            grade = min(10, max(1, round(rnd.gauss(6.5, 1.6))))
            answers = ["" if rnd.random() < 0.05 else str(min(5, max(1, round(rnd.gauss(3.4, 1.0))))) for _ in columns]
            out.write(f"{ref},{grade}," + ",".join(answers) + "\n")
            written += 1
    if written < count:
        sys.exit(f"{participants}: only {written} responding participants, {count} asked")


if __name__ == "__main__":
    main()
