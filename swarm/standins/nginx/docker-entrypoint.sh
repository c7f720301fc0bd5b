#!/bin/sh
# What the official nginx image's entrypoint does, for the files deepdock's images use:
# source the executable /docker-entrypoint.d/*.envsh, run the executable *.sh, then render
# /etc/nginx/templates/*.template into /etc/nginx/conf.d with envsubst limited to the
# variables that are defined (nginx's own lower-case $variables stay as they are).
set -e
for f in /docker-entrypoint.d/*.envsh; do
    [ -x "$f" ] && . "$f"
done
for f in /docker-entrypoint.d/*.sh; do
    [ -x "$f" ] && "$f"
done
defined="$(awk 'END { for (name in ENVIRON) print "${" name "}" }' </dev/null | tr '\n' ' ')"
for template in /etc/nginx/templates/*.template; do
    [ -f "$template" ] || continue
    output="/etc/nginx/conf.d/$(basename "$template" .template)"
    envsubst "$defined" <"$template" >"$output"
    echo "deepdock-nginx: rendered $template to $output"
done
exec "$@"
