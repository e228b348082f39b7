#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end speed and memory of `attune text --jsonl` over N journal sentences (default
# 100,000), and of VADER's JavaScript port over the same lines when node is installed.
# Usage: benchmarks/cli_throughput.sh [N]     (after `make test` or `make run` has built build/)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
cli=build/bin/attune
[[ -x $cli ]] || { echo "build first: make run" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "needs GNU time: apt-get install time" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Journal-like sentences: the samples split at sentence ends, repeated to n lines.
python3 - "$n" > "$work/lines.txt" <<'PY'
import re, sys
n = int(sys.argv[1])
sents = []
for line in open("samples/journal.txt", encoding="utf-8"):
    sents += [s.strip() for s in re.split(r"(?<=[.!?])\s+", line.strip()) if s.strip()]
for i in range(n):
    print(sents[i % len(sents)])
PY
words=$(wc -w < "$work/lines.txt")
echo "input: $n lines, $words words ($(python3 -c "print(round($words/$n,1))") words/line)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

# Five runs, median and best: on a shared virtual machine single runs swing by 2x.
runs=${RUNS:-5}
: > "$work/times"
for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$cli" text --jsonl "$work/lines.txt" > "$work/out.jsonl"
    cat "$work/t" >> "$work/times"
done
[[ $(wc -l < "$work/out.jsonl") -eq $n ]] || { echo "expected $n output lines" >&2; exit 1; }
python3 - "$n" "$work/times" <<'PY'
import statistics, sys
n = int(sys.argv[1])
rows = [tuple(map(float, l.split())) for l in open(sys.argv[2]) if l.strip()]
secs = sorted(r[0] for r in rows)
print(f"attune text --jsonl ({len(rows)} runs): median {statistics.median(secs):.2f} s = "
      f"{n / statistics.median(secs):,.0f} lines/s, best {secs[0]:.2f} s = {n / secs[0]:,.0f} lines/s, "
      f"max RSS {max(r[1] for r in rows) / 1024:.0f} MiB")
PY

if command -v node >/dev/null && [[ ${ATTUNE_SKIP_PEERS:-0} != 1 ]]; then
    benchmarks/peers/vader_js.sh "$work/lines.txt" || echo "VADER JS peer: not run (see above)"
fi
