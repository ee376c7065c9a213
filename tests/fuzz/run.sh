#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Run every libFuzzer target for a bounded time: run.sh [SECONDS] [TARGET...]
# Builds build-fuzz/ with clang, ASan and UBSan; new inputs go to a scratch
# corpus, crashes to tests/fuzz/crashes/NAME/ (fix them, then move the input
# to tests/fuzz/regressions/NAME/ so the test suite replays it forever).
set -eu
cd "$(dirname "$0")/../.."
secs=${1:-60}
[ $# -gt 0 ] && shift
targets=${*:-"facts forge identity license local loose mailmap packs refs rules target"}
if [ ! -f build-fuzz/build.ninja ]; then
	CC=clang meson setup build-fuzz -Dfuzz=true -Dtests=enabled \
		-Db_sanitize=address,undefined -Db_lundef=false \
		-Dc_args=-fsanitize=fuzzer-no-link -Dwerror=false >/dev/null
fi
ninja -C build-fuzz >/dev/null
status=0
for t in $targets; do
	work=$(mktemp -d)
	mkdir -p "tests/fuzz/crashes/$t"
	echo "== fuzz_$t for ${secs}s"
	if ! build-fuzz/tests/fuzz/fuzz_$t -max_total_time="$secs" -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="tests/fuzz/crashes/$t/" \
		-print_final_stats=1 "$work" "tests/fuzz/corpus/$t" \
		2>"$work.log"; then
		echo "fuzz_$t: a crash was found: see tests/fuzz/crashes/$t/" >&2
		tail -30 "$work.log" >&2
		status=1
	fi
	grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$work.log" || true
	rm -rf "$work" "$work.log"
done
exit $status
