#!/usr/bin/env bash
# Runs every report fuzzer of a build for a bounded time, seeded with the real report files.
#   tests/fuzz/run_fuzz.sh <build-dir> [seconds-per-target]
# Seeds are copied into a temporary corpus (testdata stays untouched); IOTILE_FUZZ_EXTRA_SEEDS may name
# one more folder of report files (e.g. the original server's data/reports). Crash, leak and timeout
# reproducers are kept in <build-dir>/fuzz-artifacts. Exits non-zero if any target found something.
set -u -o pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 <build-dir> [seconds-per-target]" >&2
    exit 2
fi
build=$(cd "$1" && pwd) || exit 2
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
shared=${IOTILE_SHARED_DIR:-$here/../../../shared}
testdata=$shared/testdata/reports
bin=$build/tests/fuzz
artifacts=$build/fuzz-artifacts
mkdir -p "$artifacts"
work=$(mktemp -d "${TMPDIR:-/tmp}/iotile-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# target:max_len:seeds (seeds: bin = binary reports, mp = msgpack reports, json = JSON dictionaries)
targets=(
    "fuzz_signed_list:20000:bin"
    "fuzz_individual:64:bin"
    "fuzz_msgpack:8192:mp"
    "fuzz_flexible_msgpack:8192:mp"
    "fuzz_flexible_json:8192:json"
    "fuzz_report_upload:20000:all"
)

seed() {
    local kind=$1 corpus=$2
    mkdir -p "$corpus"
    if [[ $kind == bin || $kind == all ]]; then
        for f in "$testdata"/*/*.bin; do cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"; done
    fi
    if [[ $kind == mp || $kind == all ]]; then
        for f in "$testdata"/*/*.mp; do cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"; done
    fi
    if [[ $kind == json || $kind == all ]] && command -v python3 > /dev/null; then
        # The manifests hold each msgpack report decoded: exactly the JSON upload of the same report.
        for m in "$testdata"/*/manifest.json; do
            python3 - "$m" "$corpus/$(basename "$(dirname "$m")")-flexible.json" <<'PY'
import json, sys
decoded = json.load(open(sys.argv[1]))["files"]["flexible_dict.mp"]["decoded"]
decoded["data"] = decoded["data"][:20]
json.dump(decoded, open(sys.argv[2], "w"))
PY
        done
    fi
    if [[ -n ${IOTILE_FUZZ_EXTRA_SEEDS:-} ]]; then
        for f in "$IOTILE_FUZZ_EXTRA_SEEDS"/*; do
            case "$kind:${f##*.}" in
                bin:bin | mp:mp | json:json | all:bin | all:mp | all:json) cp "$f" "$corpus/extra-$(basename "$f")" ;;
            esac
        done
    fi
    if [[ $kind == all ]]; then
        # The upload target reads the file name from the first byte: prefix each seed once per name.
        for f in "$corpus"/*; do
            for n in 0 1 2 3; do { printf "\\x0$n"; cat "$f"; } > "$f.$n"; done
            rm "$f"
        done
    fi
}

status=0
summary=()
for entry in "${targets[@]}"; do
    IFS=: read -r target maxlen kind <<< "$entry"
    if [[ ! -x $bin/$target ]]; then
        echo "missing $bin/$target (configure with -DIOTILE_FUZZ=ON and build)" >&2
        status=1
        continue
    fi
    corpus=$work/$target
    seed "$kind" "$corpus"
    log=$work/$target.log
    echo "== $target: ${seconds}s, max_len $maxlen, $(ls "$corpus" | wc -l) seeds"
    "$bin/$target" "$corpus" -max_total_time="$seconds" -max_len="$maxlen" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/$target-" > "$log" 2>&1
    rc=$?
    execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
    cov=$(grep -E '^#[0-9]+.*cov:' "$log" | tail -1 | sed -E 's/.*cov: ([0-9]+).*/\1/')
    if [[ $rc -ne 0 ]]; then
        status=1
        tail -n 40 "$log"
        summary+=("$target: FAILED (exit $rc) after ${execs:-?} executions; reproducers in $artifacts")
    else
        summary+=("$target: ok, ${execs:-?} executions, coverage ${cov:-?} edges, ${seconds}s")
    fi
done

echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
