"""The book's sources: glue-only numbers on the landing page, the toc, the citation metadata."""

from __future__ import annotations

import re

import pytest
import yaml

# Spans whose digits are not prose numbers: glue roles (the numbers come from
# notebooks), cross-reference roles and link targets (page names such as
# 01_figures), code spans, and dates.
NOT_PROSE = [
    r"\{glue(?::\w+)?\}`[^`]*`",  # {glue:text}`notebooks/01_figures.ipynb::figure_count:d`
    r"\{(?:doc|ref|download|numref)\}`[^`]*`",  # {doc}`notebooks/01_figures`
    r"\]\([^)]*\)",  # [text](target)
    r"`[^`]*`",  # code spans
    r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}\b",
    r"\b(?:19|20)\d\d\b",  # years
    r"SHA-256",  # the name of the checksum
]


def unglued_digits(markdown: str) -> list[str]:
    """Digit sequences of a page's prose that no glue role supplies (dates and years aside)."""
    text = re.sub(r"^```.*?^```", "", markdown, flags=re.M | re.S)  # directive and code blocks
    for pattern in NOT_PROSE:
        text = re.sub(pattern, " ", text)
    return re.findall(r"\d[\d,.]*", text)


@pytest.mark.parametrize("text, expected", [
    # a typed count is caught, with its thousands separator
    ("The release prints 52 figures and 1,200 tokens.", ["52", "1,200"]),
    # glued numbers, dates and years are not prose digits
    ("Prints {glue:text}`notebooks/01_figures.ipynb::figure_count:d` figures on 10 January 2023 for 2022.", []),
    # a page name inside a role or a link is not a number
    ("See {doc}`notebooks/01_figures` and [the chapter](notebooks/02_changes.ipynb).", []),
    # a typed percentage is caught
    ("Cases rose 5.7% on a year earlier.", ["5.7"]),
])
def test_unglued_digits_finds_typed_numbers_only(text, expected):
    assert unglued_digits(text) == expected


def test_landing_page_prose_has_only_glued_numbers(repo_root):
    """The landing page is the toc's root notebook: its own prose types no number; code writes them all."""
    import nbformat

    root = yaml.safe_load((repo_root / "book" / "_toc.yml").read_text(encoding="utf-8"))["root"]
    book = nbformat.read(repo_root / f"{root}.ipynb", as_version=4)
    prose = "\n".join(cell.source for cell in book.cells if cell.cell_type == "markdown")
    assert unglued_digits(prose) == [], "type no number on the landing page: write it from code or glue it"
    assert sum(cell.cell_type == "code" for cell in book.cells) >= 8, "the landing page's numbers come from code"


def _toc_files(repo_root) -> list[str]:
    toc = yaml.safe_load((repo_root / "book" / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [chapter["file"] for chapter in part["chapters"]]
    return files


def test_every_toc_entry_exists(repo_root):
    missing = []
    for entry in _toc_files(repo_root):
        if entry.startswith("notebooks/"):
            candidates = [repo_root / f"{entry}.ipynb"]
        else:
            candidates = [repo_root / "book" / f"{entry}.md", repo_root / "book" / f"{entry}.ipynb"]
        if not any(path.exists() for path in candidates):
            missing.append(entry)
    assert missing == []


def test_every_book_page_is_in_the_toc(repo_root):
    pages = {p.stem for p in (repo_root / "book").glob("*.md")}
    assert pages <= set(_toc_files(repo_root)), "a page in book/ that the book does not show"


def test_every_chapter_notebook_is_in_the_toc(repo_root):
    from release_figures.book.execute import notebook_paths

    chapters = {f"notebooks/{p.stem}" for p in notebook_paths()}
    assert chapters <= set(_toc_files(repo_root))


def test_glue_references_name_existing_notebooks(repo_root):
    for page in (repo_root / "book").glob("*.md"):
        for notebook in re.findall(r"\{glue(?::\w+)?\}`([^`:]+\.ipynb)::", page.read_text(encoding="utf-8")):
            assert (repo_root / notebook).is_file(), f"{page.name} pastes glue from {notebook}, which does not exist"


def test_citation_cff_validates(repo_root):
    from cffconvert.cli.create_citation import create_citation

    citation = create_citation(str(repo_root / "CITATION.cff"), None)
    citation.validate()  # raises on a schema violation
    assert "China's public-security figures for 2022" in citation.cffobj["title"]


def test_version_has_one_source_that_citation_cff_repeats(repo_root):
    """pyproject.toml's version is the book's and the package's; CITATION.cff names the same one, with a release date."""
    import datetime
    import tomllib

    import release_figures
    from release_figures.book.build import book_version

    pyproject = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    cff = yaml.safe_load((repo_root / "CITATION.cff").read_text(encoding="utf-8"))
    assert book_version() == release_figures.__version__ == pyproject, "the installed package is stale: run `make env`"
    assert str(cff["version"]) == pyproject, "CITATION.cff's version differs from pyproject.toml's: change both together"
    datetime.date.fromisoformat(str(cff["date-released"]))


def test_zenodo_metadata_agrees_with_citation_cff(repo_root):
    """.zenodo.json is cffconvert's Zenodo form of CITATION.cff, less the version and date (the release tag's)."""
    import json

    from cffconvert.cli.create_citation import create_citation

    expected = json.loads(create_citation(str(repo_root / "CITATION.cff"), None).as_zenodo())
    assert expected.pop("version") and expected.pop("publication_date")
    assert json.loads((repo_root / ".zenodo.json").read_text(encoding="utf-8")) == expected


def test_citation_and_book_config_name_the_same_repository(repo_root):
    cff = yaml.safe_load((repo_root / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((repo_root / "book" / "_config.yml").read_text(encoding="utf-8"))
    url = config["repository"]["url"]
    assert cff["repository-code"] == url
    owner, name = url.removeprefix("https://github.com/").split("/")
    assert cff["url"] == f"https://{owner}.github.io/{name}/", "the site address is the repository's GitHub Pages address"
    assert config["title"] == cff["title"]
    assert config["sphinx"]["config"]["ogp_site_url"] == cff["url"], "link previews name the published address"
    assert config["sphinx"]["config"]["ogp_site_name"] == cff["title"]


def test_book_loads_no_math_or_widgets_from_a_cdn(repo_root):
    config = yaml.safe_load((repo_root / "book" / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["html_math_renderer"] == "plain_tex"
    assert sphinx["nb_ipywidgets_js"] == {}
    assert set(config["sphinx"]["local_extensions"]) >= {"vega_assets", "offline_math", "page_hygiene"}


def test_ci_run_installs_chromium_then_runs_make_test(repo_root):
    """.ci/run, which the workflow runs (tests/test_workflow.py), is Debian's Chromium, then the README's test command."""
    ci_run = (repo_root / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get install" in ci_run and "chromium" in ci_run and ci_run.rstrip().endswith("make test")
