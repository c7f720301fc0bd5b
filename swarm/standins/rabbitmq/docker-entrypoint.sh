#!/bin/sh
# RabbitMQ as the rabbitmq user on its data directory (a volume); its default user comes
# from /etc/rabbitmq/conf.d/*.conf (the deepdock_rabbitmq_conf secret), as in the official image.
set -eu
if [ "$(id -u)" = 0 ]; then
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "$0" "$@"
fi
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
