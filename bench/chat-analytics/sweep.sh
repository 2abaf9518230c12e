#!/usr/bin/env bash
# The whole comparison: for each format (telegram, whatsapp) and size, simulate an export with `jingjian simulate`
# (once; kept in --data for later runs) and time both tools on it with run.sh. See README.md beside this file.
#
#   bench/chat-analytics/sweep.sh --jingjian target/release/jingjian --data /big/disk/chatbench
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<EOF
Usage: $(basename "$0") --jingjian BINARY --data DIR [options]

  --jingjian BINARY   jingjian binary: simulates the exports and is timed (use a release build)
  --data DIR          where the simulated exports are kept (DIR/<format>-<messages>; about 0.4 GB per million
                      Telegram messages, 0.1 GB per million WhatsApp messages)
  --sizes "N …"       message counts (default: "100000 1000000 10000000")
  --formats "F …"     telegram and/or whatsapp (default: "telegram whatsapp")
  --preset P          simulator preset (default: district)
  --seed S            simulator seed (default: 1)
  --results FILE      TSV file (default: $here/results.tsv)
  --timeout SECS      per tool step, passed to run.sh (default: 0 = never)
  --repeat K          time each export K times (default: 1)
  -h, --help          this help
EOF
}

die() {
  echo "sweep.sh: error: $*" >&2
  exit 2
}

jingjian="" data="" sizes="100000 1000000 10000000" formats="telegram whatsapp" preset=district seed=1
results="$here/results.tsv" timeout_s=0 repeat=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jingjian) jingjian="${2:?--jingjian needs a path}"; shift 2 ;;
    --data) data="${2:?--data needs a folder}"; shift 2 ;;
    --sizes) sizes="${2:?--sizes needs message counts}"; shift 2 ;;
    --formats) formats="${2:?--formats needs telegram and/or whatsapp}"; shift 2 ;;
    --preset) preset="${2:?--preset needs a name}"; shift 2 ;;
    --seed) seed="${2:?--seed needs a number}"; shift 2 ;;
    --results) results="${2:?--results needs a file}"; shift 2 ;;
    --timeout) timeout_s="${2:?--timeout needs seconds}"; shift 2 ;;
    --repeat) repeat="${2:?--repeat needs a count}"; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument $1" ;;
  esac
done
[[ -n "$jingjian" ]] || die "--jingjian BINARY is required"
[[ -x "$jingjian" ]] || die "jingjian binary '$jingjian' is missing or not executable"
[[ -n "$data" ]] || die "--data DIR is required"
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || die "--repeat takes a count from 1, not '$repeat'"
for f in $formats; do
  case "$f" in telegram | whatsapp) ;; *) die "--formats takes telegram and/or whatsapp, not '$f'" ;; esac
done
for n in $sizes; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--sizes takes whole message counts, not '$n'"
done
mkdir -p "$data"

failed=0
for n in $sizes; do
  for f in $formats; do
    export_dir="$data/$f-$n"
    if [[ ! -d "$export_dir" ]]; then
      echo "simulating $f, about $n messages, into $export_dir …"
      rm -rf "$export_dir.partial"
      "$jingjian" simulate --preset "$preset" --seed "$seed" --format "$f" --messages "$n" \
        --out "$export_dir.partial" >/dev/null ||
        die "jingjian simulate --format $f --messages $n failed (does this jingjian know --format $f?)"
      mv "$export_dir.partial" "$export_dir"
    fi
    for ((i = 1; i <= repeat; i++)); do
      # The simulator writes local times in UTC+8; Telegram's date_unixtime makes the zone matter for WhatsApp only,
      # but both tools get the same zone either way.
      "$here/run.sh" --jingjian "$jingjian" --tz Asia/Shanghai --timeout "$timeout_s" --results "$results" \
        --label "$preset $f $n seed $seed" "$export_dir" || failed=1
    done
  done
done
exit $failed
