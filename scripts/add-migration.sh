#!/usr/bin/env bash
# Adds a migration named NAME to both providers at once, after the entities or ParIndexDb's model changed:
#   scripts/add-migration.sh AddUnitEmail
# writes src/ParIndex.Data/Migrations/Sqlite/<stamp>_NAME.cs and Migrations/Postgres/<stamp>_NAME.cs.
# Review both, run `dotnet test tests/ParIndex.Service.Tests` (it applies them to SQLite and PostgreSQL and
# fails when the model has changes no migration covers), and commit them with the entity change.
# Remove the last one (not yet applied anywhere) with:
#   dotnet ef migrations remove --project src/ParIndex.Data --context SqliteParIndexDb   (and PostgresParIndexDb)
# No database server is needed: the design-time factories in src/ParIndex.Data never connect.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 MigrationName" >&2; exit 2; }
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
dotnet build src/ParIndex.Data -c Debug -warnaserror >/dev/null
for provider in Sqlite Postgres; do
  echo "== $provider"
  dotnet ef migrations add "$1" --no-build --project src/ParIndex.Data --context "${provider}ParIndexDb" \
    --output-dir "Migrations/$provider"
done
