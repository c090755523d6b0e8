#!/usr/bin/env bash
# Seeds fuzz/corpus/<target>/ from the repository's test fixtures. The
# corpora are generated, never committed; crash inputs worth keeping go to
# fuzz/regressions/<target>/ (replayed by `cargo test` in fuzz/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
root=..
rm -rf corpus && mkdir -p corpus/{dsl,dsl_fast,simple_expr,sql_raw,range,config,pipeline}
i=0
while IFS= read -r -d '' f; do
  i=$((i + 1)); cp "$f" "corpus/dsl/$i"; cp "$f" "corpus/dsl_fast/$i"; cp "$f" "corpus/pipeline/$i"
done < <(find "$root/tests/cases" "$root/examples" "$root/rules" -name '*.mig' -print0 | sort -z)
while IFS= read -r -d '' f; do
  i=$((i + 1)); cp "$f" "corpus/sql_raw/$i"
done < <(find "$root/tests/cases" "$root/examples" -name '*.sql' -size -64k -print0 | sort -z)
while IFS= read -r -d '' f; do
  i=$((i + 1)); cp "$f" "corpus/config/$i"
done < <(find "$root/tests" "$root/examples" -name 'migc.toml' -print0 | sort -z)
n=0
for spec in base head heads a b a:b a: :b +2 -1 b+1 head-1 head~ payments@head base:heads \
  0001_init:0012_search heads-2 @head x@base a@+1 '' : ::; do
  n=$((n + 1)); printf '%s' "$spec" > "corpus/range/$n"
done
for expr in 0 1.50 "''" "'pending'" true NULL "now()" CURRENT_TIMESTAMP "id > 0" \
  "amount >= 0" "status <> 'done'" "a != b" "x = -1" "'it''s'" "date '2020-01-01'" \
  "user" "a.b" "f(1)" "(1)" "1e3"; do
  n=$((n + 1)); printf '%s' "$expr" > "corpus/simple_expr/$n"
done
for d in corpus/*; do echo "$d: $(ls "$d" | wc -l) files"; done
