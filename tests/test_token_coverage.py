"""Token coverage: which exclusion or claim explains a number when several quotes hold it.

Every token is explained by the first exclusion in the register's order whose
quote holds it whole (then, for a number in words, by the first claim); the
look-up goes span by span over the tokens inside it, and must give the same
answer as asking each span in turn for each token.
"""

import pytest

from release_figures.reading.register import parse_register
from release_figures.reading.token_coverage import token_coverage

TEXT = ("Police solved 1,234 cases. The 2022 plan, the 2022 budget and the third campaign ran to 31 December; "
        "the ministry saw zero incidents in two provinces.")
FIGURE = {"figure_id": "cases", "section": "social stability", "indicator": "cases solved", "unit": "cases",
          "period": "2022", "kind": "count", "quote": "solved 1,234 cases"}
PLAN = {"quote": "The 2022 plan, the 2022 budget", "reason": "name"}
BUDGET = {"quote": "the 2022 budget", "reason": "year"}
OTHERS = [{"quote": "the third campaign", "reason": "ordinal"}, {"quote": "31 December", "reason": "date"}]
SECTIONS = {"sections": [{"section": "social stability"}, {"section": "public safety"}]}
CLAIM = {"claim_id": "zero-incidents", "section": "public safety", "subject": "incidents",
         "quote": "zero incidents in two provinces"}


def coverage(exclusions, claims=()):
    register = parse_register({"vocabulary": SECTIONS, "figures": [FIGURE], "exclusions": list(exclusions),
                               "claims": list(claims)},
                              "r/register.yaml")
    rows = [{"figure_id": "cases", "start": TEXT.index("solved"), "number_start": TEXT.index("1,234"),
             "number_end": TEXT.index("1,234") + 5, "other_starts": ""}]
    return {(row["start"], row["token"]): (row["status"], row["explained_by"], row["reason"])
            for row in token_coverage(TEXT, register, rows)}


SECOND_2022 = (TEXT.index("2022 budget"), "2022")


@pytest.mark.parametrize("order, reason, by", [
    ((PLAN, BUDGET), "name", PLAN["quote"]),
    ((BUDGET, PLAN), "year", BUDGET["quote"]),
])
def test_a_number_held_by_two_exclusions_takes_the_first_in_register_order(order, reason, by):
    # "2022 budget" lies inside both the plan's quote and the budget's: whichever the register lists first wins.
    assert coverage([*order, *OTHERS])[SECOND_2022] == ("excluded", by, reason)


def test_each_token_is_explained_by_the_quote_that_holds_it_whole():
    tokens = coverage([PLAN, *OTHERS], [CLAIM])
    assert tokens == {
        (TEXT.index("1,234"), "1,234"): ("figure", "cases", ""),
        (TEXT.index("2022 plan"), "2022"): ("excluded", PLAN["quote"], "name"),
        SECOND_2022: ("excluded", PLAN["quote"], "name"),
        (TEXT.index("third"), "third"): ("excluded", "the third campaign", "ordinal"),
        (TEXT.index("31"), "31"): ("excluded", "31 December", "date"),
        # Numbers in words inside a claim are what the claim states.
        (TEXT.index("zero"), "zero"): ("claim", "zero-incidents", "the number the claim states"),
        (TEXT.index("two"), "two"): ("claim", "zero-incidents", "the number the claim states"),
    }


def test_a_token_only_partly_inside_a_quote_is_not_explained_by_it():
    # "1 December" begins inside the token "31": it does not hold the token whole.
    tokens = coverage([PLAN, BUDGET, OTHERS[0], {"quote": "1 December", "reason": "date"}])
    assert tokens[(TEXT.index("31"), "31")] == ("unexplained", "", "")
