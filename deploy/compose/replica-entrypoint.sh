#!/bin/bash
# dvc's read replica: on first start a base backup of the primary (pg_basebackup -R writes
# standby.signal and primary_conninfo; the slot keeps the primary's WAL while the replica
# is down), then the image's own entrypoint runs it as a hot standby.
set -euo pipefail
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  export PGPASSWORD="$REPLICATION_PASSWORD"
  until pg_basebackup -h "$PRIMARY_HOST" -U replicator -D "$PGDATA" -R -X stream -c fast -C -S dvc_replica; do
    echo "waiting for the primary"; sleep 2
  done
  chown -R postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
fi
exec docker-entrypoint.sh postgres -c hot_standby=on -c hot_standby_feedback=on
