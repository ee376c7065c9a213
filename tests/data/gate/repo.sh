#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Builds the repository the gate, waiver, SARIF and Markdown cases audit,
# with fixed identities and dates so its commit id never changes:
# repo.sh DIR [WAIVERS.json]
set -eu
dir=$1
export GIT_AUTHOR_NAME='Case Author' GIT_AUTHOR_EMAIL=author@example.org
export GIT_COMMITTER_NAME='Case Author' GIT_COMMITTER_EMAIL=author@example.org
export GIT_AUTHOR_DATE=2026-03-01T12:00:00Z GIT_COMMITTER_DATE=2026-03-01T12:00:00Z
export GIT_CONFIG_NOSYSTEM=1
mkdir -p "$dir"
cd "$dir"
git init -q -b main .
printf '# Gate test\n\nA repository for the release-gate tests.\n' > README.md
printf 'MIT License\n\nCopyright (c) 2026 Example\n' > LICENSE
printf '# Contributing\n\nOpen an issue | or <b>write</b> to us.\n' > CONTRIBUTING.md
if [ $# -gt 1 ]; then
	cp "$2" .vigie.json
fi
git add -A
git commit -q -m 'gate fixture'
git tag -a v1.0 -m 'first release'
