#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Builds the repositories the CLI cases audit: fixture.sh KIND DIR
set -eu
kind=$1
dir=$2
export GIT_AUTHOR_NAME='Case Author' GIT_AUTHOR_EMAIL=author@example.org
export GIT_COMMITTER_NAME='Case Author' GIT_COMMITTER_EMAIL=author@example.org
export GIT_AUTHOR_DATE=2026-03-01T12:00:00Z GIT_COMMITTER_DATE=2026-03-01T12:00:00Z
export GIT_CONFIG_NOSYSTEM=1
mkdir -p "$dir"
cd "$dir"
git init -q -b main .
git config user.name 'Case Author'
git config user.email author@example.org
case $kind in
empty)
	exit 0
	;;
minimal)
	printf '# Minimal\n' > README.md
	;;
good)
	cat > README.md <<'TXT'
# Outil commun

A shared tool kept by several public bodies as a digital commons.

## About

It audits things for everyone, and everyone may reuse and improve it. The
tool was started by two public bodies that needed the same thing, and is now
kept by a community of agencies, companies and volunteers. Every change is
discussed in the open, decisions are recorded, and the code stays under a
libre license so that no member can ever take it away from the others.

## Features

- audits several kinds of things, in English and in French;
- runs offline, on a laptop or in continuous integration;
- prints a report that people read, and JSON for machines.

## Installation

    make && make install

## Usage

Run `outil` in a directory.

## Contributing

See CONTRIBUTING.md. Translations are welcome: see the Translation section.

## Translation

Translate the messages in po/ through Weblate.

## Governance

Decisions are taken by the maintainers listed in MAINTAINERS.

## Funding

The project is funded by its member organisations; see FUNDING.

## Support

Ask questions on the forum or the issue tracker.
TXT
	printf 'MIT License\n\nCopyright (c) 2026 Example\n\nPermission is hereby granted, free of charge, to any person.\n' > LICENSE
	printf '# Contributing\n\nReport a bug by opening an issue.\nPropose a change with a pull request.\n' > CONTRIBUTING.md
	printf '# Code of conduct\n\nBe kind. Contact: conduct@example.org\n' > CODE_OF_CONDUCT.md
	printf '# Governance\n\nThe maintainers decide by consensus.\n' > GOVERNANCE.md
	printf '# Security\n\nMail security@example.org; we disclose after a fix.\n' > SECURITY.md
	printf '# Changelog\n\n## 1.0\n\n- First release.\n' > CHANGELOG.md
	printf '# Charter\n\nThe tool stays shared.\n' > CHARTER.md
	printf 'Alice <alice@example.org>\n' > MAINTAINERS
	printf '# Support\n\nForum and tracker.\n' > SUPPORT.md
	printf "publiccodeYmlVersion: '0.4'\nname: outil\n" > publiccode.yml
	mkdir -p .github/ISSUE_TEMPLATE .github/workflows docs
	printf 'liberapay: outil\n' > .github/FUNDING.yml
	printf 'bug\n' > .github/ISSUE_TEMPLATE/bug.md
	printf 'checklist\n' > .github/pull_request_template.md
	printf 'on: push\n' > .github/workflows/ci.yml
	printf '# Guide\n' > docs/index.md
	printf '<svg/>\n' > docs/logo.svg
	printf '# Outil\n\nUn outil partagé.\n' > README.fr.md
	# A year of work by people from three organisations, so that the
	# history rules pass too (activity, bus and elephant factors).
	for m in 03 04 05 06 07 08 09 10 11 12; do
		for who in ana:one.example ben:two.example; do
			GIT_AUTHOR_NAME=${who%%:*} GIT_AUTHOR_EMAIL=${who%%:*}@${who#*:} \
			GIT_AUTHOR_DATE=2025-$m-15T12:00:00Z \
			GIT_COMMITTER_DATE=2025-$m-15T12:00:00Z \
				git commit -q --allow-empty -m "work of 2025-$m"
		done
	done
	;;
hostile)
	printf '# Hostile\n' > README.md
	printf 'x\n' > "$(printf 'LICENSE.\033[31mRED')"
	printf 'x\n' > "$(printf 'CONTRIBUTING.\r\n.md')"
	;;
*)
	echo "fixture.sh: unknown kind $kind" >&2
	exit 2
	;;
esac
git add -A
git commit -q -m "$kind fixture"
git tag -a v1.0 -m 'first release'
