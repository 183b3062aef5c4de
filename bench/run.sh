#!/usr/bin/env bash
# The benchmarks of issue 7: a national round on one machine, each stage next to the limit of the part under it.
# Builds in Release, starts smtp-sink (and the web host where a scenario needs it) on free 127.0.0.1 ports, runs
# every scenario in one go and writes bench/results.json and bench/results.md (--quick: a tenth of the size, written
# to bench/results-quick.json and bench/results-quick.md). Timings are reported, never asserted.
#
# Usage: bench/run.sh [--quick]      (BENCH_WORK=DIR keeps the generated files there; default a new /tmp folder)
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
work="${BENCH_WORK:-$(mktemp -d /tmp/klantmeting-bench.XXXXXX)}"
# Check (and, as root, install) what the bench needs before anything runs: smtp-sink is the SMTP server of dispatch.
. "$root/infra/prereqs.sh"
ensure_prereqs dotnet smtp-sink python3 curl time
mkdir -p "$work"
if [ $quick = 1 ]; then div=10; suffix="-quick"; else div=1; suffix=""; fi
IMPORT_ROWS=$((1000000 / div)); DISPATCH_MSGS=$((100000 / div)); ANSWER_RESPONDENTS=$((4000 / div))
RESULTS_SMALL=($((110000 / div)) $((40000 / div))); RESULTS_LARGE=($((1000000 / div)) $((400000 / div)))
ROUND_INVITED=$((110418 / div)); ROUND_WEB=$((40744 / div))
CONCURRENCY=200; WORKERS=2   # Jobs:WorkerCount default on 2 cores
THINK_MS=1000                # answer_paced: pause per page of each simulated respondent
echo "Work folder: $work (quick=$quick)" >&2
: > "$work/stages.tsv"
cut -d" " -f1-3 /proc/loadavg > "$work/load-start.txt"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# stage NAME COMMAND...: runs the command, records wall seconds and peak RSS (MB) in stages.tsv; its stdout goes
# to $work/NAME.out (the scenario's JSON is the last line).
stage() {
  local name="$1"; shift
  /usr/bin/time -f "%e %M" -o "$work/$name.time" "$@" > "$work/$name.out"
  read -r secs kb < <(tail -1 "$work/$name.time")
  printf '%s\t%s\t%s\n' "$name" "$secs" "$((kb / 1024))" >> "$work/stages.tsv"
  printf '== %-32s %8.2f s  peak RSS %5d MB\n' "$name" "$secs" "$((kb / 1024))" >&2
}

# A fresh SQLite file with the Werkpleinen and one round, made with the product's CLI.
new_db() { # DB WERKPLEINEN-CSV ROUND
  rm -f "$1" "$1-wal" "$1-shm"
  ConnectionStrings__Klantmeting="Data Source=$1" $K werkpleinen import "$2" > /dev/null
  ConnectionStrings__Klantmeting="Data Source=$1" $K rounds create --name "$3" --questionnaire werkzoekenden-2009 \
    --from 2009-09-01 --to 2009-11-30 > /dev/null
}

echo "== build (Release)" >&2
for p in src/Klantmeting.Cli src/Klantmeting.Web bench/Klantmeting.Bench; do
  dotnet build "$root/$p" -c Release -nologo -v q >&2
done
K="dotnet $root/src/Klantmeting.Cli/bin/Release/net10.0/Klantmeting.Cli.dll"
B="dotnet $root/bench/Klantmeting.Bench/bin/Release/net10.0/Klantmeting.Bench.dll"
WEB="$root/src/Klantmeting.Web/bin/Release/net10.0/Klantmeting.Web.dll"

smtp_port=$(free_port)
if [ "$(id -u)" = 0 ]; then sink_user=(-u postfix); else sink_user=(); fi
/usr/sbin/smtp-sink "${sink_user[@]}" 127.0.0.1:"$smtp_port" 1000 > "$work/smtp-sink.log" 2>&1 &
pids+=($!)
# Without a listening sink every dispatch stage would fail with "connection refused": wait for it, or stop clearly.
smtp_up() { (exec 3<>"/dev/tcp/127.0.0.1/$smtp_port") 2>/dev/null; }
for _ in $(seq 1 50); do smtp_up && break; sleep 0.1; done
smtp_up || { echo "bench/run.sh: smtp-sink did not start on 127.0.0.1:$smtp_port (see $work/smtp-sink.log)" >&2; exit 1; }
echo "smtp-sink on 127.0.0.1:$smtp_port" >&2

# start_web DB: the real web host (Kestrel, Release, SQLite) as a web node; sets web_url.
start_web() {
  local port; port=$(free_port)
  web_url="http://127.0.0.1:$port"
  ASPNETCORE_URLS="$web_url" ASPNETCORE_ENVIRONMENT=Production ConnectionStrings__Klantmeting="Data Source=$1" \
    Logging__LogLevel__Default=Warning Demo__Seed=false App__PublicBaseUrl="$web_url" \
    dotnet "$WEB" --role web --contentRoot "$root/src/Klantmeting.Web" > "$work/web-$port.log" 2>&1 &
  web_pid=$!
  pids+=($web_pid)
  for _ in $(seq 1 120); do
    curl -fs "$web_url/health/ready" > /dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "web host did not become ready; see $work/web-$port.log" >&2
  return 1
}
stop_web() { kill "$web_pid" 2>/dev/null || true; wait "$web_pid" 2>/dev/null || true; }

# 1. Import: the CLI (its own process, for peak RSS) vs raw prepared inserts.
python3 "$here/import/generate.py" "$work/import" "$IMPORT_ROWS"
new_db "$work/import.db" "$work/import/werkpleinen.csv" B
ConnectionStrings__Klantmeting="Data Source=$work/import.db" stage import \
  $K participants import --round B "$work/import/participants-$IMPORT_ROWS.csv"
new_db "$work/import-raw.db" "$work/import/werkpleinen.csv" B
stage import_raw $B import-raw "$work/import-raw.db" "$work/import/participants-$IMPORT_ROWS.csv"
rm -f "$work"/import*.db*

# 2. Dispatch: InvitationDispatcher end to end vs MailKit with pre-rendered messages, both to smtp-sink.
python3 "$here/import/generate.py" "$work/dispatch" "$DISPATCH_MSGS"
new_db "$work/dispatch.db" "$work/dispatch/werkpleinen.csv" D
export ConnectionStrings__Klantmeting="Data Source=$work/dispatch.db"
$K participants import --round D "$work/dispatch/participants-$DISPATCH_MSGS.csv" > /dev/null
$K rounds open D > /dev/null
unset ConnectionStrings__Klantmeting
stage dispatch $B dispatch "$work/dispatch.db" "$smtp_port" "$WORKERS"
stage dispatch_raw $B dispatch-raw "$smtp_port" "$DISPATCH_MSGS" "$WORKERS" 200
rm -f "$work"/dispatch.db*

# 3. Answering: simulated respondents against the real web host vs a static endpoint of the same host.
# Twice the respondents are invited: half answer in a closed loop, the other half paced (answer_paced).
python3 "$here/import/generate.py" "$work/answer" $((2 * ANSWER_RESPONDENTS))
new_db "$work/answer.db" "$work/answer/werkpleinen.csv" A
export ConnectionStrings__Klantmeting="Data Source=$work/answer.db"
$K participants import --round A "$work/answer/participants-$((2 * ANSWER_RESPONDENTS)).csv" > /dev/null
$K rounds open A > /dev/null
unset ConnectionStrings__Klantmeting
$B tokens "$work/answer.db" A $((2 * ANSWER_RESPONDENTS)) "$work/answer-tokens-all.txt" > /dev/null
head -n "$ANSWER_RESPONDENTS" "$work/answer-tokens-all.txt" > "$work/answer-tokens.txt"
tail -n +"$((ANSWER_RESPONDENTS + 1))" "$work/answer-tokens-all.txt" > "$work/answer-tokens-2.txt"
start_web "$work/answer.db"
stage answer $B answer "$web_url" "$work/answer-tokens.txt" "$CONCURRENCY" /health/live
# The other respondents, each pausing THINK_MS on every page (still far faster than a person): the latency under a
# heavy but real-shaped load, next to the closed loop above, which measures capacity.
stage answer_paced $B answer-paced "$web_url" "$work/answer-tokens-2.txt" "$CONCURRENCY" "$THINK_MS"
stop_web
rm -f "$work"/answer.db*

# 4. Results: every cell at two sizes vs one plain GROUP BY (generated rounds, kept in the work folder).
stage results_small $B results "$work/results-${RESULTS_SMALL[0]}.db" "${RESULTS_SMALL[@]}"
stage results_large $B results "$work/results-${RESULTS_LARGE[0]}.db" "${RESULTS_LARGE[@]}"

# 5. The national 2009 round end to end: import, dispatch, web responses over HTTP, exports.
python3 "$here/national2009/generate.py" "$work/round" > /dev/null
head -n $((ROUND_INVITED + 1)) "$work/round/participants.csv" > "$work/round/participants-$ROUND_INVITED.csv"
rdb="$work/round.db"
rm -f "$rdb" "$rdb-wal" "$rdb-shm"
export ConnectionStrings__Klantmeting="Data Source=$rdb"
stage round_werkpleinen $K werkpleinen import "$work/round/werkpleinen.csv"
stage round_create $K rounds create --name "T3 2009" --questionnaire werkzoekenden-2009 --from 2009-09-01 --to 2009-11-30
stage round_import $K participants import --round "T3 2009" "$work/round/participants-$ROUND_INVITED.csv"
stage round_open $K rounds open "T3 2009"
unset ConnectionStrings__Klantmeting
stage round_dispatch $B dispatch "$rdb" "$smtp_port" "$WORKERS"
# Not part of the round: smtp-sink keeps no mail, so the bench gives the respondents links it knows.
$B tokens "$rdb" "T3 2009" "$ROUND_WEB" "$work/round-tokens.txt" > "$work/round_tokens.out"
start_web "$rdb"
stage round_answer $B answer "$web_url" "$work/round-tokens.txt" "$CONCURRENCY"
stop_web
export ConnectionStrings__Klantmeting="Data Source=$rdb"
stage round_results_export $K results export --round "T3 2009" --out "$work/round-results.csv"
stage round_response_rate_export $K response-rate export --round "T3 2009" --out "$work/round-response-rate.csv"
unset ConnectionStrings__Klantmeting

python3 "$here/report.py" "$work" "$quick" "$here/results$suffix.json" "$here/results$suffix.md"
echo "Written: $here/results$suffix.json, $here/results$suffix.md (work folder $work)" >&2
