"""The one YAML loader for every file of a release folder (release.yaml, register, comparisons, checks).

YAML loaders keep the last of two equal keys in one mapping; a register
entry with ``unit:`` twice would then publish whichever came last. This
loader refuses a duplicated key, naming the file, the key and both lines,
and names the line of any syntax error. Otherwise it reads what PyYAML's
safe loader reads (plain data: mappings, lists, text, numbers, dates).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from release_figures.errors import ReleaseError
from release_figures.reading.limits import MAX_YAML_BYTES
from release_figures.reading.text_files import read_text_file

__all__ = ["load_yaml", "parse_yaml", "DuplicateKeyError"]


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names one key twice (raised inside the loader, reported as the caller's error class)."""


class _RefuseDuplicateKeys:
    """A loader mixin refusing a key given twice in one mapping."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # '<<' merges another mapping; its keys may be overridden on purpose
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:
                    continue  # an unhashable key: PyYAML's own error names it below
                line = key_node.start_mark.line + 1
                if first is not None:
                    raise DuplicateKeyError(
                        None, None, f"key {key!r} appears twice in one mapping (lines {first} and {line}); "
                        "expected each key once", key_node.start_mark)
                seen[key] = line
        return super().construct_mapping(node, deep=deep)


class _StrictLoader(_RefuseDuplicateKeys, yaml.SafeLoader):
    """PyYAML's pure-Python safe loader, refusing duplicated keys: its error messages are the ones shown."""


class _FastStrictLoader(_RefuseDuplicateKeys, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The same on libyaml's parser when PyYAML has it (about 5 times faster on a long register)."""


def _load_fast(text: str) -> object:
    """Load with libyaml's parser; on a syntax error, parse again with the pure-Python loader for its wording.

    The cyclic garbage collector is paused meanwhile: a parse makes objects
    for every line and frees none, and the collector would walk all of them
    again and again (2 s of a 3 s parse on a register of 16,000 figures).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except DuplicateKeyError:
        raise
    except yaml.YAMLError:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    finally:
        if enabled:
            gc.enable()


def parse_yaml(text: str, source: str | Path, error: type[ReleaseError] = ReleaseError) -> object:
    """Parse YAML ``text`` strictly; a syntax error or a duplicated key raises ``error`` naming ``source`` and the line."""
    try:
        return _load_fast(text)
    except DuplicateKeyError as problem:
        line = problem.problem_mark.line + 1
        raise error(f"{source}, line {line}: {problem.problem}") from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else str(source)
        what = getattr(problem, "problem", None) or str(problem)
        context = getattr(problem, "context", None)
        raise error(f"{where}: not valid YAML: {what}" + (f" ({context})" if context else "")) from None


def load_yaml(path: str | Path, error: type[ReleaseError] = ReleaseError) -> object:
    """Read a YAML file of a release folder strictly: a regular file within MAX_YAML_BYTES, UTF-8 text (see
    :func:`parse_yaml`)."""
    path = Path(path)
    return parse_yaml(read_text_file(path, error, MAX_YAML_BYTES), path, error)
