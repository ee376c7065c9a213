#!/bin/sh
# Window figures for one row of truth.tsv, from git alone (see README.md,
# "Window figures"). Usage: window.sh GIT_DIR COMMIT
# Prints: as_of commits_365 authors_365 releases_365 last_release (tab-separated).
set -eu
export TZ=UTC
[ $# -eq 2 ] || { echo "usage: window.sh GIT_DIR COMMIT" >&2; exit 2; }
G=$1 C=$2
g() { git --git-dir="$G" "$@"; }
END=$(g log -1 --format=%ct "$C")
START=$((END - 365 * 86400))
AS_OF=$(g log -1 --format=%cd --date=format-local:%Y-%m-%d "$C")
# Bots: author name or address (after .mailmap) naming a bot; translation
# platforms: author or committer being the platform (a translator's commit
# made through Weblate has the platform as committer).  A CI server
# committing (Jenkins) and an author address whose local part takes no
# reply (a tool's noreply@its.domain) are automation too; a person's forge
# address (123+login@users.noreply.github.com) is not.
BOTS='\[bot\]|(^|[^a-z])bot([^a-z]|$)|dependabot|renovate|github-actions|^actions@|fsfe-system|^jenkins$'
NOREPLY='^no[-_]?reply@'
PLATFORMS='weblate|transifex|crowdin|pontoon|pootle'
# Every commit reachable from C whose committer date is in [START, END]; no --since
# (git log --since stops at the first older commit).
g -c "mailmap.blob=$C:.mailmap" -c mailmap.file= log --use-mailmap --format='%ct%x09%aN%x09%aE%x09%cN%x09%cE' "$C" |
awk -F'\t' -v s="$START" -v e="$END" '$1 >= s && $1 <= e' |
awk -F'\t' -v bots="$BOTS" -v plat="$PLATFORMS" -v nr="$NOREPLY" '{
  a = tolower($2 "\t" $3); c = tolower($4 "\t" $5)
  if (tolower($2) ~ bots || tolower($3) ~ bots) next
  if (tolower($3) ~ nr) next
  if (a ~ plat || c ~ plat) next
  print
}' > "${TMPDIR:-/tmp}/window.$$" || true
COMMITS=$(wc -l < "${TMPDIR:-/tmp}/window.$$" | tr -d ' ')
AUTHORS=$(cut -f3 "${TMPDIR:-/tmp}/window.$$" | tr 'A-Z' 'a-z' | sort -u | grep -c . || true)
rm -f "${TMPDIR:-/tmp}/window.$$"
# Version-like tags reachable from C: tagger date (annotated) or commit date
# (lightweight); tags of one commit count once.
# Version-like names: v1.2, 1.2.3-rc1, name-1.2, curl-8_9_1, @scope/pkg@1.2.0,
# release/v3.1, 20240315; not a bare v3 (see README.md).
g tag --merged "$C" --format='%(refname:strip=2)%09%(objecttype)%09%(taggerdate:unix)%09%(committerdate:unix)%09%(*objectname)%(objectname)' |
awk -F'\t' -v C="$(g rev-parse "$C")" -v e="$END" '
  $1 ~ /^(.*[-_\/@])?[vV]?[0-9]+([._][0-9]+)+([-+.~]?[A-Za-z0-9.]*)*$/ ||
  $1 ~ /^(.*[-_\/@])?[vV]?(19|20)[0-9][0-9][0-9][0-9][0-9][0-9]$/ {
    d = ($2 == "tag") ? $3 : $4; c = ($2 == "tag") ? substr($5, 1, 40) : $5
    # A tag of C itself is C'"'"'s release, however long after C it was made
    # (issue 13: the tag being audited counts).
    if (c == C && d > e) d = e
    print $1 "\t" d "\t" c
  }' > "${TMPDIR:-/tmp}/tags.$$"
REL=$(awk -F'\t' -v s="$START" -v e="$END" '$2 >= s && $2 <= e { print $3 }' "${TMPDIR:-/tmp}/tags.$$" | sort -u | grep -c . || true)
LAST=$(awk -F'\t' -v e="$END" '$2 <= e' "${TMPDIR:-/tmp}/tags.$$" | sort -t"$(printf '\t')" -k2,2n -k1,1 | tail -1 | cut -f1)
rm -f "${TMPDIR:-/tmp}/tags.$$"
printf '%s\t%s\t%s\t%s\t%s\n' "$AS_OF" "$COMMITS" "$AUTHORS" "$REL" "${LAST:--}"
