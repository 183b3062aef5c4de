#!/usr/bin/env bash
# Runs every test of Klantmeting on a fresh Debian machine with the .NET 10 SDK:
# installs what the tests need (chromium, fonts, dovecot, npm packages), starts an SMTP test server (maildev) on
# 127.0.0.1, runs all test projects and prints the totals as one line: "N passed, N failed[, N skipped]".
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUN="$ROOT/infra/.run"
mkdir -p "$RUN"
RESULTS="$RUN/results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"

log() { printf '\n== %s\n' "$*" >&2; }

# --- 1. System packages (only what is missing; root is needed to install) ---
. infra/prereqs.sh
ensure_prereqs dotnet chromium fonts smtp-sink dovecot node postgresql python3 curl pspp r r-survey
PG_BIN=$(postgres_bin)

# --- 2. npm packages: maildev (SMTP test server) and axe-core (accessibility checks) ---
for dir in infra/testservers tests/Klantmeting.EndToEnd; do
  if [ -f "$dir/package-lock.json" ]; then
    log "npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || (cd "$dir" && npm ci --no-audit --no-fund)
  fi
done

# --- 3. Test servers on 127.0.0.1 ---
pids=()
stop_pg() { :; }
cleanup() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; stop_pg; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
SMTP_PORT=$(free_port); MAILDEV_WEB_PORT=$(free_port)
log "maildev on 127.0.0.1:$SMTP_PORT (web $MAILDEV_WEB_PORT)"
infra/testservers/node_modules/.bin/maildev --ip 127.0.0.1 --web-ip 127.0.0.1 -s "$SMTP_PORT" -w "$MAILDEV_WEB_PORT" \
  > "$RUN/maildev.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$MAILDEV_WEB_PORT/api/email" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -sf "http://127.0.0.1:$MAILDEV_WEB_PORT/api/email" >/dev/null || { echo "maildev did not start:"; cat "$RUN/maildev.log"; exit 1; }
# PostgreSQL: a throw-away cluster on 127.0.0.1 (trust auth, fsync off); tests create one database each.
PG_PORT=$(free_port)
# Outside the checkout: the postgres user must be able to reach it whatever the clone's permissions.
PG_DIR=$(mktemp -d /tmp/klantmeting-pg.XXXXXX); chown postgres:postgres "$PG_DIR"
log "PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT"
runuser -u postgres -- "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$RUN/pg-initdb.log" 2>&1
runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" -w start >/dev/null
stop_pg() { runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"; }
export KLANTMETING_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Password=unused"

# Hundreds of test hosts start in one process; each would watch its appsettings files, and the default limit of 128
# inotify instances per user ran out ("The configured user limit (128) on the number of inotify instances has been
# reached"). The tests never change those files, so the hosts do not watch them.
export DOTNET_hostBuilder__reloadConfigOnChange=false
# Razor's asp-append-version (DefaultFileVersionProvider) watches wwwroot through a PhysicalFileProvider in every host,
# whatever the setting above; with more test hosts alive at once that ran out of the same 128 inotify instances. A
# polling watcher uses no inotify instance; as root the limit is raised as well.
export DOTNET_USE_POLLING_FILE_WATCHER=true
if [ "$(id -u)" = 0 ] && [ "$(cat /proc/sys/fs/inotify/max_user_instances 2>/dev/null || echo 0)" -lt 1024 ]; then
  sysctl -q -w fs.inotify.max_user_instances=1024 >/dev/null 2>&1 || true
fi
export KLANTMETING_TEST_SMTP_HOST=127.0.0.1
export KLANTMETING_TEST_SMTP_PORT=$SMTP_PORT
export KLANTMETING_TEST_MAILDEV_API="http://127.0.0.1:$MAILDEV_WEB_PORT"
export CHROMIUM_PATH=$(command -v chromium)
export AXE_CORE_PATH="$ROOT/tests/Klantmeting.EndToEnd/node_modules/axe-core/axe.min.js"

# --- 4. Build once, then run every test project ---
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log "dotnet build"
dotnet build Klantmeting.sln -c Release -nologo -v q
status=0
for proj in tests/*/*.csproj; do
  name=$(basename "$proj" .csproj)
  log "dotnet test $name"
  dotnet test "$proj" -c Release --no-build -nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$RESULTS" || status=1
done

# --- 5. Totals from the TRX files, one line of its own ---
python3 - "$RESULTS" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/*.trx")
for f in files:
    c = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(c.get("passed")); failed += int(c.get("failed")) + int(c.get("error")) + int(c.get("timeout")) + int(c.get("aborted"))
    skipped += int(c.get("notExecuted"))
line = f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else "")
print(line)
PY
exit $status
