"""The publishing workflow: audited by zizmor offline, pinned, and testing every supported Python."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

WORKFLOW = Path(".github") / "workflows" / "book.yml"
ZIZMOR = Path(sys.executable).with_name("zizmor")


def _zizmor(workflow_text: str) -> list[str]:
    """The identifiers of zizmor's findings on a workflow's text (offline, default persona, no config)."""
    result = subprocess.run([str(ZIZMOR), "--offline", "--no-config", "--no-progress", "--format=json", "-"],
                            input=workflow_text, capture_output=True, text=True, timeout=120)
    # zizmor exits 0 with no findings, 10 and above with findings, 1 or 2 on its own errors.
    assert result.returncode == 0 or result.returncode >= 10, result.stderr
    return [finding["ident"] for finding in json.loads(result.stdout)]


@pytest.fixture(scope="module")
def workflow_text(repo_root) -> str:
    return (repo_root / WORKFLOW).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def workflow(workflow_text) -> dict:
    return yaml.safe_load(workflow_text)


def test_zizmor_finds_nothing(workflow_text):
    assert _zizmor(workflow_text) == []


def test_zizmor_would_catch_a_tag_and_kept_credentials(workflow_text):
    """The audit is live: the workflow as it was (an action by tag, credentials kept) is reported."""
    by_tag = re.sub(r"(actions/checkout)@[0-9a-f]{40} # \S+", r"\1@v4", workflow_text)
    assert by_tag != workflow_text
    assert "unpinned-uses" in _zizmor(by_tag)
    kept = workflow_text.replace("        with:\n          persist-credentials: false\n", "")
    assert kept != workflow_text
    assert "artipacked" in _zizmor(kept)


def test_every_action_pinned_to_a_commit_with_its_release(workflow_text):
    uses = re.findall(r"(?m)^\s*(?:- )?uses: (\S+)(.*)$", workflow_text)
    assert uses and len(uses) == workflow_text.count("uses: "), uses  # every use is seen by the pattern
    for reference, comment in uses:
        action, _, ref = reference.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{action} is not pinned to a full commit SHA: {ref!r}"
        assert re.fullmatch(r" # v\d+\.\d+\.\d+", comment), f"{action}: the comment should name the release, got {comment!r}"


def test_checkout_keeps_no_credentials(workflow):
    steps = [step for job in workflow["jobs"].values() for step in job.get("steps", [])]
    checkouts = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(step["with"]["persist-credentials"] is False for step in checkouts)


def test_build_runs_every_supported_python_in_its_bookworm_image(workflow, repo_root):
    spec = tomllib.loads((repo_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    low, beyond = (int(m) for m in re.fullmatch(r">=3\.(\d+),<3\.(\d+)", spec).groups())
    build = workflow["jobs"]["build"]
    assert build["strategy"]["matrix"]["python"] == [f"3.{minor}" for minor in range(low, beyond)]
    assert build["container"]["image"] == "python:${{ matrix.python }}-bookworm"
    # The image's interpreter, not Debian's python3.11 that the image also holds.
    assert build["env"]["PYTHON"] == "/usr/local/bin/python${{ matrix.python }}"
    runs = [step["run"] for step in build["steps"] if "run" in step]
    assert runs == [".ci/run", "make book"], "CI runs what a reader runs: .ci/run (Chromium, make test), make book"
    assert not any("setup-python" in step.get("uses", "") for step in build["steps"])


def test_the_book_is_published_from_the_lowest_python_only(workflow):
    build = workflow["jobs"]["build"]
    kept = next(step for step in build["steps"] if step.get("with", {}).get("name") == "book-html")
    assert kept["if"] == f"matrix.python == '{build['strategy']['matrix']['python'][0]}'"
    assert kept["with"]["path"] == "_build/html"


def test_every_version_is_published_at_its_own_path_and_kept(workflow):
    """The assemble job files the build under /v<version>/ beside the earlier ones, then Pages serves that site."""
    assemble = workflow["jobs"]["assemble"]
    assert assemble["needs"] == "build" and workflow["jobs"]["deploy"]["needs"] == "assemble"
    assert assemble["permissions"] == {"contents": "write"}  # the gh-pages branch is the site's history
    script = next(step["run"] for step in assemble["steps"] if "run" in step)
    assert "python3 tools/assemble_site.py _build/html _build/site" in script
    assert "--branch gh-pages" in script and "push --quiet origin gh-pages" in script
    pages = next(step for step in assemble["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert pages["with"]["path"] == "_build/site"
    assert "upload-pages-artifact" not in str(workflow["jobs"]["build"])  # only the assembled site is published
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in workflow["jobs"]["deploy"]["steps"])
