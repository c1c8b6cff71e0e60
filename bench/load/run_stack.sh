#!/usr/bin/env bash
# Start the production-like stack on this machine, run a load command against it from a
# separate process, stop everything (trap), even on Ctrl-C or failure.
#
#   bench/load/run_stack.sh                      # default: saturation + 5-minute scenario
#   WORKERS="3 5" bench/load/run_stack.sh saturate --duration 20 --connections 24
#   bench/load/run_stack.sh scenario --users 100 --duration 300
#   bench/load/run_stack.sh serve 600            # just keep the stack up for 600 s
#
# Arguments after the script name are passed to bench/load/loadgen.py (default "all").
# For every gunicorn worker count in $WORKERS (default 5 = 2 x cores + 1, as
# platform/gunicorn.conf.py computes on 2 cores) gunicorn is started, the command is
# run once, gunicorn is stopped. The database is created, migrated and loaded once.
#
# Environment (all optional): WORKERS, PORT (8100), BENCH_DB (academy_bench),
# PGHOST/PGPORT/PGUSER (127.0.0.1/5432/postgres), REDIS_DB (14), PYTHON (.venv/bin/python).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
BIN="$(dirname "$PYTHON")"
PORT="${PORT:-8100}"
WORKERS="${WORKERS:-5}"
BENCH_DB="${BENCH_DB:-academy_bench}"
PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
REDIS_DB="${REDIS_DB:-14}"
OUT="$ROOT/bench/out"
mkdir -p "$OUT"

VAR="$(mktemp -d -t academy-bench.XXXXXX)"
GUNICORN_PID="" CELERY_PID=""

stop_gunicorn() {
    if [[ -n "$GUNICORN_PID" ]] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill -INT "$GUNICORN_PID" 2>/dev/null || true  # gunicorn: INT = quick shutdown
        for _ in $(seq 1 125); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$GUNICORN_PID" 2>/dev/null || true
    fi
    GUNICORN_PID=""
}
cleanup() {
    local rc=$?
    stop_gunicorn
    if [[ -n "$CELERY_PID" ]] && kill -0 "$CELERY_PID" 2>/dev/null; then
        kill -TERM "$CELERY_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$CELERY_PID" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "$CELERY_PID" 2>/dev/null || true
    fi
    echo "stack stopped; logs kept in $VAR (gunicorn.log, celery.log)" >&2
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export DJANGO_SETTINGS_MODULE=config.settings.production
export DJANGO_SECRET_KEY="bench-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
export DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost"
export DJANGO_SECURE_SSL_REDIRECT=false
export DJANGO_EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
export DJANGO_LOG_LEVEL="${DJANGO_LOG_LEVEL:-WARNING}"
export DATABASE_URL="postgres://$PGUSER@$PGHOST:$PGPORT/$BENCH_DB"
export CELERY_BROKER_URL="redis://127.0.0.1:6379/$REDIS_DB"
export REDIS_CACHE_URL="redis://127.0.0.1:6379/$REDIS_DB"
export ACADEMY_TRUSTED_PROXY_COUNT=0  # the load generator talks to gunicorn directly
export ACADEMY_BENCH_BASELINE=1  # routes the trivial view /_baseline (off in production)
export ACADEMY_VAR_DIR="$VAR"
export ACADEMY_BASE_URL="http://127.0.0.1:$PORT"
export DEFAULT_FROM_EMAIL="Academy bench <bench@example.org>"
export GUNICORN_BIND="127.0.0.1:$PORT"
export GUNICORN_ACCESSLOG="$VAR/access.log"

case "$BENCH_DB" in *bench*) ;; *) echo "refusing to drop a database not named *bench*" >&2; exit 2;; esac
echo "== fresh database $BENCH_DB; var dir $VAR" >&2
psql -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS $BENCH_DB WITH (FORCE)" -c "CREATE DATABASE $BENCH_DB"
redis-cli -h 127.0.0.1 -n "$REDIS_DB" FLUSHDB >/dev/null

t0=$SECONDS
"$PYTHON" manage.py migrate --noinput -v 0
"$PYTHON" manage.py load_demo >"$VAR/load_demo.log"
"$PYTHON" manage.py collectstatic --noinput -v 0
"$PYTHON" bench/load/setup_bench.py "$OUT/targets.json" >&2
echo "== setup took $((SECONDS - t0)) s" >&2

"$BIN/celery" -A config worker --loglevel=WARNING --concurrency="${CELERY_CONCURRENCY:-2}" \
    --prefetch-multiplier=1 --max-tasks-per-child=200 >"$VAR/celery.log" 2>&1 &
CELERY_PID=$!

ARGS=("$@")
[[ ${#ARGS[@]} -eq 0 ]] && ARGS=(all)

for w in $WORKERS; do
    echo "== gunicorn with $w sync workers on 127.0.0.1:$PORT" >&2
    GUNICORN_WORKERS="$w" "$BIN/gunicorn" config.wsgi:application -c platform/gunicorn.conf.py \
        >>"$VAR/gunicorn.log" 2>&1 &
    GUNICORN_PID=$!
    ok=""
    for _ in $(seq 1 100); do
        if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then ok=1; break; fi
        sleep 0.3
    done
    [[ -n "$ok" ]] || { echo "gunicorn did not become healthy; see $VAR/gunicorn.log" >&2; exit 1; }
    if [[ "${ARGS[0]}" == serve ]]; then
        echo "== serving for ${ARGS[1]:-300} s" >&2
        sleep "${ARGS[1]:-300}" &
        wait $! || true  # interruptible: the trap runs at once
    else
        "$PYTHON" bench/load/loadgen.py "${ARGS[@]}" --base "http://127.0.0.1:$PORT" \
            --targets "$OUT/targets.json" --label "workers=$w" --server-pid "$GUNICORN_PID" \
            --json "$OUT/load-workers$w-$(date +%Y%m%d-%H%M%S).json"
    fi
    stop_gunicorn
done
