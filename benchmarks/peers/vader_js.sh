#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs VADER's JavaScript port (npm vader-sentiment) over a file of lines, for a side-by-side
# speed figure. Installs it into a throwaway directory; nothing is added to the project.
# Usage: benchmarks/peers/vader_js.sh LINES_FILE
set -euo pipefail
lines=$(realpath "$1")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && npm install --silent --no-audit --no-fund vader-sentiment@1.1.3 >/dev/null 2>&1) ||
    { echo "npm install vader-sentiment failed (no registry?)" >&2; exit 1; }
cat > "$dir/run.js" <<'JS'
const vader = require('vader-sentiment');
const fs = require('fs');
const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.length);
const times = [];
let sum = 0;
for (let r = 0; r < 5; r++) {
  const t0 = process.hrtime.bigint();
  sum = 0;
  for (const l of lines) sum += vader.SentimentIntensityAnalyzer.polarity_scores(l).compound;
  times.push(Number(process.hrtime.bigint() - t0) / 1e9);
}
times.sort((a, b) => a - b);
const med = times[2];
console.log(`VADER JS (vader-sentiment 1.1.3, node ${process.version}, 5 runs): median ${med.toFixed(2)} s = ` +
            `${Math.round(lines.length / med).toLocaleString('en')} lines/s, best ${times[0].toFixed(2)} s = ` +
            `${Math.round(lines.length / times[0]).toLocaleString('en')} lines/s (checksum ${sum.toFixed(1)})`);
JS
node "$dir/run.js" "$lines"
