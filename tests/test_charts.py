"""The book's charts: a classic-script bundle, charts that fit their column and say what they show."""

from __future__ import annotations

import csv
import io
import sys
from urllib.parse import unquote

import pandas as pd
import pytest

from release_figures.views import charts

sys.path.insert(0, str(charts.__file__).rsplit("/src/", 1)[0] + "/book/_ext")
import vega_assets  # noqa: E402  (the book's extension, importable from book/_ext)


def test_bundle_wrapper_keeps_top_level_names_local():
    wrapped = vega_assets.wrap_bundle("const n=1;function t(){}window.vegaEmbed=t;")
    assert wrapped.startswith('(function () {\n"use strict";\n')
    assert wrapped.endswith("\n})();\n")


@pytest.mark.parametrize("text, found", [("import{a}from'./x.js';", "import{"), ("const a=1;export default a;", "export "),
                                         ("const u=import.meta.url;", "import.meta")])
def test_bundle_wrapper_refuses_a_module_that_imports_or_exports(text, found):
    with pytest.raises(ValueError, match=f"cannot load as a classic script, it holds '{found}"):
        vega_assets.wrap_bundle(text)


def _csv_of(html: str) -> list[dict]:
    href = html.split('href="data:text/csv;charset=utf-8,', 1)[1].split('"', 1)[0]
    return list(csv.DictReader(io.StringIO(unquote(href.replace("&amp;", "&")))))


def test_rendered_chart_carries_fallback_source_and_data():
    spec = {"data": {"values": [{"verdict": "consistent", "checks": 3}, {"verdict": "<b>x</b>", "checks": 1}]},
            "title": "Checks", "usermeta": {"source": "ledger <i>", "name": "checks"}, "mark": "bar"}
    html = charts.render_chart_html(spec)
    assert "if you can read this, scripts did not run" in html  # what a reader without scripts sees
    assert "Source: ledger &lt;i&gt;" in html
    assert _csv_of(html) == [{"verdict": "consistent", "checks": "3"}, {"verdict": "<b>x</b>", "checks": "1"}]
    assert 'download="checks.csv"' in html
    assert "<b>" not in html.split("<script", 1)[0]


def test_a_wrapped_title_labels_the_figure_as_one_sentence():
    spec = {"data": {"values": [{"a": 1}]}, "title": {"text": ["Consistency checks", "by verdict"]}}
    assert '<figure class="book-chart" aria-label="Consistency checks by verdict">' in charts.render_chart_html(spec)


def test_series_chart_is_one_fitted_chart_a_series_with_unit_and_statements():
    levels = pd.DataFrame([
        {"series": "officers died", "period": "2021", "value": 261, "rounding": "", "quote": "261",
         "source": "another statement", "unit": "persons", "statement": "CCTV, 2022-01-10"},
        {"series": "officers died", "period": "2022", "value": 308, "rounding": "", "quote": "308",
         "source": "this release", "unit": "persons", "statement": "this release"},
        {"series": "officers injured", "period": "2022", "value": 4300, "rounding": "", "quote": "4,300",
         "source": "this release", "unit": "persons", "statement": "this release"},
    ])
    group = charts.series_chart(levels)
    assert len(group) == 2
    first = group.charts[0].to_dict()
    assert first["width"] == "container"
    assert first["usermeta"]["source"] == "CCTV, 2022-01-10; this release"
    assert first["layer"][0]["encoding"]["y"]["title"] == "persons"
    assert "2021 261 (another statement); 2022 308 (this release)" in first["description"]
    html = group._repr_mimebundle_()["text/html"]
    assert html.count('class="vega-chart"') == 2


def test_verdict_chart_counts_every_verdict_and_names_its_source():
    # Only checks about the release are counted: the translation's inconsistency is left out.
    rows = [{"verdict": "consistent", "subject": "release"}, {"verdict": "consistent", "subject": "release_vs_other"},
            {"verdict": "inconsistent", "subject": "release"}, {"verdict": "inconsistent", "subject": "translation"}]
    spec = charts.verdict_chart(rows).to_dict()
    assert spec["width"] == "container"
    assert "consistent 2;" in spec["description"] and "inconsistent 1;" in spec["description"]
    assert "gross_inconsistency 0" in spec["description"]
    assert "data/checks.csv" in spec["usermeta"]["source"]


def test_ico_wraps_a_png_with_a_correct_directory():
    import struct

    import page_hygiene

    png = b"\x89PNG\r\n\x1a\n" + b"rest"
    ico = page_hygiene.ico_from_png(png, 32)
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    width, height, _, _, planes, bits, size, offset = struct.unpack("<BBBBHHII", ico[6:22])
    assert (reserved, kind, count, width, height, planes, bits) == (0, 1, 1, 32, 32, 1, 32)
    assert (size, offset) == (len(png), 22) and ico[22:] == png
    with pytest.raises(ValueError, match="favicon: the image to wrap is not a PNG"):
        page_hygiene.ico_from_png(b"GIF89a", 32)


def test_changes_chart_diverges_from_zero_with_every_label_clear_of_the_names():
    from release_figures.views.charts import diverging_changes_chart

    rows = [{"what": "cases cracked", "change": 5.7, "printed": "+5.7%", "period": "2022", "quote": "q"},
            {"what": "suspects", "change": 64.4, "printed": "+64.4%", "period": "2022", "quote": "q"},
            {"what": "cases registered", "change": -17.3, "printed": "-17.3%", "period": "2022", "quote": "q"}]
    spec = diverging_changes_chart(rows).to_dict()
    zero, bars, labels, names = spec["layer"]
    assert names["encoding"]["text"]["field"] == "what" and bars["encoding"]["y"]["axis"] is None
    span = 64.4 + 17.3
    assert bars["encoding"]["x"]["scale"]["domain"] == pytest.approx([-17.3 - 0.05 * span, 64.4 + 0.3 * span])
    assert bars["encoding"]["x2"] == {"datum": 0}  # bars start at zero, not at an index base
    # a fall's label stands right of zero (its row has no bar there), a rise's right of its bar's end
    assert {"calculate": "max(datum.change, 0)", "as": "at"} in labels["transform"]
    assert labels["mark"]["align"] == "left" and labels["encoding"]["text"]["field"] == "printed"
    assert "64.4%" in " ".join(spec["title"]["text"])  # the title states the message, with the largest change


def test_bundle_made_beside_sphinx_is_the_bundle_the_extension_writes(tmp_path, capsys):
    import subprocess

    from release_figures.book import vega_bundle

    maker = vega_bundle.BundleMaker(tmp_path / "beside").start()
    assert maker.environment == {vega_bundle.MADE_BESIDE: "1"}  # the extension leaves the bundle to the maker
    maker.finish()
    vega_bundle.write_bundle(tmp_path / "in-process")
    for name in (vega_bundle.BUNDLE_PATH, "vega/" + vega_bundle.MARKER_NAME):
        assert (tmp_path / "beside" / name).read_bytes() == (tmp_path / "in-process" / name).read_bytes()
    assert vega_bundle.BundleMaker(tmp_path / "beside").start().environment == {}  # current: nothing to make
    # A process that fails: the bundle is made in this process instead, and the failure is named.
    failing = vega_bundle.BundleMaker(tmp_path / "fallback")
    failing._process = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit('no bundle')"],
                                        stderr=subprocess.PIPE)
    failing._folder = str(tmp_path / "nowhere")
    failing.finish()
    assert "vega bundle: the process making it failed (exit 1): no bundle; making it again" in capsys.readouterr().err
    assert vega_bundle.is_current(tmp_path / "fallback")
