"""Every code the tables use, with the words the pages show for it and what it means (the glossary page).

The codes and their meanings are written once, beside the code that uses
them (the verdicts and subjects in ``stages.checks.verdicts``, the Chinese
comparison's vocabularies in ``reading.chinese_wording`` and
``stages.chinese``); this module only gathers them.
"""

from __future__ import annotations

__all__ = ["glossary_entries"]


def glossary_entries() -> list[dict]:
    """Groups of codes (column, title, entries of code, words, meaning) in the order the glossary shows them."""
    from release_figures.reading.chinese_wording import ASPECTS, RELATIONS
    from release_figures.stages.checks.verdicts import FAMILIES, SUBJECT_WORDS, SUBJECTS, VERDICT_WORDS, VERDICTS
    from release_figures.stages.chinese import FOUND

    return [
        {"column": "verdict", "title": "Verdicts (checks.csv, column verdict)",
         "entries": [{"code": code, "words": VERDICT_WORDS[code], "meaning": meaning}
                     for code, meaning in VERDICTS.items()]},
        {"column": "subject", "title": "What a check is about (checks.csv, column subject)",
         "entries": [{"code": code, "words": SUBJECT_WORDS[code], "meaning": meaning}
                     for code, meaning in SUBJECTS.items()]},
        {"column": "family", "title": "Families of checks (checks.csv, column family)",
         "entries": [{"code": code, "words": words, "meaning": f"the checks shown under \u201c{words}\u201d"}
                     for code, words in FAMILIES.items()]},
        {"column": "could-fail", "title": "Whether a check could have failed (checks.csv, column could_fail)",
         "entries": [{"code": "yes", "words": "could have failed", "meaning": "some printed numbers would have made "
                      "the check fail; its agreement is evidence"},
                     {"code": "no", "words": "could not have failed", "meaning": "no printed number could have "
                      "made it fail; shown, never counted as evidence"}]},
        {"column": "found", "title": "Where a figure's original wording was found (chinese.csv, column found)",
         "entries": [{"code": code, "words": meaning, "meaning": meaning} for code, meaning in FOUND.items()]},
        {"column": "relation", "title": "The English against the original (chinese.csv, column relation)",
         "entries": [{"code": code, "words": meaning, "meaning": meaning} for code, meaning in RELATIONS.items()]},
        {"column": "aspect", "title": "What the two languages are compared on (chinese.csv, column points)",
         "entries": [{"code": code, "words": code, "meaning": meaning} for code, meaning in ASPECTS.items()]},
    ]
