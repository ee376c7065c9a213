#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of vigie batch over generated repositories served by a local
# `git daemon` (so a first run clones, as a nightly batch does): first-run
# throughput with -j1 and -j2, and an unchanged second run's time as a ratio
# of the first.  Not a test: it prints figures and targets, and never fails
# on a slow machine.  SOURCE=file clones through file:// URLs (no server
# process), SOURCE=local audits the repositories in place.
#
# The floor, measured in the same run: how much faster two CPU-bound
# processes finish than one after the other on this machine right now (2.0
# on two idle cores; less when the cores are shared).  -j2 cannot beat it.
#
# Each figure is the best of REPEAT runs (default 3): the machine may be
# shared, and the best run is the one least disturbed.
#
# Repositories are N clones of one seed with COMMITS commits over FILES
# files (a small project, as most of an organisation's are), each then given
# files of its own.  With tiny repositories (COMMITS=20 FILES=20) an
# unchanged run is bound by one ls-remote per repository, not by the audit.
#
#   tests/bench/batch.sh [VIGIE_BINARY]  (N=200 COMMITS=300 FILES=100 REPEAT=1)
set -eu

vigie=${1:-${VIGIE_BIN:-build/src/cli/vigie}}
n=${N:-200}
commits=${COMMITS:-300}
files=${FILES:-100}
source=${SOURCE:-daemon}
repeat=${REPEAT:-1}
case $vigie in /*) ;; *) vigie=$(pwd)/$vigie ;; esac
[ -x "$vigie" ] || { echo "batch.sh: no vigie binary at $vigie" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vigie-bench-XXXXXX")
daemon=
cleanup() {
	[ -z "$daemon" ] || kill "$daemon" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

now() { date +%s.%N; }
elapsed() { echo "$2 $1" | awk '{ printf "%.3f", $1 - $2 }'; }

export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

# One repository with history, cloned locally for the others (fast, and
# each clone is a repository of its own), then each gets its own files.
echo "generating $n repositories: $commits commits over $files files..." >&2
git init -q -b main "$work/seed"
(
	cd "$work/seed"
	printf '# Seed\n\nA shared tool.\n\n## Install\n\nmake\n' > README.md
	mkdir src
	i=0
	while [ $i -lt "$commits" ]; do
		f=$((i % files))
		# Text that compresses like code, different in every commit.
		seq $((i * 7)) $((i * 7 + 200)) | sed "s/^/line $i of file $f: /" \
			>> "src/f$f.c"
		git add -A
		GIT_AUTHOR_DATE="2026-01-$(printf %02d $((i % 28 + 1)))T00:00:00Z" \
			git commit -q -m "change $i"
		i=$((i + 1))
	done
)
i=0
while [ $i -lt "$n" ]; do
	r=$work/repos/r$(printf %04d $i)
	git clone -q "$work/seed" "$r"
	(
		cd "$r"
		[ $((i % 2)) = 0 ] && printf 'EUPL-1.2\n' > LICENSE
		[ $((i % 3)) = 0 ] && printf '# Contributing\n\nOpen an issue.\n' > CONTRIBUTING.md
		[ $((i % 5)) = 0 ] && printf '# Code of conduct\n' > CODE_OF_CONDUCT.md
		git add -A
		git commit -q --allow-empty -m "repository $i"
	)
	if [ "$source" = local ]; then
		echo "$r" >> "$work/list"
	elif [ "$source" = file ]; then
		git clone -q --bare "$r" "$work/served/r$(printf %04d $i).git"
		echo "file://$work/served/r$(printf %04d $i).git" >> "$work/list"
	else
		git clone -q --bare "$r" "$work/served/r$(printf %04d $i).git"
	fi
	i=$((i + 1))
done

if [ "$source" = daemon ]; then
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	git daemon --reuseaddr --export-all --listen=127.0.0.1 --port="$port" \
		--base-path="$work/served" "$work/served" 2>/dev/null &
	daemon=$!
	while ! git ls-remote "git://127.0.0.1:$port/r0000.git" >/dev/null 2>&1; do
		sleep 0.1
	done
	i=0
	while [ $i -lt "$n" ]; do
		echo "git://127.0.0.1:$port/r$(printf %04d $i).git" >> "$work/list"
		i=$((i + 1))
	done
fi

# Busy CPU time of the whole machine, in seconds (vigie, its workers and
# the local git server alike), from /proc/stat.
busy() { awk '/^cpu / { print ($2 + $3 + $4 + $7 + $8 + $9) / 100 }' /proc/stat; }

run() { # out-dir jobs cache; also leaves the cores kept busy in $work/busy.$2
	t0=$(now)
	b0=$(busy)
	"$vigie" batch --list "$work/list" --out "$1" -j "$2" \
		--cache-dir "$3" > /dev/null
	t=$(elapsed "$t0" "$(now)")
	awk -v b0="$b0" -v b1="$(busy)" -v t="$t" 'BEGIN { print (b1 - b0) / t }' > "$work/busy.$2"
	echo "$t"
}

min() { echo "$1 $2" | awk '{ print ($1 < $2 || $2 == "") ? $1 : $2 }'; }

# The floor: one CPU-bound task, then two at once.
burn() { awk 'BEGIN { for (i = 0; i < 30000000; i++) s += i }'; }
t0=$(now); burn; one=$(elapsed "$t0" "$(now)")
t0=$(now); burn & b=$!; burn; wait $b; two=$(elapsed "$t0" "$(now)")

# A first run starts from an empty clone cache and an empty directory; the
# unchanged run follows a first run in the same directory.
t1= t2= t3=
k=0
while [ $k -lt "$repeat" ]; do
	rm -rf "$work/out-j1" "$work/cache-j1" "$work/out-j2" "$work/cache-j2"
	t1=$(min "$(run "$work/out-j1" 1 "$work/cache-j1")" "$t1")
	t2=$(min "$(run "$work/out-j2" 2 "$work/cache-j2")" "$t2")
	t3=$(min "$(run "$work/out-j2" 2 "$work/cache-j2")" "$t3")
	k=$((k + 1))
done
unchanged=$(grep -c '"status":"unchanged"' "$work/out-j2/results.jsonl" || true)

awk -v n="$n" -v t1="$t1" -v t2="$t2" -v t3="$t3" -v u="$unchanged" \
    -v cores="$(nproc)" -v src="$source" -v rep="$repeat" \
    -v one="$one" -v two="$two" -v busy1="$(cat "$work/busy.1")" 'BEGIN {
	printf "repositories        %d from %s (cores online: %d, best of %d)\n", n, src, cores, rep
	printf "first run, -j1      %7.3f s  %7.1f repositories/s\n", t1, n / t1
	printf "first run, -j2      %7.3f s  %7.1f repositories/s\n", t2, n / t2
	printf "speed-up -j2/-j1    %7.2f x  (target >= 1.7)\n", t1 / t2
	printf "machine parallelism %7.2f x  (two CPU-bound processes vs one)\n", 2 * one / two
	printf "cores busy at -j1   %7.2f    (vigie, libgit2 threads and the local git server)\n", busy1
	ceiling = (2 * one / two) / (busy1 > 1 ? busy1 : 1)
	printf "ceiling of -j2/-j1  %7.2f x  (machine parallelism / cores busy at -j1)\n", ceiling
	printf "unchanged run, -j2  %7.3f s  (%d of %d records reused)\n", t3, u, n
	printf "first/unchanged     %7.1f x  (target >= 20)\n", t2 / t3
}'
