#!/usr/bin/env sh
# Runs N shards of a scenario as an Indexed Job, waits for them, then runs the merge job and prints its
# summary. Usage: deploy/k8s/run.sh <scenario> <shards> <duration> [image]
set -eu
SCENARIO=${1:?scenario}
SHARDS=${2:?shards}
DURATION=${3:?duration}
IMAGE=${4:-xapi-harness:dev}
NS=xapi-harness-load
DIR=$(dirname "$0")
RUN_ID="k8s-$(date -u +%Y%m%d%H%M%S)"
# Give the pods two minutes to be scheduled and log their VUs in before the common start.
START_AT=$(date -u -d '+2 min' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v+2M +%Y-%m-%dT%H:%M:%SZ)

kubectl apply -f "$DIR/namespace.yaml" -f "$DIR/results-pvc.yaml"
kubectl -n "$NS" delete job load-shards load-merge --ignore-not-found
sed -e "s/completions: 4/completions: $SHARDS/" -e "s/parallelism: 4/parallelism: $SHARDS/" \
    -e "s/value: '4' }/value: '$SHARDS' }/" -e "s/value: dispatch-path }/value: $SCENARIO }/" \
    -e "s/value: 5m }/value: $DURATION }/" -e "s/value: k8s-run-1 }/value: $RUN_ID }/" \
    -e "s/value: '2030-01-01T00:00:00Z' }/value: '$START_AT' }/" -e "s#image: xapi-harness:dev#image: $IMAGE#" \
    "$DIR/shards-job.yaml" | kubectl apply -f -
kubectl -n "$NS" wait --for=condition=complete --timeout=24h job/load-shards
sed -e "s#image: xapi-harness:dev#image: $IMAGE#" "$DIR/merge-job.yaml" | kubectl apply -f -
kubectl -n "$NS" wait --for=condition=complete --timeout=30m job/load-merge || true
kubectl -n "$NS" logs job/load-merge
