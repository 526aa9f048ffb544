#!/bin/sh
# The floor for `bankctl tbusiness statement` in make bench: fetch every page of the same
# statement with curl and read only the cursor. With "jq", also pipe each page through
# jq -c '.operations[]', as a script without bankctl would.
set -eu
base="$BANKCTL_TBUSINESS_URL/api/v1/statement?accountNumber=$BANKCTL_TBUSINESS_ACCOUNT&from=2026-10-31T21:00:00Z&to=2026-11-30T21:00:00Z&limit=5000&operationStatus=All"
page=$(mktemp)
trap 'rm -f "$page"' EXIT
cursor=""
while :; do
  url="$base"
  [ -n "$cursor" ] && url="$base&cursor=$cursor"
  curl -sf -H "Authorization: Bearer $BANKCTL_TBUSINESS_TOKEN" -o "$page" "$url"
  [ "${1:-}" = jq ] && jq -c '.operations[]' "$page" > /dev/null
  cursor=$(tail -c 300 "$page" | LC_ALL=C sed -n 's/.*"nextCursor":"\([^"]*\)".*/\1/p')
  [ -z "$cursor" ] && break
done
