#!/bin/sh
# SPDX-License-Identifier: EUPL-1.2
# Benchmark of the batch dashboard at an organisation's scale: N
# repositories (default 2,000) over RUNS runs (default 365) in vigie.sqlite.
# Not a test: it prints figures against the targets and never fails on a
# slow machine.
#
# One real record is made by `vigie batch` over a small repository; a
# generator varies it into N records (scores, statuses, commits) for two
# run directories: the oldest run and the newest.  The oldest is imported by
# `vigie merge` (which creates the schema, the repositories and the rules);
# the runs between are generated with sqlite3(1) through the documented
# schema (vigie-db(5)): runs, results, practices and changes for every run,
# and every run's rule results, as the default --keep-runs (400) keeps a
# year of them: each rule of each repository changes status about twice
# a year (the runs of changes), its result otherwise the same from run to
# run, so one span of check_spans from a change to the next.  The newest
# run's records are then made from the database's latest results, about
# one rule in 180 changed, and merged: that writes one run into the
# database (through the real code path), then the summary, index.html and
# the repositories' pages.
#
# The two phases are told apart by strace(1) timestamps: writing the run
# starts when vigie.sqlite is first opened (then one pass over the records
# parses each once for the database and the summary, only the members they
# read, and commits), the
# dashboard when vigie.sqlite is opened again to read the history; each
# phase's processor time is sampled too.  Without strace only the total is
# printed.
#
#   tests/bench/dashboard.sh [VIGIE_BINARY]  (N=2000 RUNS=365)
set -eu

vigie=${1:-${VIGIE_BIN:-build/src/cli/vigie}}
n=${N:-2000}
runs=${RUNS:-365}
case $vigie in /*) ;; *) vigie=$(pwd)/$vigie ;; esac
[ -x "$vigie" ] || { echo "dashboard.sh: no vigie binary at $vigie" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "dashboard.sh: needs sqlite3(1)" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vigie-bench-XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
now() { date +%s.%N; }
elapsed() { echo "$2 $1" | awk '{ printf "%.2f", $1 - $2 }'; }
export GIT_AUTHOR_NAME=Bench GIT_AUTHOR_EMAIL=bench@example.org
export GIT_COMMITTER_NAME=Bench GIT_COMMITTER_EMAIL=bench@example.org
export GIT_CONFIG_NOSYSTEM=1 HOME=$work

# One real record of this vigie, the template of all the others.
git init -q -b main "$work/seed"
(
	cd "$work/seed"
	printf '# Seed\n\nA shared tool for everyone.\n\n## Install\n\nmake\n' > README.md
	printf 'EUPL-1.2\n' > LICENSE
	git add -A && git commit -q -m first
)
echo "$work/seed" > "$work/list"
"$vigie" batch --list "$work/list" --out "$work/one" --offline >/dev/null

# gen first|last: the records of the oldest run (random statuses), or of
# the newest (the latest statuses in the database, a few changed)
gen() {
python3 - "$work/one/results.jsonl" "$work" "$n" "$1" "$work/out/vigie.sqlite" <<'PY'
import json, os, random, sqlite3, sys
src, work, n, which, db = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
tpl = json.loads(open(src).readline())
statuses = ["pass", "fail", "partial", "pass", "fail"]
latest = {}
if which == "last":
    h = sqlite3.connect(db)
    for target, rule, status in h.execute(
            "SELECT target, rule, status FROM check_spans s JOIN repositories"
            " ON repositories.id = s.repository_id WHERE first_run = (SELECT"
            " max(first_run) FROM check_spans x WHERE x.repository_id ="
            " s.repository_id AND x.rule = s.rule)"):
        latest[(target, rule)] = status
    h.close()
for name, day, seed in (("first", "2025-01-01", 1), ("last", "2026-01-01", 2)):
    if name != which:
        continue
    rnd = random.Random(seed)
    os.makedirs(f"{work}/{name}")
    with open(f"{work}/{name}/run.json", "w") as f:
        json.dump({"id": f"bench-{name}", "started": f"{day}T02:00:00Z",
                   "ended": f"{day}T02:30:00Z", "version": tpl["tool"]["version"],
                   "rules_digest": tpl["batch"]["digest"], "organisations": ["github:bench"],
                   "shards": []}, f)
    with open(f"{work}/{name}/results.jsonl", "w") as f:
        for i in range(n):
            key = f"https://git.example.org/bench/repo-{i:04d}"
            commit = "%040x" % rnd.getrandbits(160)
            r = dict(tpl)
            r["batch"] = dict(tpl["batch"], target=key, status="audited", commit=commit)
            r["repository"] = dict(tpl["repository"], target=key, url=key, commit=commit)
            checks = []
            for c in tpl["checks"]:
                was = latest.get((key, c["id"]))
                if was and rnd.random() >= 2 / 365:
                    c = dict(c, status=was)
                else:
                    c = dict(c, status=rnd.choice(statuses) if c["status"] != "skip" else "skip")
                checks.append(c)
            r["checks"] = checks
            score = rnd.uniform(10, 90)
            r["score"] = {"overall": round(score, 1),
                          "themes": {t: round(rnd.uniform(0, 100), 1) for t in tpl["score"]["themes"]}}
            f.write(json.dumps(r, separators=(",", ":")) + "\n")
PY
}
echo "generating $n records for the oldest run..." >&2
gen first

out=$work/out
"$vigie" merge --out "$out" "$work/first" >/dev/null
echo "generating runs 2..$((runs - 1)) in the database..." >&2
t0=$(now)
sqlite3 "$out/vigie.sqlite" <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE k(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM k WHERE i < $runs - 1)
INSERT INTO runs (id, key, started, ended, version, rules_digest, organisations,
                  repositories, errors, score_mean)
SELECT i, 'bench-' || i, strftime('%Y-%m-%dT02:00:00Z', '2025-01-01', '+' || (i - 1) || ' days'),
       strftime('%Y-%m-%dT02:30:00Z', '2025-01-01', '+' || (i - 1) || ' days'),
       'bench', 'bench', '["github:bench"]', $n, i % 7, 40 + 20.0 * i / $runs FROM k;
INSERT INTO results (run_id, repository_id, status, defaults, audited_at, ms, commit_id,
                     commit_date, score, understand, identify, produce, maintain, fund,
                     disseminate, license, commits, authors)
SELECT runs.id, repositories.id,
       CASE WHEN abs(random()) % 50 = 0 THEN 'error'
            WHEN abs(random()) % 3 = 0 THEN 'audited' ELSE 'unchanged' END,
       0, 1735696800 + 86400 * runs.id, 100, lower(hex(randomblob(20))),
       substr(runs.started, 1, 10) || 'T00:00:00Z',
       abs(random()) % 1000 / 10.0, abs(random()) % 101, abs(random()) % 101,
       abs(random()) % 101, abs(random()) % 101, abs(random()) % 101,
       abs(random()) % 101, 'EUPL-1.2', abs(random()) % 5000, abs(random()) % 50
FROM runs, repositories WHERE runs.id BETWEEN 2 AND $runs - 1;
INSERT INTO practices (run_id, rule, passing, failing, total)
SELECT runs.id, rules.id, p, $n - p, $n FROM runs, rules,
       (SELECT 0) JOIN (SELECT abs(random()) % ($n + 1) AS p)
WHERE runs.id BETWEEN 2 AND $runs - 1;
-- each rule of each repository changes status about twice a year
INSERT OR IGNORE INTO changes (repository_id, rule, run_id, status, commit_id)
SELECT repositories.id, rules.id, 2 + abs(random()) % ($runs - 2),
       CASE abs(random()) % 3 WHEN 0 THEN 'pass' WHEN 1 THEN 'fail' ELSE 'partial' END,
       lower(hex(randomblob(20)))
FROM repositories, rules, (SELECT 1 UNION ALL SELECT 2);
-- every run's rule results: a span from each change to the next, over the
-- runs the repository has results in (an error has none), the score and
-- evidence those of the oldest run
CREATE TEMP TABLE b AS SELECT c.repository_id, c.rule, c.run_id AS start,
       coalesce(lead(c.run_id) OVER (PARTITION BY c.repository_id, c.rule
                ORDER BY c.run_id), $runs) AS next, c.status, s.score, s.evidence
FROM changes c JOIN check_spans s ON s.repository_id = c.repository_id
     AND s.rule = c.rule AND s.first_run = 1;
DELETE FROM check_spans;
INSERT INTO check_spans (repository_id, rule, first_run, last_run, status, score, evidence)
SELECT * FROM (SELECT repository_id, rule,
       (SELECT min(r.run_id) FROM results r WHERE r.repository_id = b.repository_id
        AND r.run_id >= b.start AND r.run_id < b.next AND r.status != 'error') AS f,
       (SELECT max(r.run_id) FROM results r WHERE r.repository_id = b.repository_id
        AND r.run_id >= b.start AND r.run_id < b.next AND r.status != 'error') AS l,
       status, score, evidence FROM b) WHERE f IS NOT NULL;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "generated in $(elapsed "$t0" "$(now)") s" >&2
echo "generating $n records for the newest run..." >&2
gen last

# The newest run: written into the database, then the dashboard.
trace=$work/trace
t0=$(now)
# The processor time too, phase by phase: on a shared machine the wall
# clock also counts the waits for a core.  A loop samples the process's
# user + system ticks (/proc/PID/stat) with the time of day every 100 ms.
cpu=$work/cpu
if command -v strace >/dev/null; then
	strace -f -tt --seccomp-bpf -e trace=openat -o "$trace" \
		"$vigie" merge --out "$out" "$work/last" >/dev/null &
	spid=$!
	pid=
	while [ -z "$pid" ] && kill -0 "$spid" 2>/dev/null; do
		pid=$(pgrep -P "$spid" | head -n 1)
	done
	tck=$(getconf CLK_TCK)
	while [ -n "$pid" ] && [ -r "/proc/$pid/stat" ]; do
		t=$(awk -v k="$tck" '{ printf "%.2f", ($14 + $15) / k }' \
			"/proc/$pid/stat" 2>/dev/null) || break
		echo "$(date +%H:%M:%S.%N) $t"
		sleep 0.1
	done > "$cpu"
	wait "$spid"
else
	"$vigie" merge --out "$out" "$work/last" >/dev/null
fi
t1=$(now)
total=$(elapsed "$t0" "$t1")
if [ -s "$trace" ]; then
	# seconds since midnight of each marker, then the phases
	secs() { awk '{ split($2, t, ":"); printf "%.6f\n", t[1] * 3600 + t[2] * 60 + t[3] }'; }
	db=$(grep -m1 'vigie.sqlite"' "$trace" | secs)
	sum=$(grep 'vigie.sqlite"' "$trace" | sed -n 2p | secs)
	end=$(tail -n 1 "$trace" | secs)
	write=$(elapsed "$db" "$sum")
	dash=$(elapsed "$sum" "$end")
	# the processor time used by each marker: the last sample before it
	used() {
		awk -v at="$1" '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3];
			if (s <= at) v = $2 } END { printf "%.2f", v }' "$cpu"
	}
	if [ -s "$cpu" ]; then
		cdb=$(used "$db"); csum=$(used "$sum")
		cend=$(tail -n 1 "$cpu" | cut -d' ' -f2)
		write="$write s wall, $(elapsed "$cdb" "$csum") s processor"
		dash="$dash s wall, $(elapsed "$csum" "$cend") s processor"
		total="$total s wall, $cend s processor; load $(cut -d' ' -f1 /proc/loadavg)"
	fi
fi
size() { du -sb "$1" | awk '{ printf "%.1f", $1 / 1048576 }'; }
pages=$(find "$out/repos" -name '*.html' | wc -l)
echo "dashboard: $n repositories x $runs runs (every run's rule results kept, as --keep-runs 400)"
echo "  database rows: $(sqlite3 "$out/vigie.sqlite" "SELECT (SELECT count(*) FROM runs) || ' runs, ' || (SELECT count(*) FROM results) || ' results, ' || (SELECT count(*) FROM check_spans) || ' check spans (' || (SELECT count(*) FROM checks WHERE run_id = (SELECT max(id) FROM runs)) || ' rows of checks in the newest run), ' || (SELECT count(*) FROM practices) || ' practices, ' || (SELECT count(*) FROM changes) || ' changes'")"
[ -z "${write:-}" ] || echo "  writing one run:          $write   (target <= 2 s)"
[ -z "${dash:-}" ] || echo "  generating the dashboard: $dash   (target <= 10 s; $pages repository pages)"
echo "  merge in all:             $total"
echo "  vigie.sqlite:             $(size "$out/vigie.sqlite") MiB   (target <= 200 MiB)"
# each table's and index's share, when sqlite3 has the dbstat table
sqlite3 "$out/vigie.sqlite" "SELECT '    ' || name || ': ' || printf('%.1f', sum(pgsize) / 1048576.0) || ' MiB' FROM dbstat GROUP BY name ORDER BY sum(pgsize) DESC" 2>/dev/null || true
echo "  index.html:               $(size "$out/index.html") MiB   (target <= 2 MiB)"
echo "  repos/ (all pages):       $(size "$out/repos") MiB"
