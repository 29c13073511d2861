"""Register mutations: a broken register.yaml is refused with an error naming the entry and the file.

Each case alters one entry of a copy of data/register.yaml and runs the
figures stage on the copied release folder. The stated outcome is always a
rejection: exactly the error class given (RegisterError or a subclass),
with a message naming the register file, the entry and what was expected.
"""

from __future__ import annotations

import copy

import pytest
import yaml
from mutations.release_copy import DATA_DIR, copy_release

from release_figures.errors import (
    FigureParseError,
    QuoteCountError,
    QuoteNotFoundError,
    RegisterError,
)
from release_figures.tables.build import run_figures_stage

ORIGINAL = yaml.safe_load((DATA_DIR / "register.yaml").read_text(encoding="utf-8"))


def figure(data: dict, figure_id: str) -> dict:
    (entry,) = [entry for entry in data["figures"] if entry["figure_id"] == figure_id]
    return entry


def set_field(figure_id: str, name: str, value):
    def mutate(data):
        figure(data, figure_id)[name] = value
    return mutate


def drop_field(figure_id: str, name: str):
    def mutate(data):
        del figure(data, figure_id)[name]
    return mutate


def duplicate_id(data):
    figure(data, "fraud-cases-cracked-change")["figure_id"] = "fraud-cases-cracked"


def duplicate_claim_id(data):
    data["claims"][1]["claim_id"] = data["claims"][0]["claim_id"]


def unknown_exclusion_reason(data):
    data["exclusions"][0]["reason"] = "boring"


def missing_exclusion_quote(data):
    data["exclusions"][0]["quote"] = "China News Service, January 11th"


def missing_claim_quote(data):
    data["claims"][0]["quote"] = "The nationwide criminal cases recorded a year-on-year increase"


def unknown_top_level_key(data):
    data["figuers"] = []


CASES = [
    # two entries share an id: both positions are named
    pytest.param(duplicate_id, RegisterError,
                 ("duplicate figure_id 'fraud-cases-cracked' at figures[1] and figures[2]",), id="duplicate-id"),
    # a required field missing
    pytest.param(drop_field("drugs-seized", "unit"), RegisterError,
                 ("figures[14] ('drugs-seized'): unit: missing required field",), id="missing-unit"),
    # the quote missing: no value could be read
    pytest.param(drop_field("gambling-cases", "quote"), RegisterError,
                 ("'gambling-cases'): quote: missing required field",), id="missing-quote"),
    # an empty indicator counts as missing
    pytest.param(set_field("cyber-gangs", "indicator", ""), RegisterError,
                 ("'cyber-gangs'): indicator: expected non-empty text, got ''",), id="empty-indicator"),
    # a unit outside the controlled vocabulary
    pytest.param(set_field("drugs-seized", "unit", "kilograms"), RegisterError,
                 ("'drugs-seized'): unit: expected one of: cases, ", "got 'kilograms'"), id="unknown-unit"),
    # a kind outside the controlled vocabulary
    pytest.param(set_field("drug-cases", "kind", "total"), RegisterError,
                 ("'drug-cases'): kind: expected one of 'count', ", "got 'total'"), id="unknown-kind"),
    # a section the release does not have
    pytest.param(set_field("drug-cases", "section", "economy"), RegisterError,
                 ("'drug-cases'): section: expected one of: political security, social stability, ", "got 'economy'"), id="unknown-section"),
    # a misspelt field name is not silently ignored
    pytest.param(set_field("drug-cases", "precison", 1), RegisterError,
                 ("'drug-cases'): precison: unknown field; allowed: figure_id, ",), id="unknown-field"),
    # a quote shortened so that it now matches two passages
    pytest.param(set_field("cyber-suspects", "quote", "criminal suspects were arrested"), QuoteCountError,
                 ("'cyber-suspects'", "occurs 2 times", "the register expects 1"), id="quote-matches-twice"),
    # a quote that no longer matches anything
    pytest.param(set_field("cyber-suspects", "quote", "156,000 criminal suspect were arrested"), QuoteNotFoundError,
                 ("'cyber-suspects'", "quote not found", "expected '156,000 criminal suspect were arrested'",
                  "nearest passage in the text reads '156,000 criminal suspects were arrested'"), id="quote-not-found"),
    # refers_to naming a figure that does not exist
    pytest.param(set_field("fraud-cases-cracked-change", "refers_to", "fraud-cases-solved"), RegisterError,
                 ("'fraud-cases-cracked-change'): refers_to: expected a figure_id of the register, got 'fraud-cases-solved'",), id="refers-to-nowhere"),
    # a change without anything it is a change of
    pytest.param(drop_field("fraud-cases-cracked-change", "refers_to"), RegisterError,
                 ("'fraud-cases-cracked-change'", "needs refers_to"), id="change-refers-to-nothing"),
    # a rounding override without a reason
    pytest.param(drop_field("economy-measures", "precision_reason"), RegisterError,
                 ("'economy-measures'", "a precision override needs a precision_reason"), id="precision-without-reason"),
    # a reason without an override
    pytest.param(drop_field("economy-measures", "precision"), RegisterError,
                 ("'economy-measures'", "precision_reason given without a precision override"), id="reason-without-precision"),
    # an override that is not a number
    pytest.param(set_field("economy-measures", "precision", "one"), RegisterError,
                 ("'economy-measures'): precision: expected a number, got 'one'",), id="precision-not-a-number"),
    # an override that is not positive
    pytest.param(set_field("economy-measures", "precision", 0), RegisterError,
                 ("'economy-measures'): precision: expected a positive number, got 0",), id="precision-zero"),
    # a percentage kind with a count unit
    pytest.param(set_field("one-stop-completion", "unit", "centres"), RegisterError,
                 ("'one-stop-completion'", "kind 'share_pct' and unit 'centres' do not fit"), id="percent-kind-wrong-unit"),
    # a period in no accepted format
    pytest.param(set_field("drug-cases", "period", "FY22"), RegisterError,
                 ("'drug-cases'): period: expected a period YYYY, YYYY-MM", "got 'FY22'"), id="bad-period"),
    # an id that is not a slug
    pytest.param(set_field("drug-cases", "figure_id", "Drug Cases"), RegisterError,
                 ("'Drug Cases'", "lower-case slug"), id="id-not-a-slug"),
    # an occurrence beyond the stated occurrences
    pytest.param(set_field("zero-terror-years", "occurrence", 3), RegisterError,
                 ("'zero-terror-years'", "occurrence 3 is beyond occurrences 2"), id="occurrence-beyond"),
    # a token number beyond the numbers of the quote
    pytest.param(set_field("police-killed", "token", 3), FigureParseError,
                 ("'police-killed'", "token 3 asked for, but the quote holds 2 numbers"), id="token-beyond"),
    # a quote with two numbers and no token field
    pytest.param(drop_field("police-killed", "token"), FigureParseError,
                 ("'police-killed'", "holds 2 numbers (308, 179); expected exactly one"), id="token-missing"),
    # a percentage kind on a quote printed without %
    pytest.param(set_field("drug-cases", "kind", "change_pct"), RegisterError,
                 ("'drug-cases'", "do not fit"), id="percent-kind-on-count"),
    # an exclusion with a reason outside the list
    pytest.param(unknown_exclusion_reason, RegisterError,
                 ("exclusions[0]", "reason: expected one of: date, ", "got 'boring'"), id="unknown-exclusion-reason"),
    # an exclusion whose passage is not in the text
    pytest.param(missing_exclusion_quote, QuoteNotFoundError,
                 ("exclusion 'China News Service, January 11th'", "quote not found"), id="exclusion-not-found"),
    # two claims share an id
    pytest.param(duplicate_claim_id, RegisterError,
                 ("claims[1]", "duplicate claim_id 'claim-criminal-cases-registered-fall' at claims[0] and claims[1]"), id="duplicate-claim-id"),
    # a claim whose sentence is not in the text (direction swapped in the register)
    pytest.param(missing_claim_quote, QuoteNotFoundError,
                 ("claim 'claim-criminal-cases-registered-fall'", "quote not found",
                  "recorded a year-on-year decrease"), id="claim-not-found"),
    # a misspelt top-level key
    pytest.param(unknown_top_level_key, RegisterError,
                 ("figuers: unknown field; allowed: figures, exclusions, claims, context_precision, vocabulary",), id="unknown-top-level-key"),
]


@pytest.mark.parametrize(("mutate", "error", "expected"), CASES)
def test_register_mutation_is_rejected_naming_entry_and_file(mutate, error, expected, tmp_path):
    data = copy.deepcopy(ORIGINAL)
    mutate(data)
    release_dir = copy_release(tmp_path, register=yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with pytest.raises(error) as caught:
        run_figures_stage(release_dir)
    assert type(caught.value) is error, f"expected exactly {error.__name__}, got {type(caught.value).__name__}"
    message = str(caught.value)
    assert str(release_dir / "register.yaml") in message, message
    for part in expected:
        assert part in message, f"{part!r} missing from:\n{message}"


def test_unmutated_register_round_trips_through_yaml(tmp_path, figures_stage):
    # The harness itself changes nothing: the register dumped again gives the rows the register as committed gives.
    release_dir = copy_release(tmp_path, register=yaml.safe_dump(ORIGINAL, allow_unicode=True, sort_keys=False))
    assert run_figures_stage(release_dir).rows == figures_stage.rows


def test_invalid_yaml_is_a_register_error(tmp_path):
    release_dir = copy_release(tmp_path, register="figures:\n  - figure_id: [unclosed\n")
    with pytest.raises(RegisterError, match=r"register\.yaml, line 3, column 1: not valid YAML"):
        run_figures_stage(release_dir)


def test_register_that_is_not_a_mapping_is_refused(tmp_path):
    release_dir = copy_release(tmp_path, register="- just\n- a list\n")
    with pytest.raises(RegisterError, match=r"register\.yaml: expected a mapping with a 'figures' list"):
        run_figures_stage(release_dir)
