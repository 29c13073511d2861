"""The index of a text's words: exact quote search and the nearest passage to a missing quote.

The search must give exactly what scanning the text with ``str.find`` gives
(every occurrence, overlapping ones too); the nearest passage is checked on
hand-made texts where the right answer is known: paragraphs phrased alike,
one of which the quote was taken from before one number or word changed.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from release_figures.errors import QuoteNotFoundError
from release_figures.reading.quotes import locate_quote, nearest_passage
from release_figures.reading.text_index import TextIndex, words_of


def scanned(text: str, quote: str) -> list[int]:
    """Every start of ``quote`` in ``text``, by trying each position in turn (the definition)."""
    return [i for i in range(len(text) - len(quote) + 1) if text[i:i + len(quote)] == quote]


def paragraph(district: str, cases: str) -> str:
    return f"In the course of the year, police in the {district} district solved {cases} cases of theft."


# ------------------------------------------------------------------ words

def test_words_are_runs_of_letters_and_digits_or_single_chinese_characters():
    assert words_of("solved 12,347 cases; 破获案件１２起") == [
        ("solved", 0), ("12", 7), ("347", 10), ("cases", 14), ("破", 21), ("获", 22), ("案", 23), ("件", 24),
        ("１２", 25), ("起", 27)]


# ------------------------------------------------------------------ exact search

@pytest.mark.parametrize("quote", [
    "aa", "a a", "a, a", " a", "a ", "12,3", "2,34", ",", "ab ab", "b ab a", "abab", "ab a", "a ab ab",
    "第三", "三起", "起，第", "12,347 cases", "ab ab ab ab ab ab"])
def test_find_all_gives_what_scanning_gives(quote):
    # Overlapping occurrences, quotes cut mid-word at either end, quotes of one word, and Chinese.
    text = "a a, a ab ab ab abab a ab a 12,347 cases 12,3470 第三起，第三起 aa"
    assert TextIndex(text).find_all(quote) == scanned(text, quote)


@given(text=st.text(alphabet="ab ,1第三", max_size=60), quote=st.text(alphabet="ab ,1第三", min_size=1, max_size=8))
def test_find_all_gives_what_scanning_gives_on_any_text(text, quote):
    assert TextIndex(text).find_all(quote) == scanned(text, quote)


def test_a_quote_is_found_by_its_rarest_whole_word():
    text = "".join(paragraph(f"Q{name}", f"{500 + i:,}") + " " for i, name in enumerate(["b", "c", "bc", "cb"]))
    quote = "police in the Qbc district solved 502"
    assert TextIndex(text).find_all(quote) == [text.index(quote)]
    assert TextIndex(text).find_all("police in the Qbc district solved 503") == []


# ------------------------------------------------------------------ nearest passage

def test_the_nearest_passage_is_the_quotes_own_paragraph_however_often_its_opening_recurs():
    # Sixty paragraphs open alike; the quote's (Qtz) is the 61st, after a paragraph about Qt. Only
    # its number changed, so its own paragraph is the nearest passage: not an earlier one that
    # shares the opening words, nor Qt, which shares the first letters of the name.
    paragraphs = [paragraph(f"Q{chr(98 + i % 25)}{chr(98 + i // 25)}", f"{1000 + 37 * i:,}") for i in range(60)]
    paragraphs += [paragraph("Qt", "4,321"), paragraph("Qtz", "12,347"), paragraph("Qu", "8,000")]
    text = "\n\n".join(paragraphs)
    quote = "In the course of the year, police in the Qtz district solved 12,348 cases of theft"
    assert nearest_passage(text, quote) == "In the course of the year, police in the Qtz district solved 12,347 cases of theft"


def test_a_name_found_once_outweighs_a_number_found_in_another_paragraph():
    # The quote says Qb and 501; the text has Qb with 500, and Qbcf with 42,501. The name places it.
    text = " ".join([paragraph("Qbcf", "42,501"), paragraph("Qb", "500"), paragraph("Qc", "8,419")])
    quote = "In the course of the year, police in the Qb district solved 501 cases of theft"
    assert nearest_passage(text, quote) == "In the course of the year, police in the Qb district solved 500 cases of theft"


def test_a_dropped_word_keeps_the_passage_whole():
    # "year-on-year" holds two "year"s: each is matched to its own, and the inserted word is spanned.
    text = ("Criminal cases recorded a year-on-year fall. In 2022, solved cases increased year-on-year, "
            "and reported cases fell.")
    assert nearest_passage(text, "solved cases year-on-year") == "solved cases increased year-on-year"


def test_the_passage_never_cuts_a_number_in_two():
    text = "It trained 16,000 full-time legal officers and 4,000 part-time ones."
    assert nearest_passage(text, "26,000 full-time legal officers") == "16,000 full-time legal officers"


def test_passages_sharing_as_many_words_are_told_apart_by_their_characters():
    # 117,000 shares no word with 156,000 or 107,000, but shares more characters with 107,000.
    text = ("Police arrested 156,000 criminal suspects were arrested in one campaign; "
            "in another, 107,000 criminal suspects were arrested.")
    assert nearest_passage(text, "117,000 criminal suspects were arrested") == "107,000 criminal suspects were arrested"


def test_a_misspelt_long_word_still_finds_its_passage_by_characters():
    text = "Commended were 2,891 individuals, which is a record, and 46,000 grassroots units."
    assert nearest_passage(text, "2,891 individu#ls") == "2,891 individuals"


def test_chinese_text_finds_its_passage_character_by_character():
    text = "全年破获盗窃案件1.2万起，抓获犯罪嫌疑人1.2万余名，打掉盗窃团伙640多个。"
    assert nearest_passage(text, "抓获犯罪嫌疑人1.3万余名") == "抓获犯罪嫌疑人1.2万余名"


def test_no_passage_when_nothing_resembles_the_quote():
    text = "In the course of the year, police solved 12,347 cases of theft."
    assert nearest_passage(text, "zebra crossings repainted") is None
    assert nearest_passage(text, "—") is None


def test_every_missing_quote_is_reported_with_its_own_paragraph():
    # The error names the figure, the expected quote and the passage the text now has.
    text = "\n\n".join(paragraph(f"Q{letter}", f"{i + 1},000") for i, letter in enumerate("bcdefghjkm"))
    quote = "police in the Qk district solved 9,001 cases"
    with pytest.raises(QuoteNotFoundError, match=r"figure 'theft-qk': quote not found in text\.txt: expected "
                       r"'police in the Qk district solved 9,001 cases' exactly as printed\. The nearest passage "
                       r"in the text reads 'police in the Qk district solved 9,000 cases'\."):
        locate_quote(text, quote, 1, "figure 'theft-qk'", "text.txt")
