#!/usr/bin/env bash
# Quick start, command 1: set up, build, play the demo on a fresh SQLite file, then serve the
# web app on it at 127.0.0.1 (Ctrl-C stops). RFINV_DEMO_WEB=ADDR:PORT picks another address.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh rfinv
rm -f demo.db demo.db-wal demo.db-shm demo.password
rfinv() { build/cli/rfinv --db demo.db "$@"; }
rfinv demo
# A demo administrator with a fresh password, kept beside the database (0600).
(umask 077 && od -An -N8 -tx1 /dev/urandom | tr -d " \n" >demo.password)
rfinv user add demo --role admin --password-file demo.password >/dev/null
web="${RFINV_DEMO_WEB:-127.0.0.1:8080}"
echo
echo "Web app: http://$web/  user demo, password $(cat demo.password) (also in demo.password)"
exec build/cli/rfinv --db demo.db run --web "$web"
