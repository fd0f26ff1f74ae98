#!/usr/bin/env bash
# Copies the differential test programs into the fuzz corpora, so the fuzzer
# starts from real Python instead of from nothing. (Not the benchmark
# programs: they are meant to run for seconds, which the fuzzer counts as a
# timeout.)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tests="$here/../tests/diff"
for target in compile_and_run compile_only; do
    dir="$here/corpus/$target"
    mkdir -p "$dir"
    n=0
    while IFS= read -r -d '' f; do
        # Flatten the path into the file name: area_name.py
        rel="${f#"$tests"/}"
        cp "$f" "$dir/${rel//\//_}"
        n=$((n + 1))
    done < <(find "$tests" -name '*.py' -print0)
    echo "$target: $n seed files in $dir"
done
