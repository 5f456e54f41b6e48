#!/bin/sh
# Writes PgBouncer's userlist from PGBOUNCER_USER and PGBOUNCER_PASSWORD, then runs PgBouncer in the foreground.
# With the password in plain text in the userlist, PgBouncer authenticates clients with SCRAM-SHA-256 and logs
# in to PostgreSQL with SCRAM-SHA-256 as the same user.
set -eu
: "${PGBOUNCER_USER:?PGBOUNCER_USER is required}"
: "${PGBOUNCER_PASSWORD:?PGBOUNCER_PASSWORD is required}"
: "${PGBOUNCER_RUN_DIR:=/run/pgbouncer}"
case "$PGBOUNCER_USER$PGBOUNCER_PASSWORD" in
  *'"'*) echo 'dhakacart-pgbouncer: the user and password must not contain a double quote' >&2; exit 1 ;;
esac
umask 077
printf '"%s" "%s"\n' "$PGBOUNCER_USER" "$PGBOUNCER_PASSWORD" >"$PGBOUNCER_RUN_DIR/userlist.txt"
exec pgbouncer "${1:-/etc/pgbouncer/pgbouncer.ini}"
