#!/usr/bin/env bash
# Adds one migration, under the same name, to every provider's migrations assembly (SQLite, SQL Server, PostgreSQL).
# Usage: infra/add-migration.sh NAME
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: infra/add-migration.sh NAME}
dotnet tool restore >/dev/null
dotnet build Klantmeting.sln -nologo -v q
for provider in Sqlite SqlServer PostgreSql; do
  echo "== $provider"
  # --no-build is safe here: the solution was built just above (a stale DLL would give an almost empty migration).
  dotnet ef migrations add "$name" --no-build --project "src/Klantmeting.Migrations.$provider" --output-dir Migrations
done
rm -f design-time.db design-time.db-shm design-time.db-wal
