#!/usr/bin/env bash
# The whole benchmark suite in one command: builds what it needs, runs tjbench (the native
# ceiling), the JMH benchmarks, the 4 MiB table and the fan-out runs, and writes a report.
#
# Usage: benchmarks/run.sh [--quick|--full]   (default --quick: about 10 minutes; --full: about 45)
# Results: benchmarks/target/results/ (report.md, jmh.json, message-limit.csv/.json, fanout.json, tjbench.txt)
set -euo pipefail

mode="${1:---quick}"
case "$mode" in
  --quick) benchtime=0.5 ;;
  --full) benchtime=3 ;;
  *) echo "usage: $0 [--quick|--full]" >&2; exit 2 ;;
esac

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="benchmarks/target/results"
jar="benchmarks/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

echo "run.sh: building benchmarks.jar..." >&2
mvn -B -q -ntp -pl benchmarks -am package -DskipTests
mkdir -p "$results"

"$java" -cp "$jar" io.camstream.benchmarks.TestFrames "$results/frames" >/dev/null
if ! benchmarks/tjbench.sh --benchtime "$benchtime" "$results/tjbench.txt" "$results"/frames/*.ppm; then
  echo "run.sh: tjbench unavailable; the report will say so" >&2
  rm -f "$results/tjbench.txt"
fi

"$java" -cp "$jar" io.camstream.benchmarks.Suite "$mode" --out "$results" --tjbench "$results/tjbench.txt" \
  --command "benchmarks/run.sh $mode"
