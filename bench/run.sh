#!/usr/bin/env bash
# The benchmarks of issue 7: a national round on one machine, each stage next to the limit of the part under it.
# Builds in Release, starts smtp-sink (and the web host where a scenario needs it) on free 127.0.0.1 ports, runs
# every scenario in one go and writes bench/results.json and bench/results.md (--quick: a tenth of the size, written
# to bench/results-quick.json and bench/results-quick.md). Timings are reported, never asserted.
#
# Usage: bench/run.sh [--quick]      (BENCH_WORK=DIR keeps the generated files there; default a new /tmp folder)
# The full run ends with the 1,000,000-person round on PostgreSQL (moonshot); BENCH_MOONSHOT=0 leaves it out,
# BENCH_MOONSHOT_INVITED=N gives it another size (responses: 40% of N), BENCH_ONLY=moonshot runs only that stage.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "$0")")" && pwd)"
root="$(cd "$here/.." && pwd)"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
work="${BENCH_WORK:-$(mktemp -d /tmp/klantmeting-bench.XXXXXX)}"
# Check (and, as root, install) what the bench needs before anything runs: smtp-sink is the SMTP server of dispatch.
. "$root/infra/prereqs.sh"
ensure_prereqs dotnet smtp-sink postgresql python3 curl time
mkdir -p "$work"
chmod a+rx "$work"   # smtp-sink runs as postfix and writes its dump below it
if [ $quick = 1 ]; then div=10; suffix="-quick"; else div=1; suffix=""; fi
IMPORT_ROWS=$((1000000 / div)); DISPATCH_MSGS=$((100000 / div)); ANSWER_RESPONDENTS=$((4000 / div))
ANSWER_WARMUP=1000           # respondents of an untimed first pass (answer_warmup): the host's code is jitted and tiered up
RESULTS_SMALL=($((110000 / div)) $((40000 / div))); RESULTS_LARGE=($((1000000 / div)) $((400000 / div)))
ROUND_INVITED=$((110418 / div)); ROUND_WEB=$((40744 / div))
PAGES_ROUND=($((110000 / div)) $((40000 / div))); PAGES_USERS=20; PAGES_PASSES=$((10 / div + 2))
MOONSHOT=${BENCH_MOONSHOT:-$((1 - quick))}; MOONSHOT_INVITED=${BENCH_MOONSHOT_INVITED:-1000000}
MOONSHOT_RESPONSES=$((MOONSHOT_INVITED * 2 / 5)); MOONSHOT_WORKERS=4
ONLY=${BENCH_ONLY:-}
# BENCH_FROM=PROVIDER:SCENARIO (sqlite|pg : import dispatch answer results round pages moonshot) goes on in the work folder
# of a run that stopped: the scenarios before it are skipped and their figures, kept in that folder, are reported.
FROM=${BENCH_FROM:-}
if [ -n "$FROM" ] && [ ! -f "$work/stages.tsv" ]; then echo "bench/run.sh: BENCH_FROM needs BENCH_WORK with an earlier run" >&2; exit 2; fi
reached=0; [ -z "$FROM" ] && reached=1
# want SCENARIO: whether the scenario runs for $provider (every one without BENCH_FROM; from that one on with it).
want() { [ $reached = 1 ] || [ "$FROM" = "$provider:$1" ] && reached=1; [ $reached = 1 ]; }
CONCURRENCY=200; WORKERS=2   # Jobs:WorkerCount default on 2 cores
THINK_MS=1000                # answer_paced: pause per page of each simulated respondent
echo "Work folder: $work (quick=$quick)" >&2
if [ -z "$FROM" ]; then
  : > "$work/stages.tsv"
  cut -d" " -f1-3 /proc/loadavg > "$work/load-start.txt"
fi
cut -d" " -f1-3 /proc/loadavg >> "$work/load-starts.txt"   # every start, a resumed one too

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

# Every scenario runs on both providers: SQLite (a file in the work folder) and PostgreSQL (a database of the
# throw-away cluster started below). A database is named by NAME; db NAME gives its SQLite path or its PostgreSQL
# connection string, as the bench's own commands take them (see Klantmeting.Bench/RawDb.cs).
provider=sqlite
db() { if [ "$provider" = pg ]; then echo "$PG_SERVER;Database=$1"; else echo "$work/$1.db"; fi; }
# with_db DB COMMAND...: runs the command with the product pointed at DB (the CLI and the web host read these).
with_db() {
  local d="$1"; shift
  if [[ "$d" == Host=* ]]; then Database__Provider=PostgreSql ConnectionStrings__Klantmeting="$d" "$@"
  else ConnectionStrings__Klantmeting="Data Source=$d" "$@"; fi
}
# drop_db NAME: removes the database (file or PostgreSQL database) if it exists.
drop_db() {
  if [ "$provider" = pg ]; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qX -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" > /dev/null
  else rm -f "$work/$1.db" "$work/$1.db-wal" "$work/$1.db-shm"; fi
}
# fresh_db NAME [TEMPLATE]: an empty database (PostgreSQL: created, from TEMPLATE if given; SQLite: no file yet).
fresh_db() {
  drop_db "$1"
  if [ "$provider" = pg ]; then
    psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qX -c "CREATE DATABASE \"$1\"${2:+ TEMPLATE \"$2\"}" > /dev/null
  fi
}
# new_db NAME WERKPLEINEN-CSV ROUND: a fresh database with the Werkpleinen and one round, made with the product's CLI.
new_db() {
  fresh_db "$1"
  with_db "$(db "$1")" $K werkpleinen import "$2" > /dev/null
  with_db "$(db "$1")" $K rounds create --name "$3" --questionnaire werkzoekenden-2009 \
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

# PostgreSQL: a throw-away cluster on 127.0.0.1 (trust auth, fsync off, as infra/test.sh starts it).
PG_BIN=$(postgres_bin)
PG_PORT=$(free_port)
PG_DIR=$(mktemp -d /tmp/klantmeting-bench-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; as_pg=(runuser -u postgres --); else as_pg=(); fi
"${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 > "$work/pg-initdb.log" 2>&1 \
  || { echo "bench/run.sh: initdb failed (see $work/pg-initdb.log)" >&2; exit 1; }
"${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=512MB" > /dev/null \
  || { echo "bench/run.sh: PostgreSQL did not start (see $PG_DIR/server.log)" >&2; exit 1; }
stop_pg() { "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop > /dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_pg; }
PG_SERVER="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused"
export PGOPTIONS="-c client_min_messages=warning"   # psql: no NOTICE for DROP ... IF EXISTS
echo "PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT" >&2

# start_web DB: the real web host (Kestrel, Release) on the database as a web node; sets web_url.
start_web() {
  local port; port=$(free_port)
  web_url="http://127.0.0.1:$port"
  local envs
  if [[ "$1" == Host=* ]]; then envs=(Database__Provider=PostgreSql "ConnectionStrings__Klantmeting=$1")
  else envs=("ConnectionStrings__Klantmeting=Data Source=$1"); fi
  env "${envs[@]}" ASPNETCORE_URLS="$web_url" ASPNETCORE_ENVIRONMENT=Production \
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

# dispatch_workers NAME WORKERS OUT: WORKERS worker processes (one dispatcher each) on one database at once, to a
# smtp-sink of their own that writes every message it receives to one dump file; OUT gets one JSON line: messages
# per second over the whole run (first start to last end), and the messages and distinct invitations the sink saw.
dispatch_workers() {
  local d="$1" w="$2" out="$3" port sink i
  port=$(free_port)
  # smtp-sink drops root for postfix: its dump folder must be writable by that user.
  mkdir -p "$work/sink"; chmod 777 "$work/sink"; rm -f "$work/sink/$w.dump"
  /usr/sbin/smtp-sink "${sink_user[@]}" -D "$work/sink/$w.dump" 127.0.0.1:"$port" 1000 > "$work/smtp-sink-$w.log" 2>&1 &
  sink=$!
  for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  local wp=()
  local name; name=$(basename "$out" .out)
  for i in $(seq 1 "$w"); do
    /usr/bin/time -f "%e %M" -o "$work/$name-$i.time" $B dispatch "$d" "$port" 1 > "$work/$name-$i.out" &
    wp+=($!)
  done
  for i in "${wp[@]}"; do wait "$i"; done
  kill "$sink" 2>/dev/null || true; wait "$sink" 2>/dev/null || true
  python3 - "$work" "$name" "$w" "$work/sink/$w.dump" > "$out" <<'PY'
import glob, json, re, sys
work, name, w, dump = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
runs = []
for f in sorted(glob.glob(f"{work}/{name}-*.out")):
    lines = [l for l in open(f).read().splitlines() if l.startswith("{")]
    runs.append(json.loads(lines[-1]))
data = open(dump, "rb").read().decode("utf-8", "replace")
# smtp-sink writes the envelope of each transaction first (X-Rcpt-Args: <address>); every generated participant has
# an address of its own, so distinct recipients are distinct invitations.
senders = re.findall(r"^X-Rcpt-Args: <([^>]*)>", data, re.M)
start, end = min(r["start_unix_ms"] for r in runs), max(r["end_unix_ms"] for r in runs)
sent = sum(r["sent"] for r in runs)
# Each process counts what is pending when it starts; the first to start sees the whole round.
print(json.dumps({"workers": w, "due": max(r["due"] for r in runs), "sent": sent, "failed": sum(r["failed"] for r in runs),
                  "seconds": round((end - start) / 1000, 3), "msgs_per_s": round(sent / ((end - start) / 1000)),
                  "received": len(senders), "distinct_received": len(set(senders))}))
PY
  rm -f "$work/sink/$w.dump"
  # stages.tsv: the run's wall seconds (first start to last end of the dispatch loops) and the largest worker's RSS.
  local secs kb=0 k
  secs=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' "$out")
  for i in $(seq 1 "$w"); do k=$(tail -1 "$work/$name-$i.time" | cut -d" " -f2); [ "$k" -gt "$kb" ] && kb=$k; done
  printf '%s\t%s\t%s\n' "$name" "$secs" "$((kb / 1024))" >> "$work/stages.tsv"
  printf '== %-32s %8.2f s  peak RSS %5d MB (largest of %d workers)\n' "$name" "$secs" "$((kb / 1024))" "$w" >&2
}

# scenarios: every scenario on $provider; its stages are named with the prefix ("" for SQLite, pg_ for PostgreSQL).
scenarios() {
  local x; if [ "$provider" = pg ]; then x=pg_; else x=""; fi
  echo "== scenarios on $provider" >&2

  # 1. Import: the CLI (its own process, for peak RSS) vs the provider's raw bulk path (SQLite prepared inserts,
  # PostgreSQL binary COPY) of the same rows.
  if want import; then
    new_db import "$work/import/werkpleinen.csv" B
    with_db "$(db import)" stage ${x}import $K participants import --round B "$work/import/participants-$IMPORT_ROWS.csv"
    new_db import_raw "$work/import/werkpleinen.csv" B
    stage ${x}import_raw $B import-raw "$(db import_raw)" "$work/import/participants-$IMPORT_ROWS.csv"
    drop_db import; drop_db import_raw
  fi

  # 2. Dispatch: InvitationDispatcher end to end (one process, WORKERS dispatchers) vs MailKit with pre-rendered
  # messages (measured once below), both to smtp-sink.
  if want dispatch; then
    new_db dispatch "$work/dispatch/werkpleinen.csv" D
    with_db "$(db dispatch)" $K participants import --round D "$work/dispatch/participants-$DISPATCH_MSGS.csv" > /dev/null
    with_db "$(db dispatch)" $K rounds open D > /dev/null
    if [ "$provider" = pg ]; then
      # Several worker processes on one database: 1, 2 and 4, each on a copy of the same round.
      for w in 1 2 4; do
        fresh_db "dispatch_w$w" dispatch
        dispatch_workers "$(db "dispatch_w$w")" "$w" "$work/pg_dispatch_w$w.out"
        drop_db "dispatch_w$w"
      done
    fi
    stage ${x}dispatch $B dispatch "$(db dispatch)" "$smtp_port" "$WORKERS"
    drop_db dispatch
  fi

  # 3. Answering: simulated respondents against the real web host vs a static endpoint of the same host.
  # First ANSWER_WARMUP respondents answer once (answer_warmup, reported apart: a freshly started host still runs
  # unoptimised code); then the timed respondents: half in a closed loop, the other half paced (answer_paced).
  if want answer; then
    local answering=$((2 * ANSWER_RESPONDENTS + ANSWER_WARMUP))
    new_db answer "$work/answer/werkpleinen.csv" A
    with_db "$(db answer)" $K participants import --round A "$work/answer/participants-$answering.csv" > /dev/null
    with_db "$(db answer)" $K rounds open A > /dev/null
    $B tokens "$(db answer)" A "$answering" "$work/answer-tokens-all.txt" > /dev/null
    head -n "$ANSWER_WARMUP" "$work/answer-tokens-all.txt" > "$work/answer-tokens-warmup.txt"
    # sed, not tail | head: with pipefail, tail killed by SIGPIPE (a file larger than the pipe buffer) stops the run.
    sed -n "$((ANSWER_WARMUP + 1)),$((ANSWER_WARMUP + ANSWER_RESPONDENTS))p" "$work/answer-tokens-all.txt" > "$work/answer-tokens.txt"
    tail -n +"$((ANSWER_WARMUP + ANSWER_RESPONDENTS + 1))" "$work/answer-tokens-all.txt" > "$work/answer-tokens-2.txt"
    start_web "$(db answer)"
    stage ${x}answer_warmup $B answer "$web_url" "$work/answer-tokens-warmup.txt" "$CONCURRENCY"
    stage ${x}answer $B answer "$web_url" "$work/answer-tokens.txt" "$CONCURRENCY" /health/live
    # The other respondents, each pausing THINK_MS on every page (still far faster than a person): the latency under a
    # heavy but real-shaped load, next to the closed loop above, which measures capacity.
    stage ${x}answer_paced $B answer-paced "$web_url" "$work/answer-tokens-2.txt" "$CONCURRENCY" "$THINK_MS"
    stop_web
    drop_db answer
  fi

  # 4. Results: every cell at two sizes vs one plain GROUP BY (generated rounds; SQLite files kept in the work folder).
  if want results; then
    for size in small large; do
      if [ "$provider" = pg ]; then
        fresh_db "results_$size"
        d="$(db "results_$size")"
      elif [ $size = small ]; then d="$work/results-${RESULTS_SMALL[0]}.db"; else d="$work/results-${RESULTS_LARGE[0]}.db"; fi
      if [ $size = small ]; then n=("${RESULTS_SMALL[@]}"); else n=("${RESULTS_LARGE[@]}"); fi
      stage ${x}results_$size $B results "$d" "${n[@]}"
    done
    if [ "$provider" = pg ]; then drop_db "results_small"; drop_db "results_large"; fi
  fi

  # 5. The national 2009 round end to end: import, dispatch, web responses over HTTP, exports.
  if want round; then
    fresh_db round
    local rdb; rdb="$(db round)"
    with_db "$rdb" stage ${x}round_werkpleinen $K werkpleinen import "$work/round/werkpleinen.csv"
    with_db "$rdb" stage ${x}round_create $K rounds create --name "T3 2009" --questionnaire werkzoekenden-2009 --from 2009-09-01 --to 2009-11-30
    with_db "$rdb" stage ${x}round_import $K participants import --round "T3 2009" "$work/round/participants-$ROUND_INVITED.csv"
    with_db "$rdb" stage ${x}round_open $K rounds open "T3 2009"
    stage ${x}round_dispatch $B dispatch "$rdb" "$smtp_port" "$WORKERS"
    # Not part of the round: smtp-sink keeps no mail, so the bench gives the respondents links it knows.
    $B tokens "$rdb" "T3 2009" "$ROUND_WEB" "$work/${x}round-tokens.txt" > "$work/${x}round_tokens.out"
    start_web "$rdb"
    stage ${x}round_answer $B answer "$web_url" "$work/${x}round-tokens.txt" "$CONCURRENCY"
    stop_web
    with_db "$rdb" stage ${x}round_results_export $K results export --round "T3 2009" --out "$work/${x}round-results.csv"
    with_db "$rdb" stage ${x}round_response_rate_export $K response-rate export --round "T3 2009" --out "$work/${x}round-response-rate.csv"
    drop_db round
  fi

  # 6. Pages with years of data: 9 national rounds (8 closed, 1 open, both audiences), PAGES_USERS signed-in users
  # (half administrators, half a Werkplein's users) each requesting every page of its role PAGES_PASSES times.
  if want pages; then
    fresh_db pages
    stage ${x}pages_setup $B pages-setup "$(db pages)" "${PAGES_ROUND[@]}"
    start_web "$(db pages)"
    stage ${x}pages $B pages "$web_url" "$PAGES_USERS" "$PAGES_PASSES"
    stop_web
    drop_db pages
  fi
}

# 7. The 1,000,000-person round (issue 20 §5), on PostgreSQL: the product's participant import, MOONSHOT_WORKERS dispatch
# worker processes on the one database (every invitation once, counted at the sink), 400,000 responses through
# `responses import` (a benchmark cannot wait for that many web respondents; the web path is timed in `answer`), and
# every cell of the round computed (results-round: median of 5 after a warm-up, the results cache emptied each time).
moonshot() {
  provider=pg
  local n=$MOONSHOT_INVITED r=$MOONSHOT_RESPONSES m="$work/moonshot"
  echo "== moonshot: $n invited, $r responses, $MOONSHOT_WORKERS workers, PostgreSQL" >&2
  python3 "$here/import/generate.py" "$m" "$n"
  python3 "$here/moonshot/responses.py" "$root/surveys/werkzoekenden-2009.yaml" "$m/participants-$n.csv" "$r" > "$m/responses-$r.csv"
  new_db moonshot "$m/werkpleinen.csv" M
  local d; d="$(db moonshot)"
  with_db "$d" stage moonshot_import $K participants import --round M "$m/participants-$n.csv"
  with_db "$d" $K rounds open M > /dev/null
  dispatch_workers "$d" "$MOONSHOT_WORKERS" "$work/moonshot_dispatch.out"
  with_db "$d" stage moonshot_responses_import $K responses import --round M "$m/responses-$r.csv" --mode telefoon
  stage moonshot_results $B results-round "$d" M
  drop_db moonshot
}

if [ "$ONLY" = moonshot ]; then
  moonshot
  cat "$work/stages.tsv" >&2; tail -n 1 "$work/moonshot_dispatch.out" "$work/moonshot_results.out" >&2
  exit 0
fi

# The generated input files, shared by both providers (kept from the first start when resuming).
if [ -z "$FROM" ]; then
python3 "$here/import/generate.py" "$work/import" "$IMPORT_ROWS"
python3 "$here/import/generate.py" "$work/dispatch" "$DISPATCH_MSGS"
python3 "$here/import/generate.py" "$work/answer" $((2 * ANSWER_RESPONDENTS + ANSWER_WARMUP))
python3 "$here/national2009/generate.py" "$work/round" > /dev/null
head -n $((ROUND_INVITED + 1)) "$work/round/participants.csv" > "$work/round/participants-$ROUND_INVITED.csv"
fi

# The raw SMTP baseline does not touch a database: measured once, the ratio of both providers is against it.
[ -n "$FROM" ] || stage dispatch_raw $B dispatch-raw "$smtp_port" "$DISPATCH_MSGS" "$WORKERS" 200
provider=sqlite; scenarios
provider=pg; scenarios
if [ "$MOONSHOT" = 1 ] && want moonshot; then moonshot; fi

python3 "$here/report.py" "$work" "$quick" "$here/results$suffix.json" "$here/results$suffix.md"
echo "Written: $here/results$suffix.json, $here/results$suffix.md (work folder $work)" >&2
