"""Sources named as they are: each cited statement's original apart from the copy read, validated by field."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from urllib.parse import urlparse

import pytest

from release_figures.errors import ContextDataError
from release_figures.reading.context_figures import load_release_context
from release_figures.reading.release_folder import load_release
from release_figures.reading.sources import SOURCE_COLUMNS, load_context_sources, load_sources

HEADER = ",".join(SOURCE_COLUMNS) + "\n"
GOOD = ("xinhua-x,\"Xinhua (新华社), by 熊丰\",T,2023-05-30,,a mirror,http://39.100.91.142/a.html,B,other_statement,"
        "yes,\n")


def _sources(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "sources.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_source_names_its_producer_apart_from_the_copy(tmp_path):
    (source,) = load_sources(_sources(tmp_path, GOOD)).values()
    assert (source.name, source.copy_site, source.copy_is_original) == ("Xinhua", "a mirror", False)


@pytest.mark.parametrize("row, message", [
    # A grade outside the declared values would publish a package that breaks its own schema.
    (GOOD.replace(",B,", ",C,"), r"line 2 \('xinhua-x'\): reliability: expected one of 'A' or 'B', got 'C'"),
    (GOOD.replace("2023-05-30", "2023-13-01"), r"published: expected a date YYYY-MM-DD"),
    (GOOD.replace("other_statement", "elsewhere"), r"reports: expected one of 'same_conference' or 'other_statement', got 'elsewhere'"),
    (GOOD.replace(",yes,", ",maybe,"), r"checked: expected one of 'yes' or 'no', got 'maybe'"),
    (GOOD.replace("http://39", "ftp://39"), r"copy_url: expected an http\(s\) address"),
    (GOOD.replace("\"Xinhua (新华社), by 熊丰\"", "\" \""), r"producer: expected non-empty text"),
])
def test_a_bad_field_is_refused_by_line_and_field(tmp_path, row, message):
    with pytest.raises(ContextDataError, match=message):
        load_sources(_sources(tmp_path, row))


def test_every_context_figure_needs_exactly_one_known_source(tmp_path):
    sources = load_sources(_sources(tmp_path, GOOD))
    mapping = tmp_path / "context-sources.csv"
    mapping.write_text("context_id,source_id,correction\na,xinhua-x,\nb,nobody,\nzz,xinhua-x,\n", encoding="utf-8")
    with pytest.raises(ContextDataError) as caught:
        load_context_sources(mapping, sources, {"a", "b", "c"})
    message = str(caught.value)
    assert "line 3 ('b'): source_id: expected an id of the sources table, got 'nobody'" in message
    assert "line 4 ('zz'): context_id: expected an id of the context tables, got 'zz'" in message
    assert "no source for the context figure(s) b, c; expected one row each" in message


def _is_bare_ip(url: str) -> bool:
    try:
        ipaddress.ip_address(urlparse(url).hostname or "")
    except ValueError:
        return False
    return True


def test_every_context_figure_of_the_release_names_its_original(data_dir):
    # No source is cited by a bare IP address (or any copy) without the original producer it copies.
    context = load_release_context(load_release(data_dir))
    assert context and all(figure.cited for figure in context.values())
    bare = {key: figure.cited[0] for key, figure in context.items() if _is_bare_ip(figure.cited[0].copy_url)}
    assert bare, "the release cites copies on bare IP addresses; each must name its original"
    for key, source in bare.items():
        assert source.producer and source.name not in ("", "unknown"), key
        assert source.reliability == "B", f"{key}: a copy on a bare IP address is at best grade B"
    # Where the book read the original's own page, the copy and the original are the same address.
    for key, figure in context.items():
        source = figure.cited[0]
        if source.copy_is_original:
            assert source.original_url == source.copy_url


def test_the_release_record_names_the_original_apart_from_the_translation(data_dir):
    record = load_release(data_dir).record["files"]["text"]
    assert "Teller Report" in record["producer"] and "machine translation" in record["producer"]
    original = record["original"]
    assert original["producer"].startswith("China News Service") and original["language"] == "zh"
    assert original["title"] == "严打暴力恐怖活动 中国连续6年保持暴恐案事件“零发生”"
