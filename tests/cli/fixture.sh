#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Builds the repositories the CLI cases audit: fixture.sh KIND DIR
set -eu
kind=$1
dir=$2
root=$(cd "$(dirname "$0")/../.." && pwd)
export GIT_AUTHOR_NAME='Case Author' GIT_AUTHOR_EMAIL=author@example.org
export GIT_COMMITTER_NAME='Case Author' GIT_COMMITTER_EMAIL=author@example.org
export GIT_AUTHOR_DATE=2026-03-01T12:00:00Z GIT_COMMITTER_DATE=2026-03-01T12:00:00Z
export GIT_CONFIG_NOSYSTEM=1
# No "git maintenance run --auto" after each commit, and no meson's
# MALLOC_PERTURB_ (it is for vigie, which this script never runs): both
# cost git time and page faults (tests/support/fixture.c says more).
unset MALLOC_PERTURB_
git() { command git -c maintenance.auto=false "$@"; }
# The full MIT text, with a holder: license rules want a standard text.
mit_license() {
	cat > LICENSE <<MIT
MIT License

Copyright (c) 2026 $1

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
MIT
}

mkdir -p "$dir"
cd "$dir"
git init -q -b main .
# the identity for the cases' own commits too (one process less than git config)
printf '[user]\n\tname = Case Author\n\temail = author@example.org\n' >> .git/config
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

[![License](https://img.shields.io/badge/license-MIT-blue.svg)](LICENSE)

A shared tool kept by several public bodies as a digital commons.
Website: https://outil.fr/

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

## Roadmap

The next steps are in the issue tracker.

## Support

Ask questions on the forum at https://forum.outil.fr/ or the
issue tracker at https://git.outil.fr/outil/-/issues.
TXT
	mit_license Example
	printf '# Contributing\n\nReport a bug by opening an issue.\nPropose a change with a pull request.\nDocumentation and translation are welcome too.\nContributions are accepted under the license of the project (inbound = outbound).\n' > CONTRIBUTING.md
	# a code of conduct that reads as one: a known template, a contact
	sed 's/\[INSERT CONTACT METHOD\]/conduct@outil.fr/' \
		"$root/rules/conduct/texts/contributor-covenant-2.1.en.md" > CODE_OF_CONDUCT.md
	printf '# Governance\n\nThe maintainers decide by consensus; the association holds the name.\n' > GOVERNANCE.md
	printf '# Security\n\nMail security@outil.fr; we disclose after a fix.\n' > SECURITY.md
	printf '# Changelog\n\n## 1.0\n\n- First release.\n' > CHANGELOG.md
	printf '# Charter\n\nThe tool stays shared.\n' > CHARTER.md
	printf 'Alice <alice@outil.fr>\n' > MAINTAINERS
	printf '# Support\n\nForum and tracker.\n' > SUPPORT.md
	cat > publiccode.yml <<'YML'
publiccodeYmlVersion: "0.4"
name: outil
url: "https://git.outil.fr/outil.git"
platforms: [linux]
developmentStatus: stable
softwareType: standalone/other
description:
  en:
    shortDescription: A shared tool kept by several public bodies.
    longDescription: >
      A shared tool kept by several public bodies as a digital commons. It
      audits things for everyone, and everyone may reuse and improve it under
      the MIT license.
    features: [audits]
legal:
  license: MIT
maintenance:
  type: community
  contacts:
    - name: Alice
      email: alice@outil.fr
localisation:
  localisationReady: true
  availableLanguages: [en, fr]
YML
	mkdir -p .github/ISSUE_TEMPLATE .github/workflows docs
	printf 'liberapay: outil\n' > .github/FUNDING.yml
	printf 'bug\n' > .github/ISSUE_TEMPLATE/bug.md
	printf 'checklist\n' > .github/pull_request_template.md
	printf 'on: push\n' > .github/workflows/ci.yml
	printf '# Guide\n' > docs/index.md
	printf '<svg/>\n' > docs/logo.svg
	mkdir -p press
	printf '# Press kit\n' > press/README.md
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
french)
	cat > README.md <<'TXT'
# Cadastre ouvert

Cadastre ouvert est un outil libre qui permet aux communes de publier leurs
parcelles sous une forme réutilisable. Il est partagé comme un commun
numérique par les collectivités qui l'utilisent, et chacun peut l'améliorer.
Le projet est financé par le syndicat mixte du cadastre.

## Installation

Récupérez le dépôt puis lancez le script d'installation.

## Contribuer

Lisez CONTRIBUER.md. Les échanges ont lieu sur https://forum.cadastre.example.fr/.
TXT
	mit_license 'Syndicat mixte'
	printf '# Contribuer\n\nPour signaler un bogue, ouvrez un ticket.\nProposez une modification par une demande de fusion.\n' > CONTRIBUER.md
	printf '# Code de conduite\n\nSoyez bienveillants. Contact : conduite@cadastre.example.fr\n' > CODE_DE_CONDUITE.md
	printf '# Gouvernance\n\nLe comité de pilotage de l association décide.\n' > GOUVERNANCE.md
	printf '# Feuille de route\n\n- 2.0 : export.\n' > ROADMAP.md
	printf '# Journal des modifications\n\n## 1.0\n' > CHANGELOG.md
	printf 'Claire Martin\n' > AUTHORS
	printf '<svg/>\n' > logo.svg
	cat > publiccode.yml <<'YML'
publiccodeYmlVersion: "0.4"
name: Cadastre ouvert
url: "https://git.example.fr/cadastre.git"
landingURL: "https://cadastre.example.fr/"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  fr:
    shortDescription: Publier les parcelles d'une commune.
    longDescription: >
      Cadastre ouvert permet aux communes de publier leurs parcelles sous une
      forme que tout le monde peut réutiliser, sur une carte et en
      téléchargement, avec des données vérifiées.
    features: [carte]
legal:
  license: MIT
maintenance:
  type: community
  contacts:
    - name: Claire Martin
      email: claire.martin@example.fr
localisation:
  localisationReady: true
  availableLanguages: [fr]
YML
	;;
placeholders)
	# Every contact is a template's placeholder: none reaches anyone.
	cat > README.md <<'TXT'
# Outil

Outil is a tool that audits things for public bodies.

## Contact

Write to maintainers@example.com. Website: https://example.org/
TXT
	mit_license Example
	printf '# Security\n\nMail security@example.com or use https://example.com/security.\n' > SECURITY.md
	cp "$root/rules/conduct/texts/contributor-covenant-2.1.en.md" CODE_OF_CONDUCT.md
	cat > publiccode.yml <<'YML'
publiccodeYmlVersion: "0.4"
name: outil
url: "https://git.outil.fr/outil.git"
landingURL: "https://example.org/outil"
platforms: [linux]
developmentStatus: stable
softwareType: standalone/other
description:
  en:
    shortDescription: A shared tool kept by several public bodies.
    longDescription: >
      A shared tool kept by several public bodies as a digital commons. It
      audits things for everyone, and everyone may reuse and improve it under
      the MIT license.
    features: [audits]
legal:
  license: MIT
maintenance:
  type: community
  contacts:
    - name: Alice
      email: your-email@outil.fr
localisation:
  localisationReady: true
  availableLanguages: [en]
YML
	;;
real-practices)
	# Practices written as real projects write them (issue #13).
	cat > README.md <<'TXT'
# Outil

Outil est un service en ligne qui aide les communes à publier leurs données.

## Self-hosting

Copy the configuration and start the containers.

| Meet the maintainers | |
|---|---|
| Alice | Ville de Lyon |

## Traduction

Les chaînes sont dans locales/fr.json ; ajoutez votre langue à côté.

## Changelog

Each release is described on the forge's releases page.
TXT
	mit_license Example
	cat > CONTRIBUTING.md <<'TXT'
# Contribuer

Si quelque chose ne marche pas, créez une issue.
Ouvrez une pull-request pour proposer un changement.

## Code of Ethics and Professional Conduct

This project adopts the W3C Code of Ethics and Professional Conduct.

Each commit is certified under the Developer's Certificate of Origin.
TXT
	;;
trust-headings)
	# Titles and lines that only look like practices (issue #13): platform
	# and browser support, services of the product, a package that Debian
	# maintains, adapters maintained by others, a team of another product.
	cat > README.md <<'TXT'
# Outil

Outil publishes the data of a town.

## Supported platforms

Linux and BSD.

## Browser support

Firefox and Chromium.

## Services

The API serves three services.

## Microsoft Team Foundation Server

Outil reads its work items.

## Security Configuration

Set the allowed hosts in the settings page.

If you run Debian stable, Outil is officially maintained by Debian.
Additional adapters are maintained by the community.
TXT
	mit_license Example
	;;
docs-elsewhere)
	# Links to other projects' documentation only (issue #13).
	cat > README.md <<'TXT'
# Gizmo

Gizmo publishes the data of a town. Install
[Docker](https://docs.docker.com/engine/install/) first; it speaks
[HTTP](https://en.wikipedia.org/wiki/HTTP) and stores rows with
[tablib](https://tablib.readthedocs.io/).
TXT
	mit_license Example
	;;
docs-own)
	# The project's own documentation site (issue #13).
	cat > README.md <<'TXT'
# Gizmo

Gizmo publishes the data of a town. Install
[Docker](https://docs.docker.com/engine/install/) first, then read the
guides on https://gizmo.readthedocs.io/en/latest/.
TXT
	mit_license Example
	;;
changelog-pointer)
	# Headings that name a changelog without being one: release notes
	# kept on the forge, a feature (issue #13).
	cat > README.md <<'TXT'
# Gizmo

Gizmo publishes the data of a town.

## Changelog in [GitHub Releases](https://github.com/me/gizmo/releases)

Release notes are recorded in GitHub Releases.

## Changelog extensions

Gizmo can compute the changelog of a build.
TXT
	mit_license Example
	;;
body-sections)
	# Practices a README states in sections of other names (issue #13).
	cat > README.md <<'TXT'
# Gizmo

Gizmo publishes the data of a town.

Development
===========

We would love to hear from you on our issues page. Make pull requests,
report bugs, suggest ideas.

security
--------

This profile runs the security integration tests.
TXT
	mit_license Example
	;;
changelog-section)
	# A changelog kept in the README (issue #13).
	printf '# Gizmo\n\nGizmo publishes the data of a town.\n\n## 🔍 Changelog\n\n- 0.2: faster.\n' > README.md
	mit_license Example
	;;
tr-config)
	# A translation platform's settings and no word to translators
	# (issue #13).
	printf '# Gizmo\n\nGizmo publishes the data of a town.\n' > README.md
	printf 'files:\n  - source: /locales/en.json\n' > crowdin.yml
	mit_license Example
	;;
conduct-link)
	# CONTRIBUTING links its code of conduct (issue #13).
	printf '# Outil\n\nOutil publishes the data of a town.\n' > README.md
	cat > CONTRIBUTING.md <<'TXT'
# Contributing

- [Code of Conduct](https://outil.fr/about/coc.html)
- Open an issue first.
TXT
	mit_license Example
	;;
conduct-under)
	# CONTRIBUTING says which code the project operates under, the
	# sentence running over two lines (issue #13).
	printf '# Outil\n\nOutil publishes the data of a town.\n' > README.md
	cat > CONTRIBUTING.md <<'TXT'
# Contributing

## Ethics

This project operates under the W3C's
[Code of Ethics and Professional Conduct][ethics].

[ethics]: https://www.w3.org/Consortium/cepc/
TXT
	mit_license Example
	;;
notify-only)
	# A workflow run on releases only, to notify an archive: it checks
	# no contribution (issue #13).
	printf '# Outil\n\nOutil publishes the data of a town.\n' > README.md
	mkdir -p .github/workflows
	cat > .github/workflows/notify.yml <<'TXT'
name: Notify Archive on Release
on:
  release:
    types: [published]
  workflow_dispatch:
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: curl -X POST https://archive.example.org/hook
TXT
	mit_license Example
	;;
trust-help)
	# The same README with the real thing: where to get help, who
	# maintains it.
	cat > README.md <<'TXT'
# Outil

Outil publishes the data of a town.

## Contacts

Write to the team at equipe@outil.fr.

## Core Team

Alice and Bob.

## Reporting security issues

Write to securite@outil.fr.
TXT
	mit_license Example
	;;
public-body)
	# A ministry pays a contractor: that is its funding path (issue #13).
	cat > README.md <<'TXT'
# Registre

Registre est un service public qui permet aux usagers de déclarer leurs
installations en ligne.
TXT
	mit_license 'Ministère de l exemple'
	cat > publiccode.yml <<'YML'
publiccodeYmlVersion: "0.4"
name: Registre
url: "https://git.registre.fr/registre.git"
platforms: [web]
developmentStatus: stable
softwareType: standalone/web
description:
  fr:
    shortDescription: Déclarer ses installations en ligne.
    longDescription: >
      Registre permet aux usagers de déclarer leurs installations en ligne,
      et aux services de l'État de les instruire, avec un suivi de chaque
      dossier et des notifications à chaque étape de son traitement.
    features: [déclaration]
legal:
  license: MIT
  repoOwner: Ministère de l'Exemple
maintenance:
  type: contract
  contractors:
    - name: Société Coopérative Exemple
      until: "2027-12-31"
localisation:
  localisationReady: false
  availableLanguages: [fr]
YML
	;;
hollow)
	# Every file is there, but says too little.
	printf '# Hollow\n\nSome text about this and that for the reader of it.\n' > README.md
	printf 'MIT License\n\nCopyright (c) 2026 Example\n\nPermission is hereby granted.\n' > LICENSE
	printf '# Contributing\n\nThank you for your interest.\n' > CONTRIBUTING.md
	printf '# Code of conduct\n\nBe kind to each other.\n' > CODE_OF_CONDUCT.md
	printf '# Security\n\nWe take security seriously.\n' > SECURITY.md
	printf 'publiccodeYmlVersion: "0.4"\nname: hollow\n' > publiccode.yml
	;;
readme-only)
	cat > README.md <<'TXT'
# Tool

A tool shared as a commons.

## Contributing

Open an issue, then send a pull request.

## Governance

The maintainers decide together.

## Security

Write to security@outil.fr.
TXT
	;;
purpose-fr)
	# The purpose in plain French sentences, with no section named for it.
	cat > README.md <<'TXT'
Ce dépôt contient :

- le code du site des simulateurs ;
- les règles de calcul des cotisations.

## Le site

[![tests](https://img.shields.io/badge/tests-ok-green.svg)](https://ci.outil.fr/)

Site développé avec un organisme public qui a pour mission d'accompagner
les créateurs d'entreprise. Il propose des simulateurs de cotisations.
TXT
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
