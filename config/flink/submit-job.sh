#!/usr/bin/env bash
# Submits the IOC analytics job to a Flink session cluster once, and resubmits it after a JobManager restart from the
# latest retained checkpoint (or savepoint). Used by docker-compose.yml's flink-client service; works anywhere the
# `flink` CLI reaches the cluster and this process sees the checkpoint folder.
#   submit-job.sh          check once: skip when a job of that name runs, else submit (from the latest checkpoint)
#   submit-job.sh --watch  the same every IOC_SUBMIT_EVERY seconds (default 30), for ever; touches $IOC_SUBMIT_HEALTH
# Settings (environment): FLINK_REST (jobmanager:8081), IOC_FLINK_JOB_NAME (ioc-analytics), IOC_FLINK_JOB_JAR,
# IOC_FLINK_JOB_MAIN, IOC_FLINK_CHECKPOINTS (/flink-checkpoints: checkpoints and savepoints, as the cluster writes them).
set -euo pipefail
REST=${FLINK_REST:-jobmanager:8081}
NAME=${IOC_FLINK_JOB_NAME:-ioc-analytics}
JAR=${IOC_FLINK_JOB_JAR:-stream-jobs/target/ioc-stream-jobs.jar}
MAIN=${IOC_FLINK_JOB_MAIN:-org.iocity.jobs.StreamJobsMain}
CHECKPOINTS=${IOC_FLINK_CHECKPOINTS:-/flink-checkpoints}
HEALTH=${IOC_SUBMIT_HEALTH:-/tmp/ioc-job-running}

log() { printf '%s submit-job: %s\n' "$(date -u +%FT%TZ)" "$*" >&2; }

# The newest complete checkpoint or savepoint (a folder with a _metadata file), or nothing.
latest_state() {
  find "$CHECKPOINTS" -maxdepth 3 -name _metadata \( -path '*/chk-*/_metadata' -o -path '*/savepoint-*/_metadata' \) \
       2>/dev/null | xargs -r ls -1t 2>/dev/null | head -n1 | xargs -r dirname
}

running() {
  flink list -m "$REST" 2>/dev/null | grep -Eq " : ${NAME} \((RUNNING|RESTARTING|CREATED|INITIALIZING|RECONCILING)\)"
}

once() {
  if running; then
    log "$NAME runs on $REST: nothing to submit"
    touch "$HEALTH"
    return 0
  fi
  rm -f "$HEALTH"
  local from
  from=$(latest_state || true)
  if [ -n "$from" ]; then
    log "submitting $NAME from $from"
    flink run -m "$REST" -d -s "$from" -c "$MAIN" "$JAR"
  else
    log "submitting $NAME (no retained checkpoint under $CHECKPOINTS)"
    flink run -m "$REST" -d -c "$MAIN" "$JAR"
  fi
  touch "$HEALTH"
}

if [ "${1:-}" = --watch ]; then
  while true; do
    once || log "submission failed; trying again"
    sleep "${IOC_SUBMIT_EVERY:-30}"
  done
else
  once
fi
