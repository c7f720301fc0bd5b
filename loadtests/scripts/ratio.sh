#!/usr/bin/env bash
# predict-image throughput ÷ GET /api/v1/auth/me, both through nginx with the same users and the same API
# token, in one run (README, Performance). Needs wrk, a running platform and a PNG (the load tests' pool has some).
#   loadtests/scripts/ratio.sh http://127.0.0.1:8080/ PASSWORD PNG [USERS] [SECONDS] [TASK]
set -euo pipefail
url="${1%/}" password="$2" png="$3" users="${4:-64}" seconds="${5:-20}" task="${6:-digits}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
made="$(curl -fsS -u "admin:$password" -H 'Content-Type: application/json' \
  -d '{"name":"ratio","scopes":["read","predict"]}' "$url/api/v1/auth/tokens")"
token="$(sed -E 's/.*"token":"([^"]+)".*/\1/' <<<"$made")"
id="$(sed -E 's/.*"id":([0-9]+).*/\1/' <<<"$made")"
trap 'curl -fsS -u "admin:$password" -X DELETE "$url/api/v1/auth/tokens/$id" >/dev/null || true' EXIT
rate() { awk '/Requests\/sec/ { print $2 }'; }
# each run's full output is printed (tee >(cat >&2): tee /dev/stderr would truncate a redirected log)
me="$(wrk -t2 -c"$users" -d"${seconds}s" --latency -H "Authorization: Bearer $token" "$url/api/v1/auth/me" \
  | tee >(cat >&2) | rate)"
predict="$(TOKEN="$token" PNG="$png" TASK="$task" wrk -t2 -c"$users" -d"${seconds}s" --latency \
  -s "$here/predict-image.lua" "$url/" | tee >(cat >&2) | rate)"
echo "auth/me: $me req/s; predict-image ($task PNG): $predict req/s; ratio $(awk -v a="$predict" -v b="$me" 'BEGIN { printf "%.2f", a / b }')"
