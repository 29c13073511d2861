"""The one YAML loader for every file of a release folder (release.yaml, register, comparisons, checks).

A release file is plain data: mappings, lists, text, numbers, true/false
and null. This loader reads exactly that, built from libyaml's parser
events (PyYAML's C extension; its pure-Python parser where that is
missing), and refuses with the file, the line and the column:

* a key given twice in one mapping (YAML loaders keep the last one
  silently, so a register entry with ``unit:`` twice would publish
  whichever came last);
* anchors and aliases (``&a``, ``*a``): no release file needs them, and a
  few lines of nested aliases expand into billions of values ("billion
  laughs"); they are refused as the parser meets them, before anything is
  built (limits.MAX_YAML_ALIASES is 0);
* nesting deeper than limits.MAX_YAML_DEPTH: 10,000 nested ``[`` would
  exhaust the stack of a recursive composer;
* tags (``!!python/object``, ``!!binary``, ``!!set``, ...): plain data has none;
* a value whose meaning depends on the parser (below), a number of more
  than limits.MAX_NUMBER_DIGITS digits, and infinity or NaN.

One meaning for every value. YAML 1.1 (PyYAML's resolvers) and YAML 1.2
read some plain values differently: ``010`` is 8 under 1.1 and 10 under
1.2; ``yes``, ``no``, ``on``, ``off`` are booleans under 1.1 and text
under 1.2; ``1:20`` is 80 under 1.1; ``1_000`` is 1000 under 1.1; ``1e5``
is a number only under 1.2. Values are read by the YAML 1.2 core schema
(null, true/false in three spellings, decimal, ``0o`` and ``0x``
integers, 1.2 floats; everything else is text, dates included), and a
plain value that YAML 1.1 reads otherwise is refused by name, saying both
readings and how to write it so that every parser agrees. The one
exception is a date (``2023-01-10``, a timestamp under 1.1): it stays
text, and the schema that expects a date checks it.

The loader is written here, on the parser's events, because PyYAML's
loaders resolve by YAML 1.1 and construct aliases and deep nesting before
any check could run; building the values from the events in one loop is
also faster than PyYAML's own construction on a long register.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml
from yaml.events import (
    AliasEvent, CollectionStartEvent, DocumentStartEvent, MappingStartEvent, ScalarEvent,
)

from release_figures.errors import ReleaseError
from release_figures.reading.limits import (
    MAX_NUMBER_DIGITS, MAX_QUOTED_PASSAGE_CHARS, MAX_YAML_ALIASES, MAX_YAML_BYTES, MAX_YAML_DEPTH, clipped, shown,
)
from release_figures.reading.text_files import read_text_file

__all__ = ["load_yaml", "parse_yaml", "YamlRefusal"]

# The YAML 1.2 core schema's plain scalars (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT10_RE = re.compile(r"[-+]?[0-9]+")
_INT8_RE = re.compile(r"0o[0-7]+")
_INT16_RE = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT_RE = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF_RE = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN_RE = re.compile(r"\.(?:nan|NaN|NAN)")
# A plain value whose first character is none of these is text under both YAML 1.1 and 1.2 (every
# resolver of either is keyed by a first character among them), so most values need no resolution.
_RESOLVED_FIRST = frozenset("0123456789+-.~nNtTfFyYoO<=")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NOTHING = object()
# The loader builds no alias at all; allowing some would need an expansion with a budget, not just a new limit.
assert MAX_YAML_ALIASES == 0, "reading.limits.MAX_YAML_ALIASES: this loader refuses every alias"
_NO_ALIASES = ("expected no anchors or aliases (a release file needs none, and nested aliases expand a few "
               "lines into billions of values)")


class YamlRefusal(ReleaseError):
    """A YAML file holds something no release file may (raised inside the loader, reported as the caller's class)."""


class _Yaml11(yaml.SafeLoader):
    """PyYAML's safe loader, used only to say how YAML 1.1 would read a plain value (its resolvers and constructors)."""


_YAML11 = _Yaml11("")


def _digits(value: str) -> int:
    return sum(character.isdigit() for character in value)


def _is_number(value: str) -> bool:
    """Whether YAML 1.2 or 1.1 reads a plain value as a number (its regular expressions only, nothing converted)."""
    return bool(_INT10_RE.fullmatch(value) or _INT8_RE.fullmatch(value) or _INT16_RE.fullmatch(value)
                or _FLOAT_RE.fullmatch(value)) or _YAML11.resolve(yaml.ScalarNode, value, (True, False)).endswith(
                    (":int", ":float"))


def _core(value: str) -> object:
    """A plain value read by the YAML 1.2 core schema (the caller has bounded its digits)."""
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if _INT10_RE.fullmatch(value):
        return int(value, 10)
    if _INT8_RE.fullmatch(value):
        return int(value[2:], 8)
    if _INT16_RE.fullmatch(value):
        return int(value[2:], 16)
    if _FLOAT_RE.fullmatch(value) or _INF_RE.fullmatch(value) or _NAN_RE.fullmatch(value):
        return float(value.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf").lower()
                     .replace(".nan", "nan"))
    return value


def _yaml11(value: str) -> tuple[str, object]:
    """``(tag, value)`` as PyYAML's YAML 1.1 safe loader reads a plain value; value None where it cannot build one."""
    tag = _YAML11.resolve(yaml.ScalarNode, value, (True, False))
    constructor = _YAML11.yaml_constructors.get(tag)
    if constructor is None:
        return tag, None  # '<<' (merge) and '=' (value): no plain value under 1.1 at all
    try:
        return tag, constructor(_YAML11, yaml.ScalarNode(tag, value))
    except (ValueError, yaml.YAMLError):
        return tag, None


def _same(a: object, b: object) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def _plain(value: object) -> str:
    """A value as a YAML file would write it plainly: 10, 100000.0, true, null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _reading(tag: str, value: object) -> str:
    if isinstance(value, str):
        return f"as the text {shown(value)}"
    if tag.endswith((":merge", ":value")) or (value is None and not tag.endswith(":null")):
        return f"as a {tag.rsplit(':', 1)[-1]} key (no plain value)"
    return f"as {_plain(value)}"


def _scalar(event: ScalarEvent, where: str) -> object:
    """One scalar's value: quoted and block scalars are text; a plain one is read by the YAML 1.2 core schema."""
    value = event.value
    if event.tag is not None:
        raise YamlRefusal(f"{where}: tag {shown(event.tag)}: expected plain YAML data without tags")
    if not event.implicit[0]:
        return value  # quoted, literal or folded: text under every schema
    if not value or value[0] not in _RESOLVED_FIRST:
        return value if value else None
    if _digits(value) > MAX_NUMBER_DIGITS and _is_number(value):
        raise YamlRefusal(f"{where}: a number of {_digits(value):,} digits ({shown(value)}); "
                          f"expected at most {MAX_NUMBER_DIGITS} digits in a number")
    new = _core(value)
    tag, old = _yaml11(value)
    if not (_same(new, old) or (tag == _TIMESTAMP and isinstance(new, str))):
        advice = f"quote it ({shown(value)}) for text"
        sure = new if not isinstance(new, str) else old if tag != _TIMESTAMP and old is not None else None
        if sure is not None and not (isinstance(sure, float) and not math.isfinite(sure)):
            advice += f", or write {_plain(sure)}"
        raise YamlRefusal(f"{where}: `{clipped(value)}` reads {_reading(tag, old)} under YAML 1.1 and "
                          f"{_reading('', new)} under YAML 1.2; expected a value every YAML parser reads alike: "
                          f"{advice}")
    if isinstance(new, float) and not math.isfinite(new):
        raise YamlRefusal(f"{where}: `{clipped(value)}` is not a finite number; expected a finite number "
                          "(or quote it for text)")
    return new


def _where(source: str | Path, event) -> str:
    mark = event.start_mark
    return f"{source}, line {mark.line + 1}, column {mark.column + 1}"


def _build(loader, source: str | Path) -> object:
    """The document's value, built from the parser's events in one loop (no recursion, nothing shared)."""
    root = _NOTHING
    # One frame an open collection: [list] or [mapping, pending key, the first line of each key].
    stack: list[list] = []
    documents = 0
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is ScalarEvent or isinstance(event, CollectionStartEvent):
            if event.anchor is not None:
                # An anchor is there only to be aliased: with no alias allowed, it is refused where it stands.
                raise YamlRefusal(f"{_where(source, event)}: anchor &{clipped(event.anchor)}: {_NO_ALIASES}")
            if kind is ScalarEvent:
                value = _scalar(event, _where(source, event))
            else:
                if event.tag is not None:
                    raise YamlRefusal(f"{_where(source, event)}: tag {shown(event.tag)}: expected plain YAML data "
                                      "without tags")
                if len(stack) >= MAX_YAML_DEPTH:
                    raise YamlRefusal(f"{_where(source, event)}: mappings and lists nested more than "
                                      f"{MAX_YAML_DEPTH} deep; expected at most {MAX_YAML_DEPTH} levels "
                                      "(a release file needs 5)")
                value = {} if kind is MappingStartEvent else []
            if not stack:
                root = value
            else:
                frame = stack[-1]
                container = frame[0]
                if type(container) is list:
                    container.append(value)
                elif frame[1] is _NOTHING:
                    if kind is not ScalarEvent:
                        what = "mapping" if kind is MappingStartEvent else "list"
                        raise YamlRefusal(f"{_where(source, event)}: a {what} used as a key; expected text keys")
                    line = event.start_mark.line + 1
                    first = frame[2].get(value)
                    if first is not None:
                        raise YamlRefusal(f"{source}, line {line}: key {shown(value)} appears twice in one mapping "
                                          f"(lines {first} and {line}); expected each key once")
                    frame[2][value] = line
                    frame[1] = value
                else:
                    container[frame[1]] = value
                    frame[1] = _NOTHING
            if kind is not ScalarEvent:
                stack.append([value, _NOTHING, {}] if kind is MappingStartEvent else [value])
        elif kind is AliasEvent:
            # Refused as the parser meets it, before anything could be expanded.
            raise YamlRefusal(f"{_where(source, event)}: alias *{clipped(event.anchor)}: {_NO_ALIASES}")
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise YamlRefusal(f"{_where(source, event)}: a second YAML document; expected one document a file")
        elif stack and kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            stack.pop()
    return None if root is _NOTHING else root


def _parse(text: str, source: str | Path) -> object:
    """Build with libyaml's parser; on a syntax error, build again on the pure-Python parser for its wording.

    The second build applies the same refusals in the same order, so what
    is reported is what the file shows first: libyaml's scanner reads up to
    1,024 characters ahead and stops at its own nesting limit (1,000 levels)
    before this loader's (limits.MAX_YAML_DEPTH) is reached, so the
    pure-Python parser places the refusal where the nesting goes too deep.
    The cyclic garbage collector is paused meanwhile: a parse makes objects
    for every line and frees none, and the collector would walk all of them
    again and again (2 s of a 3 s parse on a register of 16,000 figures).
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        fast = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            return _load_with(fast, text, source)
        except yaml.YAMLError:
            if fast is yaml.SafeLoader:
                raise
            _load_with(yaml.SafeLoader, text, source)
            raise  # the pure-Python parser found nothing wrong: libyaml's error stands
    finally:
        if enabled:
            gc.enable()


def _load_with(loader_class, text: str, source: str | Path) -> object:
    loader = loader_class(text)
    try:
        return _build(loader, source)
    finally:
        loader.dispose()


def parse_yaml(text: str, source: str | Path, error: type[ReleaseError] = ReleaseError) -> object:
    """Parse YAML ``text`` strictly (see the module); any problem raises ``error`` naming ``source`` and the line."""
    try:
        return _parse(text, source)
    except YamlRefusal as problem:
        raise error(str(problem)) from None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        where = f"{source}, line {mark.line + 1}, column {mark.column + 1}" if mark else str(source)
        what = getattr(problem, "problem", None) or str(problem)
        context = getattr(problem, "context", None)
        raise error(f"{where}: not valid YAML: {clipped(str(what), MAX_QUOTED_PASSAGE_CHARS)}"
                    + (f" ({clipped(str(context), MAX_QUOTED_PASSAGE_CHARS)})" if context else "")) from None


def load_yaml(path: str | Path, error: type[ReleaseError] = ReleaseError) -> object:
    """Read a YAML file of a release folder strictly: a regular file within MAX_YAML_BYTES, UTF-8 text
    without control or format characters (see reading.text_files), parsed by :func:`parse_yaml`."""
    path = Path(path)
    return parse_yaml(read_text_file(path, error, MAX_YAML_BYTES), path, error)
