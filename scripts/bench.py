"""`make bench`: the search benchmark on SQLite and PostgreSQL, with a report.

Each database gets a fresh benchmark database (SQLite: var/bench/bench.sqlite3; PostgreSQL:
BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/livslang_bench, dropped and
created again), is migrated, and `manage.py bench_search` runs in its own process. The report
goes to var/bench/<date>.md and .json; its summary replaces the block between the markers in
docs/benchmarks.md. BENCH_OFFERINGS sets the catalogue size (default 100000).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
OUT = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/livslang_bench"
# Targets from the issue: a/b median <= 2 and p95 <= 3 on both databases.
TARGETS = {"a/b median": 2.0, "a/b p95": 3.0}
# Matching one need against the same catalogue, as a ratio to one search call (issue Matching).
MATCHING_TARGET = 2.0


def fresh_postgres(url: str) -> str | None:
    """Drop and create the benchmark database; the reason it failed, or None."""
    try:
        import psycopg
    except ImportError as error:  # pragma: no cover - psycopg is a dependency
        return str(error)
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "livslang_bench"
    if not name.replace("_", "").isalnum():
        return f"refusing the database name {name!r}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except Exception as error:
        return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return None


def run_one(url: str, offerings: int, label: str) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("LIVSLANG_ENV", None)
    # Our own interpreter and manage.py, with fixed arguments.
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    # The refresh of regional insight keeps its "pending" flag in the database cache.
    subprocess.run([PYTHON, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    target = OUT / f"{label}.json"
    subprocess.run(
        [PYTHON, "manage.py", "bench_search", "--offerings", str(offerings), "--json", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    figures = dict(json.loads(target.read_text(encoding="utf-8")))
    # Regional insight over the same catalogue: the refresh against a plain cohort scan.
    insights = OUT / f"{label}-insights.json"
    subprocess.run(
        [PYTHON, "manage.py", "bench_insights", "--json", str(insights)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    figures["insights"] = json.loads(insights.read_text(encoding="utf-8"))
    return figures


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    t = figures["timings"]
    a, b, c = t["a: full search"], t["b: Tantivy baseline"], t["c: raw top-20"]
    out = []
    for stat in ("median", "p95"):
        key = f"{stat}_ms"
        ratio_b = round(a[key] / b[key], 2) if b[key] else None
        target = TARGETS[f"a/b {stat}"]
        out.append(
            {
                "name": f"full search vs Tantivy baseline ({stat})",
                "database": figures["database"],
                "median_ms": a["median_ms"],
                "p95_ms": a["p95_ms"],
                "baseline": f"b {b[key]} ms",
                "ratio": ratio_b,
                "target": f"<= {target}",
                "met": ratio_b is not None and ratio_b <= target,
            }
        )
        out.append(
            {
                "name": f"full search vs raw Tantivy top-20 ({stat})",
                "database": figures["database"],
                "median_ms": a["median_ms"],
                "p95_ms": a["p95_ms"],
                "baseline": f"c {c[key]} ms",
                "ratio": round(a[key] / c[key], 2) if c[key] else None,
                "target": "(none)",
                "met": None,
            }
        )
    matching = figures.get("matching")
    if matching:
        for stat in ("median", "p95"):
            ratio = matching["ratios"][stat]
            out.append(
                {
                    "name": f"matching one need vs one search call ({stat})",
                    "database": figures["database"],
                    "median_ms": matching["matching"]["median_ms"],
                    "p95_ms": matching["matching"]["p95_ms"],
                    "baseline": f"search {matching['search'][f'{stat}_ms']} ms",
                    "ratio": ratio,
                    "target": f"<= {MATCHING_TARGET}",
                    "met": ratio <= MATCHING_TARGET,
                }
            )
    return out


def markdown(day: str, results: list[dict[str, Any]], skipped: list[str]) -> str:
    lines = [
        f"Search benchmark of {day}.",
        "",
        "| name | database | median ms | p95 ms | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for figures in results:
        for row in rows(figures):
            met = "—" if row["met"] is None else ("met" if row["met"] else "not met")
            lines.append(
                f"| {row['name']} | {row['database']} | {row['median_ms']} | {row['p95_ms']} "
                f"| {row['baseline']} | {row['ratio']} | {row['target']} | {met} |"
            )
    lines += [
        "",
        "| database | offerings | cohorts | distinct words | queries | generate s "
        "| index build s | baseline build s | peak memory MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for f in results:
        lines.append(
            f"| {f['database']} | {f['offerings']} | {f['cohorts']} | {f['distinct_words']} "
            f"| {f['queries']} | {f['generate_seconds']} | {f['index_build_seconds']} "
            f"| {f['baseline_build_seconds']} | {f['peak_memory_mb']} |"
        )
    lines += [
        "",
        "Regional insight: recomputing every municipality, county/region and country of both "
        "countries, against a plain scan of the cohorts in the same run.",
        "",
        "| database | cohorts | areas | scan median s | refresh median s | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for f in results:
        i = f.get("insights") or {}
        lines.append(
            f"| {f['database']} | {i.get('cohorts')} | {i.get('areas')} | {i.get('scan_median_s')} "
            f"| {i.get('refresh_median_s')} | {i.get('ratio')} |"
        )
    lines += [""] + [f"SKIP {line}" for line in skipped]
    lines.append(
        "Not measured yet: the results page under gunicorn with wrk against its fixed-data twin "
        "(LOAD-01)."
    )
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    offerings = int(os.environ.get("BENCH_OFFERINGS", "100000"))
    day = dt.datetime.now(dt.UTC).date().isoformat()
    results: list[dict[str, Any]] = []
    skipped: list[str] = []

    sqlite_path = OUT / "bench.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    print(f"bench: SQLite, {offerings} offerings", flush=True)
    results.append(run_one(f"sqlite:///{sqlite_path}", offerings, "sqlite"))

    pg_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    problem = fresh_postgres(pg_url)
    if problem is None:
        print(f"bench: PostgreSQL, {offerings} offerings", flush=True)
        results.append(run_one(pg_url, offerings, "postgresql"))
    else:
        skipped.append(f"postgresql: {problem}")
        print(f"SKIP postgresql: {problem}", flush=True)

    report = markdown(day, results, skipped)
    (OUT / f"{day}.md").write_text(report, encoding="utf-8")
    (OUT / f"{day}.json").write_text(
        json.dumps({"date": day, "results": results, "skipped": skipped}, indent=2) + "\n",
        encoding="utf-8",
    )
    doc = DOC.read_text(encoding="utf-8")
    if START in doc and END in doc:
        head, rest = doc.split(START, 1)
        tail = rest.split(END, 1)[1]
        DOC.write_text(f"{head}{START}\n{report}{END}{tail}", encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
