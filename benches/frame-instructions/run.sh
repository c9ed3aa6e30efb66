#!/usr/bin/env bash
# What the plugin costs per frame on a release build, two ways:
# - instructions per frame on the main thread, counted by callgrind (valgrind) over 2,000 frames
#   of each case with every schedule on the single-threaded executor: exact and repeatable
#   whatever else the machine runs;
# - wall-clock time per frame, the fastest of 40 batches of 500 frames (quiet machine wanted;
#   the load average is printed with it).
# Cases: MinimalPlugins alone; with the plugin idle (data loaded, a token handed over); idle for
# a player signed in through the plugin; with 100 requests in flight.
#
#   bash benches/frame-instructions/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/bevy_xsolla_liveops-target}"

command -v valgrind >/dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 1; }
cargo build --release --quiet -p frame_instructions
bin="$CARGO_TARGET_DIR/release/frame_instructions"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== instructions per frame (callgrind)"
valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" --separate-threads=yes \
  --zero-before='*::count_frames' --dump-after='*::count_frames' "$bin" count \
  >"$out/count.log" 2>"$out/valgrind.log" || { cat "$out/count.log" "$out/valgrind.log" >&2; exit 1; }
grep -h "^counted" "$out/count.log"
# One dump per call of count_frames, numbered in call order: the cases in the order main runs them.
python3 - "$out" <<'PY'
import re, sys
out = sys.argv[1]
frames = 2000
names = ["minimal_plugins", "with_plugin_idle", "with_plugin_signed_in_idle", "with_plugin_100_in_flight"]
per_frame = []
for n in range(1, len(names) + 1):
    # Thread 1 is the main thread: the frame's work (the schedules run single-threaded).
    text = open(f"{out}/cg.out.{n}-01", encoding="utf-8", errors="replace").read()
    total = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
    if not total:
        sys.exit(f"no total in callgrind dump {n}")
    per_frame.append(int(total.group(1)) / frames)
bare = per_frame[0]
for name, count in zip(names, per_frame):
    extra = "" if name == names[0] else f"  (+{count - bare:,.0f} over MinimalPlugins)"
    print(f"{name:<28} {count:>10,.0f} instructions/frame{extra}")
PY

echo "== wall-clock time per frame (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
"$bin" wall
