#!/usr/bin/env bash
# The "Done when" check of issue 3: a round shaped like the national T3-2009 round (110,418 invited, 40,744
# telephone responses), imported with the klantmeting CLI into a fresh SQLite file, exported, and compared cell by
# cell with an independent computation from the same CSV files. Prints the time (and peak RSS) of every step.
#
# Usage: bench/national2009/run.sh [WORKDIR]     (default: a new temporary folder, kept afterwards)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/national2009.XXXXXX)}"
mkdir -p "$work"
rm -f "$work/klantmeting.db" "$work/klantmeting.db-wal" "$work/klantmeting.db-shm"
export ConnectionStrings__Klantmeting="Data Source=$work/klantmeting.db"
K="$root/klantmeting"
round="T3 2009"

# step NAME COMMAND...: runs the command, prints wall time and peak RSS (when /usr/bin/time is there).
step() {
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%M" -o "$work/.rss" "$@"
  else
    "$@"
  fi
  end=$(date +%s.%N)
  local rss=""
  [ -f "$work/.rss" ] && rss=", peak RSS $(( $(tail -1 "$work/.rss") / 1024 )) MB" && rm -f "$work/.rss"
  printf '== %-28s %7.2f s%s\n' "$name" "$(echo "$end - $start" | bc)" "$rss" | tee -a "$work/timings.txt" >&2
}

: > "$work/timings.txt"
echo "Work folder: $work" >&2
step "build CLI (Release)" dotnet build "$root/src/Klantmeting.Cli" -c Release -nologo -v q
step "generate data" python3 "$here/generate.py" "$work"
step "werkpleinen import" "$K" werkpleinen import "$work/werkpleinen.csv"
step "rounds create" "$K" rounds create --name "$round" --questionnaire werkzoekenden-2009 --from 2009-09-01 --to 2009-11-30
step "participants import" "$K" participants import --round "$round" "$work/participants.csv"
step "responses import" "$K" responses import --round "$round" --mode telefoon "$work/responses.csv"
step "independent computation" python3 "$here/independent.py" "$work" --round "$round"

# A command exists when the root help lists it ('--help' after an unknown command still exits 0).
has_command() { "$K" --help 2>/dev/null | grep -qE "^  $1( |$)"; }

if ! has_command results; then
  echo "De opdracht 'klantmeting results export' bestaat (nog) niet in deze versie: import klaar, vergelijking overgeslagen." >&2
  echo "Verwachte cellen staan in $work/expected.csv en $work/expected-response-rate.csv." >&2
  exit 3
fi
step "results export" "$K" results export --round "$round" --out "$work/results.csv"

compare=(python3 "$here/compare.py" "$work/results.csv" "$work/expected.csv")
if has_command response-rate; then
  step "response-rate export" "$K" response-rate export --round "$round" --out "$work/response-rate.csv"
  compare+=(--response-rate "$work/response-rate.csv" "$work/expected-response-rate.csv" --rr1 0.369)
else
  echo "De opdracht 'klantmeting response-rate export' bestaat (nog) niet: RR1 niet vergeleken." >&2
fi
step "compare" "${compare[@]}"
echo "Alle tijden: $work/timings.txt" >&2
