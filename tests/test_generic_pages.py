"""The chapters, pages and engine belong to any release: another release's book shows none of this one's figures.

The book of each invented release (built once per session) is searched,
page by page, for this release's printed numbers (those of three digits or
more) and its names; a number the invented release prints itself, in its
text, its other inputs or as the value of one of its figures, is that
release's own and may appear.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

NAMES = ("Ministry of Public Security", "China News Service", "zero occurrence", "Xinhua", "telecom and network fraud")


def _this_release_forms(data_dir: Path) -> set[str]:
    with open(data_dir / "figures.csv", encoding="utf-8", newline="") as stream:
        stated = [row["stated"] for row in csv.DictReader(stream)]
    forms = set()
    for text in stated:
        for match in re.finditer(r"\d[\d,.]*(?:\s(?:million|billion))?", text):
            if len(re.sub(r"\D", "", match.group(0))) >= 3:
                forms.add(match.group(0))
    return forms


def _page_text(path: Path) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def _value(form: str):
    from decimal import Decimal

    number, _, scale = form.partition(" ")
    return Decimal(number.replace(",", "")) * {"": 1, "million": 10**6, "billion": 10**9}[scale]


def _own_values(out: Path) -> set:
    from decimal import Decimal

    with open(out / "data" / "figures.csv", encoding="utf-8", newline="") as stream:
        return {Decimal(row["value"]) for row in csv.DictReader(stream)}


def _own_inputs(release: Path) -> str:
    return "\n".join(path.read_text(encoding="utf-8", errors="replace")
                     for path in release.rglob("*") if path.is_file() and path.suffix in (".txt", ".yaml", ".csv"))


@pytest.mark.parametrize("build", ["invented_run", "chinese_run"])
def test_another_releases_book_shows_none_of_this_releases_figures_or_names(build, request, data_dir):
    release, out = request.getfixturevalue(build)
    own = _own_inputs(release)
    values = _own_values(out)  # a Chinese form's English value (1.2万余 is 12,000) is that release's own too
    forms = {form for form in _this_release_forms(data_dir) if form not in own and _value(form) not in values}
    assert "391,000" in forms  # the search is live: this release's lead figure is among the forms looked for
    html = out / "_build" / "html"
    found = {}
    for page in sorted(html.rglob("*.html")):
        if {"_sources", "_static", "_downloads"} & set(page.relative_to(html).parts):
            continue
        text = _page_text(page)
        hits = [form for form in forms if re.search(rf"(?<![\w,.]){re.escape(form)}(?![\w,])", text)]
        hits += [name for name in NAMES if name in text]
        if hits:
            found[page.relative_to(html).as_posix()] = sorted(hits)
    assert found == {}
