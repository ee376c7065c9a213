#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# lang_catalogue.sh CORE_XX CORE SOURCE_ROOT: a language is its catalogue.
# CORE_XX is vigie built with tests/data/lang/i18n/xx.po beside
# rules/i18n/*.po (no C edit): it speaks xx, by --lang and by the locale,
# with xx's three plural forms and English where xx has no text; CORE,
# built without it, does not.
set -eu
xx=$1 core=$2 root=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail() { echo "lang-catalogue: $*"; exit 1; }

sh "$root/tests/cli/fixture.sh" minimal "$tmp/repo" >/dev/null
# four commits: xx's second form ("few")
for i in 1 2 3; do
	git -C "$tmp/repo" -c user.name='Case Author' \
		-c user.email=author@example.org commit -q --allow-empty -m "c$i"
done

"$xx" audit "$tmp/repo" --lang xx --offline >"$tmp/out" 2>"$tmp/err" ||
	fail "audit --lang xx failed: $(cat "$tmp/err")"
for want in "xx-audit of" "Xx-understand" "4 xx-commit-few" \
	"xx-fix: Add a README.md" "A README presents the resource"; do
	grep -qF -- "$want" "$tmp/out" || fail "no '$want' in:
$(cat "$tmp/out")"
done
! grep -q "vigie audit of" "$tmp/out" || fail "English header in xx"

# a rule explained in it: the guide's question in English, xx having none
"$xx" rules explain readme.present --lang xx >"$tmp/rule" 2>&1 ||
	fail "rules explain --lang xx failed"
grep -qF "What makes a digital commons" "$tmp/rule" ||
	fail "no guide question in: $(cat "$tmp/rule")"

# the locale chooses it too, its region aside
LC_ALL=xx_YY.UTF-8 "$xx" audit "$tmp/repo" --offline >"$tmp/out2" 2>&1 ||
	fail "audit in the xx locale failed"
grep -qF "xx-audit of" "$tmp/out2" || fail "the xx locale is not xx"

# the unknown language's message names it among those vigie speaks
if "$xx" audit "$tmp/repo" --lang zz >"$tmp/out3" 2>&1; then
	fail "--lang zz accepted"
fi
grep -qF "unknown language 'zz' (en, fr, xx)" "$tmp/out3" ||
	fail "unexpected: $(cat "$tmp/out3")"

# without the catalogue, no such language
if "$core" audit "$tmp/repo" --lang xx >"$tmp/out4" 2>&1; then
	fail "vigie without xx.po accepts --lang xx"
fi
grep -qF "unknown language 'xx' (en, fr)" "$tmp/out4" ||
	fail "unexpected: $(cat "$tmp/out4")"
echo "lang-catalogue: vigie built with xx.po speaks xx"
