#!/usr/bin/env bash
# Refreshes the NL Design System CSS in src/Klantmeting.Web/wwwroot/lib from npm (versions pinned in
# infra/nl-design-system/package.json and its lock). Run it after changing a version there; commit the result.
# `dotnet run` only serves the copied files and never needs node.
#   infra/refresh-nl-design-system.sh           install from the lock (npm ci) and copy
#   infra/refresh-nl-design-system.sh --update  re-resolve the versions in package.json, update the lock, copy
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
spec="$root/infra/nl-design-system"
lib="$root/src/Klantmeting.Web/wwwroot/lib"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

command -v npm >/dev/null || { echo "npm is needed for this script (not for running the app)" >&2; exit 1; }
cp "$spec/package.json" "$work/"
[ -f "$spec/package-lock.json" ] && cp "$spec/package-lock.json" "$work/"
if [ "${1:-}" = "--update" ] || [ ! -f "$work/package-lock.json" ]; then
  (cd "$work" && npm install --no-audit --no-fund --ignore-scripts)
  cp "$work/package-lock.json" "$spec/package-lock.json"
else
  (cd "$work" && npm ci --no-audit --no-fund --ignore-scripts)
fi

copy() { # package, files...
  local package="$1"; shift
  local from="$work/node_modules/$package" to="$lib/$package"
  rm -rf "$to" && mkdir -p "$to"
  for f in "$@"; do cp "$from/$f" "$to/$(basename "$f")"; done
  cp "$from/LICENSE.md" "$to/LICENSE.md"
  echo "$package $(node -p "require('$from/package.json').version" 2>/dev/null || sed -n 's/.*"version": "\(.*\)".*/\1/p' "$from/package.json" | head -1)" > "$to/VERSION"
}
copy @utrecht/component-library-css dist/index.css
copy @nl-design-system-unstable/voorbeeld-design-tokens dist/theme.css
echo "Copied into $lib:"; find "$lib" -type f | sed "s|$root/||" | sort
