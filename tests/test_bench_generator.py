"""The benchmark's statement generator: deterministic, valid, and a few hundred statements build correctly.

No timings here: the benchmark itself (``make bench``) measures, the suite only checks its instrument.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from bench import generate
from bench.first_search import search_downloads
from plugins.archive.levels import ThreatLevel
from plugins.statements.check import check
from tests.support import ROOT, build, page

COUNT = 300
VANILLA_SETTINGS = ROOT / "bench" / "vanillaconf.py"
STATEMENT_PAGE = re.compile(r"statements/\d{4}/\d{2}/[^/]+/index\.html")
FILE_NAME = re.compile(r"(\d{4})-(\d{2})-(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md")


def contents(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def split(path: Path) -> tuple[dict, str]:
    """Front matter (read with PyYAML, not with the archive's reader) and body of a generated file."""
    _, front_matter, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front_matter), body


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("generated") / "content"
    generate.write(COUNT, content)
    return content


@pytest.fixture(scope="module")
def statements(generated: Path) -> list[tuple[Path, dict, str]]:
    """(path, front matter, body) for every generated statement, in date order."""
    parsed = [(path, *split(path)) for path in generated.glob("statements/*/*.md")]
    return sorted(parsed, key=lambda statement: datetime.datetime.fromisoformat(statement[1]["date"]))


@pytest.fixture(scope="module")
def built(generated: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(generated, tmp_path_factory.mktemp("built") / "output", "publishconf.py", SITEURL="")


def test_the_same_count_gives_the_same_bytes(generated: Path, tmp_path: Path):
    again = tmp_path / "again"
    generate.write(COUNT, again)
    assert contents(again) == contents(generated)


@pytest.mark.parametrize("format", ["vanilla", "hugo"])
def test_every_format_is_deterministic(format: str, tmp_path: Path):
    generate.write(40, tmp_path / "first", format)
    generate.write(40, tmp_path / "second", format)
    assert len(contents(tmp_path / "first")) == 40
    assert contents(tmp_path / "first") == contents(tmp_path / "second")


def test_another_seed_gives_other_statements(generated: Path, tmp_path: Path):
    generate.write(COUNT, tmp_path / "other", seed=1)
    assert contents(tmp_path / "other") != contents(generated)


def test_every_generated_statement_passes_the_validator(generated: Path):
    assert check(str(generated), str(ROOT / "pelicanconf.py"), []) == []


def test_statements_are_about_600_words_of_varied_markdown(statements):
    words = [len(body.split()) for _, _, body in statements]
    assert all(500 <= count <= 760 for count in words), (min(words), max(words))
    assert 560 <= sum(words) / len(words) <= 640
    bodies = [body for _, _, body in statements]
    assert all("said:\n\n“" in body and "”" in body for body in bodies), "every statement quotes an official"
    with_section = [body for body in bodies if re.search(r"^## .+\n\n(- |1\. )", body, re.MULTILINE)]
    assert 0.2 * COUNT < len(with_section) < 0.6 * COUNT, "some statements have a subheading and a list"
    vocabulary = {word.strip(".,:;“”*()").lower() for body in bodies for word in body.split()}
    assert len(vocabulary) > 1500


def test_file_names_dates_and_slugs(statements):
    slugs = set()
    days = []
    for path, front_matter, _ in statements:
        year, month, day, slug = FILE_NAME.fullmatch(path.name).groups()
        issued = datetime.datetime.fromisoformat(front_matter["date"])
        assert (issued.year, issued.month, issued.day) == (int(year), int(month), int(day))
        assert path.parent.name == year
        slugs.add(slug)
        days.append(issued.date())
    assert len(slugs) == COUNT, "every slug is unique"
    assert days[0].year == 2006 and days[-1].year == 2026
    assert len(set(days)) < len(days), "some days have several statements"


def test_tags_contacts_and_corrections(statements):
    tags = {tag for _, front_matter, _ in statements for tag in front_matter["tags"]}
    assert 30 <= len(tags) <= 40
    assert all(1 <= len(front_matter["tags"]) <= 4 for _, front_matter, _ in statements)
    assert all("phone" in front_matter["contact"] for _, front_matter, _ in statements)
    corrected = [front_matter for _, front_matter, _ in statements if "corrections" in front_matter]
    assert corrected and all(f["corrections"][0]["date"] == f["updated"] for f in corrected)


def test_the_level_moves_one_step_at_a_time_and_each_change_is_announced(statements):
    levels = [ThreatLevel.parse(front_matter["threat_level"]) for _, front_matter, _ in statements]
    changes = 0
    for index in range(1, len(statements)):
        if levels[index] is levels[index - 1]:
            continue
        changes += 1
        assert abs(levels[index].rank - levels[index - 1].rank) == 1
        front_matter = statements[index][1]
        assert front_matter["category"] == "Threat level"
        assert levels[index].name in front_matter["title"]
    assert 5 <= changes <= 40


def test_a_few_hundred_statements_build_into_their_pages(statements, built: Path):
    written = (str(path.relative_to(built)) for path in built.glob("statements/*/*/*/index.html"))
    pages = {relative for relative in written if STATEMENT_PAGE.fullmatch(relative)}
    expected = {}
    for path, front_matter, _ in statements:
        year, month, _, slug = FILE_NAME.fullmatch(path.name).groups()
        expected[f"statements/{year}/{month}/{slug}/index.html"] = front_matter["title"]
    assert pages == set(expected)
    for relative, title in list(expected.items())[::30]:
        assert title in page(built, relative).title.get_text()


def test_vanilla_and_hugo_carry_the_same_statements(tmp_path: Path):
    for format in generate.FORMATS:
        generate.write(12, tmp_path / format, format)
    vanilla_settings = read_settings(str(VANILLA_SETTINGS), override={"PATH": str(tmp_path / "vanilla")})
    for path in sorted((tmp_path / "ours").glob("statements/*/*.md")):
        ours, body = split(path)
        relative = path.relative_to(tmp_path / "ours")
        # Pelican's own Markdown reader, as vanilla Pelican reads the file.
        _, metadata = MarkdownReader(vanilla_settings).read(str(tmp_path / "vanilla" / relative))
        assert metadata["title"] == ours["title"]
        assert metadata["date"] == datetime.datetime.fromisoformat(ours["date"])
        assert metadata["category"].name == ours["category"]
        assert [tag.name for tag in metadata["tags"]] == ours["tags"]
        assert metadata["slug"] == FILE_NAME.fullmatch(path.name).group(4)
        assert (tmp_path / "vanilla" / relative).read_text(encoding="utf-8").split("\n\n", 1)[1] == body
        hugo, hugo_body = split(tmp_path / "hugo" / relative)
        assert (hugo["title"], hugo["categories"], hugo["tags"]) == (ours["title"], [ours["category"]], ours["tags"])
        assert hugo_body == body


def test_vanilla_pelican_uses_the_archive_settings_and_its_own_feeds(generated: Path):
    vanilla = read_settings(str(VANILLA_SETTINGS), override={"PATH": str(generated)})
    archive = read_settings(str(ROOT / "pelicanconf.py"))
    for name in ("SITENAME", "DEFAULT_LANG", "TIMEZONE", "DEFAULT_PAGINATION", "MARKDOWN"):
        assert vanilla[name] == archive[name], name
    assert vanilla["PLUGINS"] == []
    assert vanilla["FEED_ALL_ATOM"] and vanilla["CATEGORY_FEED_RSS"] and vanilla["TAG_FEED_ATOM"]


def test_the_command_writes_n_statements_in_the_format_asked(tmp_path: Path):
    command = [sys.executable, "-m", "bench.generate", "7", str(tmp_path / "out"), "--format", "vanilla"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"7 statements (vanilla) in {tmp_path / 'out'}" in result.stdout
    files = list((tmp_path / "out").glob("statements/*/*.md"))
    assert len(files) == 7
    assert all(path.read_text(encoding="utf-8").startswith("Title: ") for path in files)


def refusal(capsys: pytest.CaptureFixture, *arguments: str) -> str:
    """The error message ``bench.generate`` gives for ``arguments`` (it must exit with status 2)."""
    with pytest.raises(SystemExit) as stopped:
        generate.main(list(arguments))
    assert stopped.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("count", ["0", "-3", "ten"])
def test_the_command_refuses_a_count_that_is_not_positive(count: str, tmp_path: Path, capsys):
    message = refusal(capsys, count, str(tmp_path / "out"))
    assert f"argument N: {count!r} is not a whole number of 1 or more" in message
    assert not (tmp_path / "out").exists()


def test_the_command_refuses_an_unknown_format(tmp_path: Path, capsys):
    message = refusal(capsys, "3", str(tmp_path / "out"), "--format", "jekyll")
    assert "argument --format: invalid choice: 'jekyll'" in message


def test_the_command_refuses_a_folder_with_files_in_it(tmp_path: Path, capsys):
    (tmp_path / "old.md").write_text("left over", encoding="utf-8")
    message = refusal(capsys, "3", str(tmp_path))
    assert f"{tmp_path} is not empty: statements left from another N would be mixed in" in message
    assert [path.name for path in tmp_path.iterdir()] == ["old.md"]


def test_the_first_search_measure_counts_each_result_fragment_the_page_downloads(example_url, browser):
    """The benchmark's browser measure, on the example archive: every byte counted, every result's fragment seen."""
    downloads = search_downloads(browser, f"{example_url}/search/", "patrols")
    assert downloads["total_bytes"] == downloads["page_bytes"] + downloads["query_bytes"]
    assert 0 < downloads["result_fragments"] < downloads["pagefind_requests"] < downloads["requests"]
    assert downloads["query_bytes"] > 0
