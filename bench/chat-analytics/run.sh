#!/usr/bin/env bash
# Side-by-side benchmark, export → HTML report: chat-analytics (npm, pinned in package.json) against jingjian, on
# one Telegram or WhatsApp export. See README.md beside this file.
#
#   bench/chat-analytics/run.sh --jingjian PATH/TO/jingjian EXPORT
#
# EXPORT is a folder of Telegram Desktop per-chat exports (`…/<chat>/result.json`, any depth) or a folder of
# WhatsApp chats (`WhatsApp Chat with <group>.txt`, one per group), or one such file.
# Prints one line of figures per tool and appends one TSV row per tool to the results file.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  cat <<EOF
Usage: $(basename "$0") --jingjian BINARY [options] EXPORT

  --jingjian BINARY     jingjian binary to time (use a release build for published figures)
  --platform P          telegram or whatsapp (default: detected from EXPORT's files)
  --results FILE        TSV file to append to (default: $here/results.tsv)
  --label TEXT          free text for the TSV row, e.g. the export's size (default: EXPORT's folder name)
  --roster CSV          a roster passed to \`jingjian import --roster\` (jingjian only; chat-analytics has none)
  --tz ZONE             zone for WhatsApp's local times, given to jingjian (default: UTC; chat-analytics reads
                        them in the process's TZ, which this script also sets to ZONE)
  --node-heap MIB       V8 old-space limit for chat-analytics (default: 16384, so that Node's own limit,
                        about 4 GiB, is not what stops it on large exports)
  --timeout SECS        kill a tool step that runs longer than this and record it (default: 0 = never)
  --work DIR            where the workspace and both reports go (default: a new temp folder, removed at the end)
  --keep                keep the work folder
  --only TOOL           run only chat-analytics or only jingjian
  --steps               time jingjian as three commands (import, audit, report) and add them up, instead of one
                        \`jingjian run\` (import, audit and report in one process, as chat-analytics is one)
  -h, --help            this help
EOF
}

die() {
  echo "run.sh: error: $*" >&2
  exit 2
}

jingjian="" platform="" results="$here/results.tsv" label="" roster="" tz="UTC" node_heap=16384 timeout_s=0
work="" keep=0 only="" export_path="" steps=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --jingjian) jingjian="${2:?--jingjian needs a path}"; shift 2 ;;
    --platform) platform="${2:?--platform needs telegram or whatsapp}"; shift 2 ;;
    --results) results="${2:?--results needs a file}"; shift 2 ;;
    --label) label="${2:?--label needs a text}"; shift 2 ;;
    --roster) roster="${2:?--roster needs a file}"; shift 2 ;;
    --tz) tz="${2:?--tz needs a zone}"; shift 2 ;;
    --node-heap) node_heap="${2:?--node-heap needs MiB}"; shift 2 ;;
    --timeout) timeout_s="${2:?--timeout needs seconds}"; shift 2 ;;
    --work) work="${2:?--work needs a folder}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --only) only="${2:?--only needs chat-analytics or jingjian}"; shift 2 ;;
    --steps) steps=1; shift ;;
    -h | --help) usage; exit 0 ;;
    -*) usage >&2; die "unknown option $1" ;;
    *) [[ -z "$export_path" ]] || die "one export only (got '$export_path' and '$1')"; export_path="$1"; shift ;;
  esac
done

# ---- check the arguments -----------------------------------------------------------------------------------------
[[ -n "$export_path" ]] || { usage >&2; die "no EXPORT given"; }
[[ -e "$export_path" ]] || die "export '$export_path' does not exist"
export_path="$(cd "$(dirname "$export_path")" && pwd)/$(basename "$export_path")"
case "$only" in "" | chat-analytics | jingjian) ;; *) die "--only takes chat-analytics or jingjian, not '$only'" ;; esac
if [[ "$only" != chat-analytics ]]; then
  [[ -n "$jingjian" ]] || die "--jingjian BINARY is required (or --only chat-analytics)"
  [[ -x "$jingjian" ]] || die "jingjian binary '$jingjian' is missing or not executable"
  jingjian="$(cd "$(dirname "$jingjian")" && pwd)/$(basename "$jingjian")"
fi
[[ -z "$roster" || -f "$roster" ]] || die "roster '$roster' does not exist"
[[ -z "$roster" ]] || roster="$(cd "$(dirname "$roster")" && pwd)/$(basename "$roster")"
[[ "$node_heap" =~ ^[0-9]+$ ]] || die "--node-heap takes MiB as a whole number, not '$node_heap'"
[[ "$timeout_s" =~ ^[0-9]+$ ]] || die "--timeout takes whole seconds, not '$timeout_s'"
[[ -x /usr/bin/time ]] || die "/usr/bin/time (GNU time) is needed for peak RSS: apt-get install time"
command -v node >/dev/null || die "node is needed for chat-analytics (and to read jingjian's JSON)"
command -v npm >/dev/null || die "npm is needed to install chat-analytics"

# ---- the chat files of the export ----------------------------------------------------------------------------------
files=()
list_files() { # $1 = find -name pattern
  if [[ -f "$export_path" ]]; then
    files=("$export_path")
  else
    mapfile -d '' files < <(find "$export_path" -type f -name "$1" -print0 | sort -z)
  fi
}
if [[ -z "$platform" ]]; then
  if [[ -f "$export_path" ]]; then
    case "$export_path" in *.json) platform=telegram ;; *.txt | *.zip) platform=whatsapp ;; esac
  elif [[ -n "$(find "$export_path" -type f -name result.json -print -quit)" ]]; then
    platform=telegram
  elif [[ -n "$(find "$export_path" -type f -name '*.txt' -print -quit)" ]]; then
    platform=whatsapp
  fi
  [[ -n "$platform" ]] || die "cannot tell the platform of '$export_path': no result.json (Telegram) or .txt (WhatsApp) files in it; give --platform"
fi
case "$platform" in
  telegram) list_files result.json ;;
  whatsapp) list_files '*.txt' ;;
  *) die "--platform takes telegram or whatsapp, not '$platform'" ;;
esac
[[ ${#files[@]} -gt 0 ]] || die "no $platform chat files in '$export_path'"
input_bytes=$(cat "${files[@]}" | wc -c) # also reads every file once, so both tools start with them in page cache
[[ -n "$label" ]] || label="$(basename "$export_path")"

# ---- work folder ---------------------------------------------------------------------------------------------------
if [[ -z "$work" ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/jj-chatbench.XXXXXX")"
  [[ $keep -eq 1 ]] || trap 'rm -rf "$work"' EXIT
else
  mkdir -p "$work"
  work="$(cd "$work" && pwd)"
fi

# ---- results file --------------------------------------------------------------------------------------------------
columns="date	label	platform	tool	version	files	input_bytes	messages	wall_s	cpu_s	peak_rss_mib	output_bytes	status	detail"
if [[ ! -s "$results" ]]; then
  mkdir -p "$(dirname "$results")"
  printf '%s\n' "$columns" >"$results"
fi
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# Runs "$@" under GNU time with the timeout; sets t_wall t_cpu t_rss_kib t_status ("ok", "timeout" or "exit N").
timed() {
  local log="$1" tf="$1.time"
  shift
  local pre=()
  [[ "$timeout_s" -eq 0 ]] || pre=(timeout --signal=KILL "$timeout_s")
  local rc=0
  /usr/bin/time -f '%e %U %S %M' -o "$tf" "${pre[@]}" "$@" >"$log" 2>&1 || rc=$?
  local line
  line="$(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$tf" | tail -1 || true)"
  [[ -n "$line" ]] || die "GNU time wrote no figures for: $* (see $tf)"
  read -r t_wall t_user t_sys t_rss_kib <<<"$line"
  t_cpu=$(awk -v u="$t_user" -v s="$t_sys" 'BEGIN { printf "%.2f", u + s }')
  if [[ $rc -eq 0 ]]; then
    t_status=ok
  elif [[ $rc -eq 137 && "$timeout_s" -ne 0 ]]; then
    t_status="killed (timeout ${timeout_s}s, or out of memory)"
  elif [[ $rc -eq 137 ]]; then
    t_status="killed (signal 9: out of memory?)"
  else
    t_status="exit $rc"
  fi
}

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }

# One figures line and one TSV row.
emit() { # tool version messages wall cpu rss_kib output_bytes status detail
  local tool="$1" version="$2" messages="$3" wall="$4" cpu="$5" rss_kib="$6" out="$7" status="$8"
  local detail="$9; load before $load_before, after $(load)"
  printf '%-15s %-8s messages %9s  wall %8.2f s  cpu %8.2f s  peak RSS %8s MiB  output %10s B  %s\n' \
    "$tool" "$platform" "$messages" "$wall" "$cpu" "$(mib "$rss_kib")" "$out" "$status"
  printf '%s\n' "$now	$label	$platform	$tool	$version	${#files[@]}	$input_bytes	$messages	$wall	$cpu	$(mib "$rss_kib")	$out	$status	$detail" >>"$results"
}

failed=0
echo "export: $export_path ($platform, ${#files[@]} files, $input_bytes bytes); work folder: $work"

# ---- chat-analytics -------------------------------------------------------------------------------------------------
run_chat_analytics() {
  local ca="$here/node_modules/.bin/chat-analytics" want have
  want="$(node -p 'require(process.argv[1]).dependencies["chat-analytics"]' "$here/package.json")"
  have="$(node -p 'require(process.argv[1]).version' "$here/node_modules/chat-analytics/package.json" 2>/dev/null || true)"
  if [[ ! -x "$ca" || "$have" != "$want" ]]; then
    echo "installing chat-analytics $want in $here (npm ci) …"
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >"$work/npm-ci.log" 2>&1 ||
      die "npm ci in $here failed; see $work/npm-ci.log (run with --keep to keep it)"
    have="$want"
  fi
  # The CLI takes several files (of different chats) in one run, as globs: escape each path so that it is literal.
  local inputs=() f
  for f in "${files[@]}"; do
    inputs+=("$(printf '%s' "$f" | sed 's/[][(){}!@+*?\\|]/\\&/g')")
  done
  local out="$work/chat-analytics.html"
  load_before="$(load)"
  # Its CLI writes the glob matches and progress to stdout; keep them in a log, not on screen (no message text).
  timed "$work/chat-analytics.log" env TZ="$tz" NODE_OPTIONS="--max-old-space-size=$node_heap" \
    node "$ca" -p "$platform" -i "${inputs[@]}" -o "$out"
  local status="$t_status" messages size=0
  messages="$(sed -n 's/^ \[\*\] \([0-9]*\) messages$/\1/p' "$work/chat-analytics.log" | tail -1)"
  [[ -f "$out" ]] && size=$(wc -c <"$out")
  if [[ "$status" == ok && -z "$messages" ]]; then
    status="no message count in its output"
  fi
  if [[ "$status" != ok ]]; then
    failed=1
    echo "chat-analytics failed ($status); from $work/chat-analytics.log:" >&2
    { grep -m 3 -E 'Error|error' "$work/chat-analytics.log" || grep -v '^ \[\*\] /' "$work/chat-analytics.log" | tail -5; } >&2 || true
  fi
  emit chat-analytics "$have" "${messages:-NA}" "$t_wall" "$t_cpu" "$t_rss_kib" "$size" "$status" \
    "node $(node --version) heap ${node_heap}MiB; parse+analyse+HTML in one process"
}

# ---- jingjian -------------------------------------------------------------------------------------------------------
run_jingjian() {
  local ws="$work/workspace" out="$work/jingjian.html" version
  version="$("$jingjian" --version | awk '{ print $NF }')"
  rm -rf "$ws"
  load_before="$(load)"
  local read_args=(-w "$ws" --lang en)
  [[ "$platform" != whatsapp ]] || read_args+=(--tz "$tz")
  [[ -z "$roster" ]] || read_args+=(--roster "$roster")
  local todo=("run") wall=0 cpu=0 rss=0 status=ok detail="" step
  [[ "$steps" == 0 ]] || todo=("import" "audit" "report")
  for step in "${todo[@]}"; do
    case "$step" in
      run) timed "$work/jingjian-run.log" "$jingjian" run "${read_args[@]}" -o "$out" "$export_path" ;;
      import) timed "$work/jingjian-import.log" "$jingjian" import "${read_args[@]}" --json "$export_path" ;;
      audit) timed "$work/jingjian-audit.log" "$jingjian" audit -w "$ws" --lang en ;;
      report) timed "$work/jingjian-report.log" "$jingjian" report -w "$ws" --lang en -o "$out" ;;
    esac
    wall=$(awk -v a="$wall" -v b="$t_wall" 'BEGIN { printf "%.2f", a + b }')
    cpu=$(awk -v a="$cpu" -v b="$t_cpu" 'BEGIN { printf "%.2f", a + b }')
    [[ "$t_rss_kib" -le "$rss" ]] || rss="$t_rss_kib"
    detail+="${detail:+; }$step ${t_wall}s $(mib "$t_rss_kib")MiB"
    if [[ "$t_status" != ok ]]; then
      status="$step: $t_status"
      failed=1
      echo "jingjian $step failed ($t_status); last lines of $work/jingjian-$step.log:" >&2
      tail -5 "$work/jingjian-$step.log" >&2
      break
    fi
  done
  # Messages in the workspace (new, so exactly this export), from `status --json` after the timed steps: the
  # `tables` figures of `import --json` count records written, before duplicates within the import are merged.
  local messages="NA" groups="NA" nfiles=""
  if [[ -d "$ws" ]] && "$jingjian" status -w "$ws" --json >"$work/jingjian-status.json" 2>/dev/null; then
    read -r messages groups < <(node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const rows = (n) => (j.tables.find((t) => t.name === n) || { rows: "NA" }).rows;
      console.log(rows("messages"), rows("groups"))' "$work/jingjian-status.json") || true
  fi
  if [[ -s "$work/jingjian-import.log" ]]; then
    nfiles="$(node -e 'try { const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      console.log(j.files.length) } catch (e) { console.log("") }' "$work/jingjian-import.log")"
  fi
  [[ -n "$messages" ]] || messages=NA
  [[ -n "$groups" ]] || groups=NA
  detail+="; $groups groups"
  if [[ -n "$nfiles" && "$nfiles" != "${#files[@]}" ]]; then
    echo "warning: jingjian imported $nfiles files, chat-analytics was given ${#files[@]}" >&2
    detail+="; jingjian read $nfiles files"
  fi
  local size=0
  [[ -f "$out" ]] && size=$(wc -c <"$out")
  local wsbytes=0
  [[ -d "$ws" ]] && wsbytes=$(du -sb "$ws" | cut -f1)
  detail+="; workspace ${wsbytes}B"
  emit jingjian "$version" "$messages" "$wall" "$cpu" "$rss" "$size" "$status" "$detail"
}

[[ "$only" == jingjian ]] || run_chat_analytics
[[ "$only" == chat-analytics ]] || run_jingjian
echo "results appended to $results"
[[ $keep -eq 0 ]] || echo "kept: $work"
exit $failed
