"""How to cite anything the book shows: the book, a figure, a change, a check, a chart; and the release.

A citation names the book, its version and the year and date of that
version, what is cited in words, and an address that names the version:
each version of the book is published at its own path (``v0.3.0/``), kept
there when a later one is published, and the latest is also at the site's
root. So an address cited today still shows what was cited, after the book
has moved on. The metadata comes from ``CITATION.cff`` (one source, which
a test ties to the package's version).
"""

from __future__ import annotations

import re
from pathlib import Path

from release_figures.reading.numbers import prints_percent
from release_figures.words import date_words, period_words

__all__ = ["CITATION_FILE", "load_citation", "versioned_address", "figure_citation", "change_citation",
           "check_citation", "chart_citation", "figure_value_phrase", "bibtex_book", "bibtex_release", "authors_of"]

CITATION_FILE = Path(__file__).resolve().parents[3] / "CITATION.cff"


def load_citation(path=CITATION_FILE, book_title: str | None = None) -> dict:
    """The book's citation metadata (``CITATION.cff``) as a dict; ``book_title`` names another release's book.

    A release folder may name its own book (``book_title`` in release.yaml):
    the book built from it is cited by that title, with the repository's
    authors, address and version. Raises FileNotFoundError naming the file
    when it is missing, and ValueError when it lacks the title, the site's
    address or the authors.
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the book's citation metadata (CITATION.cff) is missing")
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("title", "url", "authors"):
        if not cff.get(key):
            raise ValueError(f"{path}: CITATION.cff has no {key!r}; the figure citations need it")
    if book_title:
        cff["title"] = " ".join(str(book_title).split())
    return cff


def authors_of(cff: dict) -> str:
    """The authors as a citation names them."""
    return ", ".join(a.get("name") or f"{a.get('given-names', '')} {a.get('family-names', '')}".strip()
                     for a in cff["authors"])


def versioned_address(cff: dict, page: str, anchor: str = "") -> str:
    """The address of ``page#anchor`` in this version's copy of the site (``<url>/v<version>/<page>``)."""
    base = cff["url"].rstrip("/")
    version = f"/v{cff['version']}" if cff.get("version") else ""
    return f"{base}{version}/{page}" + (f"#{anchor}" if anchor else "")


def _lead(cff: dict) -> str:
    """'Authors (2026). “Title”, version 0.3.0 (5 December 2026)'."""
    released = str(cff.get("date-released") or "")
    year = f" ({released[:4]})" if released else ""
    version = f", version {cff['version']}" if cff.get("version") else ""
    date = f" ({date_words(released)})" if released and version else ""
    return f"{authors_of(cff)}{year}. \u201c{cff['title']}\u201d{version}{date}"


def _magnitude(stated: str) -> str:
    """The printed number without a sign, with its percent once (``-17.3`` and ``17.3%`` give ``17.3%``;
    ``13.8 percent`` stays as printed)."""
    text = str(stated).strip().lstrip("+-\u2212").strip()
    return text if prints_percent(text) else text + "%"


def figure_value_phrase(row: dict) -> str:
    """A figure's value as a reader says it: direction, size and unit once, and the qualifier in words.

    A change gives its direction from the sign of ``value``: -17.3 printed as
    ``17.3%`` is ``fell 17.3% on a year earlier``; a rise ``rose``, zero ``was
    unchanged``. A share is its percentage; any other figure is the printed
    number and its unit (``more than 1.43 million persons``). Raises
    ValueError naming the figure when a change's value is not a number.
    """
    from decimal import Decimal, InvalidOperation

    from release_figures.reading.numbers import gloss
    from release_figures.stages.figures import printed_number

    qualifier = "" if row["qualifier"] == "exact" else row["qualifier"].replace("_", " ") + " "
    if row["kind"] == "change_pct":
        try:
            value = Decimal(str(row["value"]))
        except InvalidOperation:
            raise ValueError(f"figure {row['figure_id']}: value {row['value']!r} of a change is not a number") from None
        since = "on a year earlier" if len(str(row["period"])) == 4 else "on the same period a year earlier"
        if value == 0:
            return f"was unchanged {since}"
        return f"{'rose' if value > 0 else 'fell'} {qualifier}{_magnitude(row['stated'])} {since}"
    if row["unit"] == "percent":
        return f"{qualifier}{_magnitude(row['stated'])}"
    return f"{gloss(printed_number(row))} {row['unit']}"


def _periods(row: dict) -> str:
    """The figure's period in words, with the other period the text allows where there is one."""
    main = period_words(row["period"])
    other = row.get("period_alternative") or ""
    return f"{main} (or {period_words(other)}, which the text also allows)" if other else main


def figure_citation(row: dict, cff: dict, page: str = "notebooks/01_figures.html") -> str:
    """One line citing one figure: book, version, year and date, the figure in words, its period, address."""
    if row["kind"] == "change_pct":
        subject = re.sub(r",\s*change\b.*$", "", row["indicator"])
        what = f"{subject} {figure_value_phrase(row)}"
    else:
        what = f"{row['indicator']}, {figure_value_phrase(row)}"
    return f"{_lead(cff)}, figure {row['figure_id']}: {what}, {_periods(row)}. {versioned_address(cff, page, row['figure_id'])}"


def change_citation(row: dict, cff: dict, page: str = "notebooks/02_year_on_year.html") -> str:
    """One line citing one row of the year-on-year table: what is compared and where."""
    what = " ".join(str(row["description"]).split()).rstrip(".")
    return f"{_lead(cff)}, comparison {row['change_id']}: {what}. {versioned_address(cff, page, row['change_id'])}"


def check_citation(row: dict, cff: dict, page: str = "notebooks/03_consistency.html") -> str:
    """One line citing one consistency check: its claim, its verdict in words, the address."""
    from release_figures.stages.checks.verdicts import VERDICT_WORDS
    from release_figures.views.reader_numbers import gloss_chinese_numbers

    claim = gloss_chinese_numbers(" ".join(str(row["claim"]).split()).rstrip("."))
    return (f"{_lead(cff)}, check {row['check_id']}: {claim} ({VERDICT_WORDS[row['verdict']]}). "
            f"{versioned_address(cff, page, row['check_id'])}")


def chart_citation(title: str, anchor: str, cff: dict, page: str) -> str:
    """One line citing one chart: its title (its message) and the address of the chart."""
    return f"{_lead(cff)}, chart: {' '.join(title.split())}. {versioned_address(cff, page, anchor)}"


def _bibtex_escape(text: str) -> str:
    """Protect BibTeX's special characters in a (non-URL) field value."""
    out = " ".join(str(text).split())
    for char in ("\\", "{", "}", "&", "%", "$", "#", "_"):
        out = out.replace(char, "\\" + char)
    return out


def _bibtex_entry(key: str, fields: list[tuple[str, str]]) -> str:
    """A ``@misc`` entry; ``author`` and ``url`` values are written as given, others escaped."""
    lines = [f"@misc{{{key},"]
    for name, value in fields:
        if value:
            shown = value if name in ("author", "url", "howpublished") else _bibtex_escape(value)
            lines.append(f"  {name} = {{{shown}}},")
    lines[-1] = lines[-1].rstrip(",")
    return "\n".join(lines + ["}"])


def bibtex_book(cff: dict, key: str = "release_figures_book") -> str:
    """BibTeX for the book itself, from its CITATION.cff metadata, with this version's own address."""
    authors = " and ".join("{" + _bibtex_escape(a["name"]) + "}" if "name" in a
                           else f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    released = str(cff.get("date-released", ""))
    address = versioned_address(cff, "")
    return _bibtex_entry(key, [
        ("author", authors), ("title", cff["title"]), ("year", released[:4]), ("date", released),
        ("version", str(cff.get("version", ""))), ("howpublished", "\\url{" + address + "}"),
        ("url", address),
        ("note", "Code and data: " + cff["repository-code"] if cff.get("repository-code") else ""),
    ])


def bibtex_release(release_record: dict, key: str = "release_source") -> str:
    """BibTeX for the original release (the source text), from the release record."""
    text = release_record["files"]["text"]
    published = str(text["published"])
    return _bibtex_entry(key, [
        ("author", "{" + _bibtex_escape(text["producer"]) + "}"), ("title", text["title"]),
        ("year", published[:4]), ("date", published), ("url", text.get("url") or ""),
        ("note", release_record["title"]),
    ])
