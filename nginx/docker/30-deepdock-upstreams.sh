#!/bin/sh
# Run by the nginx image's entrypoint (an executable .sh in /docker-entrypoint.d/) before
# nginx starts. In Swarm, writes nginx's upstream groups from Swarm's DNS and keeps them
# current: every LB_UPSTREAMS_EVERY seconds it looks the tasks up again and, when the set of
# addresses changed (a scale, a rollout, a task replaced), rewrites the file and reloads
# nginx, which drains its old workers gracefully.
#
# Why not a resolver and a variable in proxy_pass: nginx 1.22 then opens a new connection
# to a web task for every request (no keep-alive without an upstream group), and at a few
# hundred requests per second to one task the lb ran out of source ports for it
# ("connect() failed (99: Cannot assign requested address)", 502s). An upstream group keeps
# idle connections to each task, as ./deepdock up's nginx does (nginx/local/upstreams.conf.template).
#
#   LB_UPSTREAMS        "webapp=tasks.webapp:8080 assets=tasks.assets:80 media=tasks.media:80":
#                       one group per entry, named for the template's targets (http://webapp)
#   LB_UPSTREAMS_FILE   /etc/nginx/conf.d/upstreams.conf
#   LB_UPSTREAMS_EVERY  seconds between lookups (2); 0 writes the file once and does not watch

set -eu
[ -n "${LB_UPSTREAMS:-}" ] || exit 0
file="${LB_UPSTREAMS_FILE:-/etc/nginx/conf.d/upstreams.conf}"
every="${LB_UPSTREAMS_EVERY:-2}"

render() {
    for entry in $LB_UPSTREAMS; do
        name="${entry%%=*}"
        target="${entry#*=}"
        host="${target%:*}"
        port="${target##*:}"
        echo "upstream $name {"
        # shared state: every worker sees the same failures and the same round robin
        echo "    zone $name 64k;"
        addresses="$(getent ahostsv4 "$host" 2>/dev/null | awk '{ print $1 }' | sort -u)"
        if [ -z "$addresses" ]; then
            # no running task (yet): 502 until a lookup finds one
            echo "    server 127.0.0.1:1 down;"
        else
            for address in $addresses; do
                echo "    server $address:$port max_fails=1 fail_timeout=5s;"
            done
        fi
        echo "    keepalive 32;"
        echo "}"
    done
}

summary() {
    awk '/^upstream/ { printf "%s%s:", sep, $2; sep = "; " } /server/ { if ($0 ~ / down;/) printf " (no task)"; else printf " %s", $2 } END { print "" }'
}

applied="$(render)"
printf '%s\n' "$applied" >"$file"
echo "deepdock-lb: upstreams $(printf '%s\n' "$applied" | summary)"
[ "$every" != 0 ] || exit 0

(
    while sleep "$every"; do
        next="$(render)" || continue
        [ "$next" = "$applied" ] && continue
        printf '%s\n' "$next" >"$file"
        # nginx not started yet, or a reload refused: try again at the next lookup
        if nginx -s reload 2>/dev/null; then
            applied="$next"
            echo "deepdock-lb: upstreams changed, nginx reloaded: $(printf '%s\n' "$next" | summary)"
        fi
    done
) </dev/null &
