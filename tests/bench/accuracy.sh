#!/bin/sh
# Accuracy of vigie on the hand-labelled corpus tests/data/real/truth.tsv.
# A benchmark, not a test: it prints figures and exits 0 (2 on a usage error).
# Usage: tests/bench/accuracy.sh [--mirrors DIR] [--truth FILE] [--only REPO]
#                                [--save DIR] [--quiet]
# Environment: VIGIE_BIN (default build/src/cli/vigie).
here=$(dirname "$0")
command -v python3 >/dev/null 2>&1 || {
	echo "accuracy: python3 is needed" >&2
	exit 2
}
exec python3 "$here/accuracy.py" "$@"
