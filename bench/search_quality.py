"""How well the search finds what readers mean: the judged queries (``bench/queries.json``) scored for ours and the baseline.

    python -m bench.search_quality N     # generates N statements, builds both, scores, prints the table

The baseline is vanilla Pelican followed by the Pagefind CLI with its defaults (``run.py``'s
``vanilla+pagefind``), searched as Pagefind's own UI searches: the query as typed.  Ours is
searched as its search page does (``theme/static/js/search-words.js``, imported from the page):
common words left out, and no statement listed when a word is in none; for a misspelling, ours is
scored on the first "Did you mean …?" search it offers (one click), the baseline on its results.

Each query's relevant statements are judged from the generated records, not by either search:
the statements holding a form of every word (Snowball English, ``snowballstemmer``) in their
title, summary, body, tags or category; a "quoted phrase": its words' forms in a row; a title:
the statements with that title; a threat level's word: also the statements at that level.

Per query: recall (relevant statements found / relevant; 1 when none is relevant) and top-5
precision (relevant among the first five results / results among them; with no results, 1 when
none is relevant, else 0); their means per class.  Everything both searches list counts, so the
baseline's pages that are not statements (listings, tag pages) count as not relevant.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import re
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

import snowballstemmer

from bench import generate

QUERIES = Path(__file__).resolve().parent / "queries.json"
TOKEN = re.compile(r"[^\W_]+")
STEMMER = snowballstemmer.stemmer("english")
PHRASE = re.compile(r'^\s*"(.+)"\s*$')
TOP = 5

# In the search page: every query as the page asks it, returning Pagefind's result ids in order.
_OURS = """async ({ queries, words }) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.options({ noWorker: true });
  const { absentWords, nearestWords, termsOf } = await import("/theme/js/search-words.js");
  const vocabulary = await (await fetch(words)).json();
  const ids = async (query, misspelt) => {
    const { words: searched, term } = termsOf(query);
    const absent = await absentWords(pagefind, searched);
    if (!absent.length) return (await pagefind.search(term)).results.map((result) => result.id);
    const [nearest] = misspelt && absent.length === 1 ? nearestWords(absent[0], vocabulary) : [];
    return nearest ? ids(searched.map((word) => (word === absent[0] ? nearest : word)).join(" "), false) : [];
  };
  const found = [];
  for (const { query, misspelt } of queries) found.push(await ids(query, misspelt));
  return found;
}"""
_BASELINE = """async ({ queries }) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const found = [];
  for (const { query } of queries) found.push((await pagefind.search(query)).results.map((result) => result.id));
  return found;
}"""


def stems(text: str) -> list[str]:
    return STEMMER.stemWords(TOKEN.findall(text.lower()))


def judged_queries(records: Sequence[generate.Record]) -> list[dict]:
    """The judged queries, each with its query text (titles filled in) and its relevant statements' slugs."""
    by_date = sorted(records, key=lambda record: record.date)
    texts = {r.slug: stems(" ".join((r.title, r.summary, r.body, *r.tags, r.category))) for r in records}
    judged = []
    for item in json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]:
        if "title_at" in item:
            query = by_date[min(int(item["title_at"] * len(by_date)), len(by_date) - 1)].title
            relevant = {r.slug for r in records if r.title == query}
        else:
            query = item["query"]
            relevant = {slug for slug, text in texts.items() if _holds(text, item.get("meant", query))}
            levels = {level.name for level in generate.LEVELS if level.name.lower() == query.lower()}
            relevant |= {r.slug for r in records if r.level.name in levels}
        judged.append({"class": item["class"], "query": query, "misspelt": "meant" in item, "relevant": relevant})
    return judged


def _holds(text: list[str], query: str) -> bool:
    """Whether a statement's words (stems, in order) hold every word of ``query``, or its quoted phrase in a row."""
    phrase = PHRASE.match(query)
    wanted = stems(phrase.group(1) if phrase else query)
    if not phrase:
        return set(wanted) <= set(text)
    return any(text[start : start + len(wanted)] == wanted for start in range(len(text) - len(wanted) + 1))


def urls_by_id(bundle: Path) -> dict[str, str]:
    """Each page's URL by its Pagefind id, read from the bundle's fragments."""
    urls = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        urls[path.name.removesuffix(".pf_fragment")] = fragment["url"]
    return urls


def slug_of(url: str) -> str | None:
    """The statement's slug in ours' URL (/statements/YYYY/MM/slug/) or vanilla's (/slug.html); None for other pages."""
    if match := re.fullmatch(r"/statements/\d{4}/\d{2}/([^/]+)/", url) or re.fullmatch(r"/([^/]+)\.html", url):
        return match.group(1)
    return None


def found_slugs(browser, base_url: str, page: str, script: str, bundle: Path, queries: list[dict]) -> list[list]:
    """Each query's results in order, as slugs (None for a page that is no statement)."""
    tab = browser.new_page()
    try:
        tab.goto(base_url + page)
        ids = tab.evaluate(script, {"queries": queries, "words": "/pagefind/words.json"})
    finally:
        tab.close()
    urls = urls_by_id(bundle)
    return [[slug_of(urls[result]) for result in results] for results in ids]


def scores(relevant: set[str], found: list) -> dict:
    top = found[:TOP]
    precision = (sum(slug in relevant for slug in top) / len(top)) if top else float(not relevant)
    recall = len(relevant & set(found)) / len(relevant) if relevant else 1.0
    return {"results": len(found), "recall": recall, "top5_precision": precision}


def score(browser, ours: tuple[str, Path], baseline: tuple[str, Path], records: Sequence[generate.Record]) -> dict:
    """Every judged query's scores for ours and the baseline (each: a served base URL and its output folder)."""
    judged = judged_queries(records)
    queries = [{"query": item["query"], "misspelt": item["misspelt"]} for item in judged]
    found = {
        "ours": found_slugs(browser, ours[0], "/search/", _OURS, ours[1] / "pagefind", queries),
        "baseline": found_slugs(browser, baseline[0], "/", _BASELINE, baseline[1] / "pagefind", queries),
    }
    per_query = [
        {
            "class": item["class"],
            "query": item["query"],
            "relevant": len(item["relevant"]),
            **{tool: scores(item["relevant"], found[tool][index]) for tool in found},
        }
        for index, item in enumerate(judged)
    ]
    return {"queries": per_query, "classes": by_class(per_query)}


def by_class(per_query: list[dict]) -> dict:
    """Mean recall and top-5 precision of each class, for each tool."""
    classes: dict[str, dict] = {}
    for name in dict.fromkeys(item["class"] for item in per_query):
        items = [item for item in per_query if item["class"] == name]
        classes[name] = {
            tool: {key: statistics.fmean(item[tool][key] for item in items) for key in ("recall", "top5_precision")}
            for tool in ("ours", "baseline")
        } | {"queries": len(items)}
    return classes


def table(quality: dict) -> str:
    """Each class's mean recall and top-5 precision, ours beside the baseline's."""
    from bench.run import aligned  # run.py imports this module

    rows = [["class (queries)", "recall: ours", "baseline", "top-5 precision: ours", "baseline"]]
    for name, figures in quality["classes"].items():
        ours, baseline = figures["ours"], figures["baseline"]
        values = (ours["recall"], baseline["recall"], ours["top5_precision"], baseline["top5_precision"])
        rows.append([f"{name} ({figures['queries']})", *(f"{value:.2f}" for value in values)])
    return "\n".join(aligned(rows))


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    from bench import run
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("count", type=generate.positive_count, metavar="N")
    count = parser.parse_args(argv).count
    root = run.WORK / str(count)
    ours, baseline = (
        run.prepare(count, "ours", root / "ours"),
        run.prepare(count, "vanilla+pagefind", root / "vanilla+pagefind"),
    )
    log = root / "builds.log"
    run.measure(run.COMMANDS["vanilla+pagefind"](baseline), log)
    local = run.local_build(ours, log)
    served = contextlib.contextmanager(serve)
    with served(local) as ours_url, served(baseline.output) as baseline_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            quality = score(browser, (ours_url, local), (baseline_url, baseline.output), generate.records(count))
        finally:
            browser.close()
    print(f"N = {count:,} statements\n{table(quality)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
