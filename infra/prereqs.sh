# Sourced by infra/test.sh and bench/run.sh: installs the Debian packages a script needs and is missing, or stops with
# one line naming what is missing when it cannot install (not root, or no apt-get).
# Usage: ensure_prereqs WHAT...   WHAT: dotnet chromium fonts smtp-sink dovecot node postgresql python3 curl time pspp r r-survey

# The newest installed PostgreSQL server binaries folder, or nothing.
postgres_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_prereqs() {
  local what need=() pg
  for what in "$@"; do
    case "$what" in
      dotnet) command -v dotnet >/dev/null 2>&1 \
        || { echo "$(basename "$0"): the .NET 10 SDK (dotnet) is missing; install it first (https://dot.net)" >&2; exit 1; } ;;
      chromium) command -v chromium >/dev/null 2>&1 || need+=(chromium) ;;
      fonts) [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core) ;;
      smtp-sink) [ -x /usr/sbin/smtp-sink ] || need+=(postfix) ;;   # postfix's smtp-sink: the fast SMTP sink
      dovecot) [ -x /usr/sbin/dovecot ] || need+=(dovecot-imapd) ;;  # real IMAP server of the bounce tests
      node) command -v node >/dev/null 2>&1 || need+=(nodejs npm) ;;
      postgresql) pg=$(postgres_bin); [ -n "$pg" ] && [ -x "$pg/initdb" ] || need+=(postgresql) ;;
      python3) command -v python3 >/dev/null 2>&1 || need+=(python3) ;;
      curl) command -v curl >/dev/null 2>&1 || need+=(curl) ;;
      time) [ -x /usr/bin/time ] || need+=(time) ;;                  # GNU time: wall seconds and peak RSS
      pspp) command -v pspp >/dev/null 2>&1 || need+=(pspp) ;;       # GNU PSPP runs the SPSS syntax of `data export`
      r) command -v Rscript >/dev/null 2>&1 || need+=(r-base-core) ;; # Rscript runs the R script of `data export`
      r-survey) [ -d /usr/lib/R/site-library/survey ] || need+=(r-cran-survey) ;; # R's survey package: the oracle for weighting
      *) echo "ensure_prereqs: unknown prerequisite '$what'" >&2; exit 2 ;;
    esac
  done
  [ ${#need[@]} -eq 0 ] && return 0
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "$(basename "$0"): missing Debian packages: ${need[*]} (install them as root: apt-get install ${need[*]})" >&2
    exit 1
  fi
  printf '\n== apt-get install %s\n' "${need[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  # postfix asks how to configure itself; "No configuration" installs it without starting a mail daemon.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
}
