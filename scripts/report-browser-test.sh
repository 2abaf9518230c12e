#!/usr/bin/env bash
# Opens a jingjian HTML report in Debian's headless Chromium and checks that it renders offline.
#
#   scripts/report-browser-test.sh REPORT.html [--out DIR] [--expect TEXT]...
#   scripts/report-browser-test.sh --sample [--out DIR]
#
# Checks, failing with exit 1 on the first that does not hold:
#   1. the file loads nothing from the network (no src/href on link/script/img/style/iframe/…, no @import, no url());
#   2. the DOM Chromium dumps after running the page's script has the overview cards and tables (h-groups,
#      groups-table, members-table, …), every --expect TEXT, and the marks the table script leaves (row counts in the
#      filter bar, focusable headers), so a script error shows up as a failure;
#   3. a 1400×2000 screenshot is written and is not tiny (a blank page is a few kilobytes).
# Chromium runs with networking features off, a throw-away profile, and every host name resolving nowhere, so a
# resource that slipped through check 1 still cannot load. --sample builds the crate's example report in Chinese and
# English (cargo, own target dir) and checks both with the headline figures the example prints.
# Exit 2: bad usage or no Chromium (install: apt-get install -y chromium fonts-noto-cjk).
set -euo pipefail

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

CHROMIUM=${CHROMIUM:-}
if [[ -z "$CHROMIUM" ]]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
  done
fi
[[ -n "$CHROMIUM" ]] || { echo "report-browser-test: no chromium on PATH (apt-get install -y chromium fonts-noto-cjk)" >&2; exit 2; }

REPORT=""; OUT=""; SAMPLE=0; EXPECT=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --out) OUT=${2:?--out needs a folder}; shift 2 ;;
    --expect) EXPECT+=("${2:?--expect needs a text}"); shift 2 ;;
    --sample) SAMPLE=1; shift ;;
    -h|--help) usage ;;
    -*) echo "report-browser-test: unknown option $1" >&2; usage ;;
    *) [[ -z "$REPORT" ]] || usage; REPORT=$1; shift ;;
  esac
done
OUT=${OUT:-$(mktemp -d -t jj-report-browser.XXXXXX)}
mkdir -p "$OUT"

fail() { echo "report-browser-test: FAIL: $*" >&2; exit 1; }

chromium_run() { # chromium_run ARGS... FILE
  local profile; profile=$(mktemp -d -t jj-chromium-profile.XXXXXX)
  timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --host-resolver-rules="MAP * ~NOTFOUND" --user-data-dir="$profile" "$@" 2>>"$OUT/chromium.log"
  local rc=$?
  rm -rf "$profile"
  return $rc
}

check_report() { # check_report FILE NAME EXPECTED...
  local file=$1 name=$2; shift 2
  [[ -s "$file" ]] || fail "$file is missing or empty"
  local abs; abs=$(cd "$(dirname "$file")" && pwd)/$(basename "$file")

  # 1. Nothing that loads from the network.
  if grep -Eiq '<(link|script|img|style|iframe|source|video|audio|object|embed|image|use)\b[^>]*\b(src|href|srcset|data)=' "$file"; then
    fail "$file: a tag loads a resource: $(grep -Eio '<(link|script|img|style|iframe|source|video|audio|object|embed|image|use)\b[^>]*\b(src|href|srcset|data)=[^ >]*' "$file" | head -1)"
  fi
  if grep -Eiq '@import|url\(' "$file"; then fail "$file: CSS loads a resource (@import or url())"; fi

  # 2. The DOM after the script ran.
  local dom="$OUT/$name.dom.html"
  chromium_run --dump-dom "file://$abs" >"$dom" || fail "chromium could not dump the DOM of $file (see $OUT/chromium.log)"
  [[ -s "$dom" ]] || fail "empty DOM for $file"
  local want
  for want in 'id="h-groups"' 'id="h-zombies"' 'id="h-after-hours"' 'id="units-table"' 'id="groups-table"' \
      'id="findings-table"' 'id="plan-table"' 'id="clusters-table"' 'id="cross-posts-table"' 'id="members-table"' \
      'id="heatmap-total"' '<svg class="chart' "$@"; do
    grep -qF -- "$want" "$dom" || fail "$name: the DOM has no \`$want\`"
  done
  grep -Eq 'class="count" data-table="groups-table">[0-9,]+ / [0-9,]+ ' "$dom" \
    || fail "$name: the table script did not run (no row count in the groups filter bar)"
  grep -q '<th tabindex="0"' "$dom" || fail "$name: the table script did not make headers sortable"

  # 2b. Sorting and filtering work: a copy of the page with a script that clicks a numeric header twice and types
  # the first group's name into the filter, then writes what it saw into the DOM.
  local probe="$OUT/$name.probe.html" html
  html=$(<"$file")
  { printf '%s' "${html%</body>*}"; cat <<'JS'; printf '</body></html>\n'; } >"$probe"
<script>
(function () {
  var out;
  try {
    var t = document.getElementById("groups-table"), body = t.tBodies[0], heads = t.tHead.rows[0].cells;
    var col = -1, first = body.rows[0];
    for (var i = 0; i < first.cells.length; i++) if (first.cells[i].hasAttribute("data-v")) { col = i; break; }
    var values = function () { return [].map.call(body.rows, function (r) { return parseFloat(r.cells[col].getAttribute("data-v")); }); };
    heads[col].click();
    var v = values(), asc = v.every(function (x, i) { return i === 0 || v[i - 1] <= x; });
    heads[col].click();
    v = values();
    var desc = v.every(function (x, i) { return i === 0 || v[i - 1] >= x; });
    var input = document.querySelector('input[data-table="groups-table"]');
    var query = body.rows[0].cells[1].textContent;
    input.value = query;
    input.dispatchEvent(new Event("input"));
    var shown = [].filter.call(body.rows, function (r) { return !r.hidden; });
    var filtered = shown.length >= 1 && shown.every(function (r) { return r.textContent.indexOf(query) >= 0; });
    out = "sorted-asc=" + asc + " sorted-desc=" + desc + " filtered=" + filtered;
  } catch (e) { out = "probe-error " + e; }
  var p = document.createElement("pre"); p.id = "jj-probe"; p.textContent = out; document.body.appendChild(p);
})();
</script>
JS
  chromium_run --dump-dom "file://$(cd "$OUT" && pwd)/$name.probe.html" >"$OUT/$name.probe.dom.html" \
    || fail "chromium could not run the sort/filter probe"
  grep -qF 'sorted-asc=true sorted-desc=true filtered=true' "$OUT/$name.probe.dom.html" \
    || fail "$name: sorting or filtering the group table failed: $(grep -o '<pre id="jj-probe">[^<]*' "$OUT/$name.probe.dom.html")"

  # 3. A screenshot that is not blank.
  local png="$OUT/$name.png"
  rm -f "$png"
  chromium_run --screenshot="$png" --window-size=1400,2000 --hide-scrollbars "file://$abs" >/dev/null \
    || fail "chromium could not take a screenshot of $file"
  [[ -f "$png" ]] || fail "no screenshot written for $file"
  local size; size=$(stat -c %s "$png")
  (( size > 40000 )) || fail "$png is only $size bytes: the page looks blank"
  echo "report-browser-test: ok: $file (DOM $(stat -c %s "$dom") bytes, screenshot $png $size bytes)"
}

if (( SAMPLE )); then
  root=$(cd "$(dirname "$0")/.." && pwd)
  export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
  for lang in zh en; do
    html="$OUT/sample-$lang.html"
    figures=$(cd "$root" && cargo run -q -p jingjian-report --example sample -- "$html" --lang "$lang")
    expect=()
    while IFS='=' read -r id value; do
      [[ -n "$id" ]] || continue
      # The card shows before and after as separate elements: look for each value.
      expect+=("${value%%→*}</span>" ">${value##*→}</span>")
    done <<<"$figures"
    if [[ $lang == zh ]]; then expect+=("群清单" "2024年1月2日"); else expect+=("Group inventory" "2 Jan 2024"); fi
    check_report "$html" "sample-$lang" "${expect[@]}" "${EXPECT[@]}"
  done
  exit 0
fi

[[ -n "$REPORT" ]] || usage
check_report "$REPORT" "$(basename "$REPORT" .html)" "${EXPECT[@]}"
