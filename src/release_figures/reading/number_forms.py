"""The printed forms a number may take: number words, Chinese scales, numerals, qualifiers, measure words.

One place for the vocabulary and the patterns built from it, read by the
number reader (:mod:`release_figures.reading.numbers`) and the running-text
scanner (:mod:`release_figures.reading.number_scan`).
"""

from __future__ import annotations

import re
from decimal import Decimal

ENGLISH_SCALES = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
CHINESE_SCALES = {
    "十": Decimal(10),
    "百": Decimal(10) ** 2,
    "千": Decimal(10) ** 3,
    "万": Decimal(10) ** 4,
    "萬": Decimal(10) ** 4,
    "亿": Decimal(10) ** 8,
    "億": Decimal(10) ** 8,
}
CHINESE_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
CARDINAL_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12,
}
TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
UNIT_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh",
    "eighth", "ninth", "tenth", "eleventh", "twelfth",
)
MORE_THAN_WORDS = ("more than", "over")
ABOUT_WORDS = ("about", "nearly", "approximately", "around", "almost")

# Chinese qualifiers. Before the number (超过3000, 约5.4万), after the digits or
# the scale (2600余, 60多亿, 37万余), and after the percent sign or a measure
# word (80%以上, 3000万元以上, 5000人左右).
ZH_MORE_THAN_BEFORE = ("超过", "超過", "超", "逾")
ZH_ABOUT_BEFORE = ("大约", "大約", "约", "約", "将近", "將近", "接近", "近")
ZH_MORE_THAN_AFTER = ("以上", "余", "餘", "多")
ZH_ABOUT_AFTER = ("左右",)
# "Less than" words the reader does not take: a number after them is refused.
ZH_LESS_THAN_BEFORE = ("不足", "不到", "少于", "少於", "低于", "低於")
# Direction prefixes a printed form may carry (context tables print "下降28.6%").
ZH_FALL_WORDS = ("同比下降", "下降", "减少", "減少", "降低", "下跌", "降幅")
ZH_RISE_WORDS = ("同比增长", "同比增長", "增长", "增長", "增加", "上升", "提高", "提升", "上涨", "增幅")

# Measure words and units printed after a Chinese number. A numeral followed
# by one of these is a number (连续五年, 两个月); they carry no value.
MEASURE_WORDS = tuple(sorted({
    "个", "個", "名", "人", "人次", "起", "件", "宗", "年", "个月", "個月", "月", "日", "天", "次", "项", "項",
    "家", "处", "處", "条", "條", "辆", "輛", "吨", "噸", "公斤", "千克", "克", "元", "美元", "批", "所", "座",
    "只", "架", "艘", "部", "台", "种", "種", "类", "類", "支", "期", "届", "屆", "季度", "周", "倍", "轮",
    "輪", "场", "場", "户", "戶", "份", "套", "张", "張", "公里", "千米", "米", "小时", "小時", "分钟",
    "分鐘", "秒", "岁", "歲", "位", "例", "枚", "把", "颗", "顆", "头", "頭", "间", "間", "栋",
    "棟", "层", "層", "篇", "列", "股", "伙", "夥", "团", "團", "队", "隊", "省", "市", "县", "縣", "区",
    "區", "万元", "亿元", "吨级",
}, key=lambda word: (-len(word), word)))

# Common words and idioms whose numeral is not a quantity. The scan skips a
# numeral inside one of these; any other numeral without a measure word is
# listed as doubtful for the register to explain. Words that could also be a
# count (一起 "together" or "one case", 万一 "in case" or part of 一万一千) are
# left out: a doubt is listed, never skipped.
NON_NUMBER_WORDS = tuple(sorted({
    "一站式", "千方百计", "千方百計", "进一步", "進一步", "一系列", "一些", "一切", "一直", "一定",
    "一体化", "一體化", "一体", "一體", "一线", "一線", "一律", "一致", "一道", "一旦", "一流", "一方面",
    "统一", "統一", "唯一", "同一", "之一", "一如既往", "一以贯之", "一以貫之", "十分",
    "百姓", "老百姓", "千家万户", "千家萬戶", "万众一心", "萬眾一心", "一心", "一般", "一贯", "一貫",
    "一同", "一举", "一舉", "一批", "一大批", "一次性", "三令五申", "四面八方", "五湖四海", "一网打尽",
    "一網打盡", "百分比", "百分点", "百分點", "一手", "一把手", "一并", "一併",
    "一步", "第一时间", "第一時間", "零容忍", "一张网", "一張網", "一盘棋", "一盤棋", "万无一失",
    "萬無一失", "一体推进", "两手", "兩手", "一刀切",
}, key=lambda word: (-len(word), word)))

_ASCII_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
# "Percent" as English news copy prints it after a number: "13.8 percent", "5.2 per cent" (as "13.8%").
_PERCENT_WORDS = r"\s+per ?cent\b"
# A numeral character. 百 before 分 (百分点, 百分之) and 千 before a unit
# character (千克 kilogram, 千米 kilometre) are not numerals.
_NUMERAL_CHAR = r"(?:[〇零一二两兩三四五六七八九十万萬亿億]|百(?!分)|千(?![克米瓦伏卡]))"
# Scale characters after digits: 百, 千, 万, 亿 and their combinations (千万, 万亿).
_ZH_SCALE = r"(?:(?:百(?!分)|千(?![克米瓦伏卡]))(?:[万萬][亿億]?|[亿億])?|[万萬][亿億]?|[亿億])"
_ZH_MORE = r"[余餘多]"
_ZH_POINTS = r"(?:个百分点|個百分點)"


def _alternation(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_PRE = _alternation(ZH_MORE_THAN_BEFORE + ZH_ABOUT_BEFORE)
_MEASURE = _alternation(MEASURE_WORDS)

_ENGLISH_RE = re.compile(
    rf"^(?P<digits>{_ASCII_NUMBER})"
    rf"(?:\s+(?P<scale>{'|'.join(ENGLISH_SCALES)}))?"
    rf"(?:(?P<percent>\s?%|{_PERCENT_WORDS})|(?P<points>\s+percentage\s+points?))?$",
    re.IGNORECASE,
)
_QUALIFIER_RE = re.compile(
    rf"^(?P<word>{'|'.join(MORE_THAN_WORDS + ABOUT_WORDS)})\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_COMPOUND_WORD = rf"(?:{'|'.join(TENS_WORDS)})-(?:{'|'.join(UNIT_WORDS)})"
_PLAIN_WORDS = "|".join(sorted(CARDINAL_WORDS, key=len, reverse=True))
_NUMBER_WORD_RE = re.compile(rf"(?P<word>{_COMPOUND_WORD}|{_PLAIN_WORDS})", re.IGNORECASE)

# One Chinese (or mixed) printed form, as read_number takes it: an optional
# direction or "consecutive" prefix (context tables print 下降28.6%), an optional
# qualifier, 百分之 or digits or numerals, 余/多, a scale, 余/多 again, % or
# 个百分点, an optional measure word, then an optional 以上/左右/多.
_CHINESE_RE = re.compile(
    rf"^(?:(?P<direction>{_alternation(ZH_FALL_WORDS + ZH_RISE_WORDS)})了?)?"
    r"(?P<consecutive>连续|連續)?"
    rf"(?P<pre>{_PRE})?"
    r"(?P<pctpre>百分之)?"
    rf"(?:(?P<digits>{_ASCII_NUMBER})|(?P<numeral>{_NUMERAL_CHAR}+))"
    rf"(?P<more1>{_ZH_MORE})?"
    rf"(?P<scale>{_ZH_SCALE})?"
    rf"(?P<more2>{_ZH_MORE})?"
    rf"(?:(?P<percent>\s?%)|(?P<points>{_ZH_POINTS}))?"
    rf"(?P<unit>{_MEASURE})?"
    r"(?P<post>以上|左右|多)?$"
)

# The characters a token can begin with: a digit of any script, 第, a Chinese
# qualifier, 百分之 or a numeral; or, at the start of a word, the first letter
# of an English number or ordinal word. Checked first at each position (the
# scanner's lookahead below), so that the alternatives are tried only where
# one could match: the scan is several times faster, and finds the same tokens.
_TOKEN_START = (
    r"[\d第"
    + "".join(sorted({word[0] for word in ZH_MORE_THAN_BEFORE + ZH_ABOUT_BEFORE}
                     | set(CHINESE_DIGITS) | set(CHINESE_SCALES) | {"百"}))
    + r"]|\b["
    + "".join(sorted({word[0] for word in ORDINAL_WORDS + tuple(CARDINAL_WORDS) + TENS_WORDS}))
    + "]"
)

# The scanner. One alternative a kind of token, tried in this order at each
# position: digits of a script the language does not read; a Chinese ordinal
# (第三, 第3); a number in digits or Chinese numerals with everything that
# belongs to it; an English ordinal word; an English number word.
_SCAN_ALTERNATIVES = (
    r"(?P<unicode_digits>[0-9]*(?:(?![0-9])\d)[\d,.]*)"
    rf"|(?P<zh_ordinal>第(?:[0-9]+|{_NUMERAL_CHAR}+))"
    r"|(?P<number>"
    rf"(?P<pre>{_PRE})?"
    r"(?P<pctpre>百分之)?"
    rf"(?:(?P<digits>{_ASCII_NUMBER})|(?P<numeral>{_NUMERAL_CHAR}+))"
    rf"(?P<more1>{_ZH_MORE})?"
    rf"(?P<scale>{_ZH_SCALE})?"
    rf"(?P<more2>{_ZH_MORE})?"
    rf"(?P<escale>\s+(?:{'|'.join(ENGLISH_SCALES)})\b)?"
    rf"(?P<percent>\s?%|{_ZH_POINTS}|\s+percentage\s+points?\b|{_PERCENT_WORDS})?"
    rf"(?P<post>(?:{_MEASURE})?(?:以上|左右)|[个個]多)?"
    r"(?P<suffix>st|nd|rd|th)?"
    r"(?![0-9A-Za-z]))"
    r"|\b(?P<ordinal>" + "|".join(ORDINAL_WORDS) + r")\b"
    rf"|\b(?P<word>{_COMPOUND_WORD}|{_PLAIN_WORDS})\b"
)
_SCAN_RE = re.compile(rf"(?=(?:{_TOKEN_START}))(?:{_SCAN_ALTERNATIVES})", re.IGNORECASE)
# What may not follow a number directly: the reader would have left it out.
_NOT_AFTER = set("0123456789〇零一二两兩三四五六七八九十百千万萬亿億余餘多超逾近约約以左")
# Words that may follow a number although they begin with such a character (since, after, before, and).
_ALLOWED_AFTER = ("以来", "以來", "以后", "以後", "以前", "以及", "以外")
_NON_NUMBER_RE = re.compile(_alternation(NON_NUMBER_WORDS))
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_CJK_RE = re.compile(r"[\u3007\u3400-\u9fff\uf900-\ufaff\uff01-\uff5e]")


