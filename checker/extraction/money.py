"""Amounts of money with their currency: "$5.4 billion", "US$12m", "£3.5bn", "€85 million", "4.2
billion euros", "5 million Canadian dollars".

Each amount is read to a value, the range its rounding allows ("$5.4 billion" is anything from 5.35 to
5.45 billion, so "$5.38 billion" agrees with it and "$4.2 billion" does not) and an ISO 4217 code. A
bare "$" is the US dollar unless the article is about a country with a dollar of its own ("a Canadian
graphics chip maker"): then it is left without a code, since the two readings differ by a quarter and
a conflict between them would be an artefact of the exchange rate.

Prices per unit ("$16.70 a share", "$12 an hour") are amounts of another kind and are marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from checker.extraction.numbers import number_spans
from checker.extraction.quantities import qualified_range

# Symbols and codes written before the figure, longest first.
_PREFIXES = {
    "US$": "USD", "U.S.$": "USD", "USD": "USD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD", "A$": "AUD",
    "AU$": "AUD", "AUD": "AUD", "NZ$": "NZD", "NZD": "NZD", "HK$": "HKD", "HKD": "HKD", "S$": "SGD",
    "SGD": "SGD", "£": "GBP", "GBP": "GBP", "€": "EUR", "EUR": "EUR", "¥": "JPY", "JPY": "JPY",
    "CHF": "CHF", "Rs.": "INR", "Rs": "INR", "INR": "INR", "R$": "BRL", "NT$": "TWD", "NT $": "TWD",
    "US $": "USD", "C $": "CAD", "A $": "AUD", "HK $": "HKD", "$": "$",
}
# Names written after the figure; "pounds" only with a scale word ("5 million pounds"): "200 pounds" is a weight.
_NAMES = {"dollars": "$", "dollar": "$", "euros": "EUR", "euro": "EUR", "yen": "JPY", "yuan": "CNY",
          "renminbi": "CNY", "rupees": "INR", "francs": "CHF", "pesos": "MXN", "rubles": "RUB", "roubles": "RUB",
          "pounds": "GBP", "sterling": "GBP"}
# A nationality before "dollars" names the dollar: "Canadian dollars", "U.S. dollars".
_DOLLAR_NATIONS = {"u.s.": "USD", "us": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
                   "new zealand": "NZD", "hong kong": "HKD", "singapore": "SGD", "taiwan": "TWD"}
# Countries with a dollar of their own: in an article about one of them a bare "$" is no sure US dollar.
DOLLAR_COUNTRIES = frozenset({"CA", "AU", "NZ", "HK", "SG", "TW", "JM", "BS", "BB", "BZ", "FJ", "LR", "NA",
                              "TT", "GY", "SR", "ZW", "BN", "SB", "KY", "BM"})

_PREFIX = re.compile("(?:" + "|".join(re.escape(p) for p in sorted(_PREFIXES, key=len, reverse=True)) + r")\s?$")
# "$5.4bn", "£3m" (glued to the figure), "$5.4-billion"
_SUFFIX_SCALE = re.compile(r"(bn|b|mn|m|tn|k|-million|-billion|-trillion)\b", re.IGNORECASE)
_SCALES = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12, "-million": 1e6, "-billion": 1e9, "-trillion": 1e12}
# "$4.2 billion in cash and 57 million shares": one part of a price; "$5.4 billion in cash and stock" is all of it
_PART = re.compile(r"\s+in\s+(?:cash|stock|shares)\b(?!\s+and\s+(?:stock|shares|cash)\b)", re.IGNORECASE)
_INDIAN_SCALE = re.compile(r"\s+(crores?|lakhs?)\b", re.IGNORECASE)  # "Rs 500 crore": 5 billion rupees
_INDIAN = {"crore": 1e7, "crores": 1e7, "lakh": 1e5, "lakhs": 1e5}
_AFTER = re.compile(r"\s+(?:(?P<nation>U\.S\.|US|American|Canadian|Australian|New Zealand|Hong Kong|Singapore|Taiwan)\s+)?"
                    r"(?P<name>dollars?|euros?|yen|yuan|renminbi|rupees|francs|pesos|rubles|roubles|pounds(?:\s+sterling)?|sterling)\b",
                    re.IGNORECASE)
_PER_UNIT = re.compile(r"\s*(?:a|an|per)\s+(?:share|hour|day|week|month|year|barrel|ounce|gallon|litre|liter|ton|tonne|"
                       r"head|person|ticket|unit|kilo|kilogram|pound|mile|night)\b", re.IGNORECASE)
_QUALIFIERS = ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "more than", "over",
               "at least", "up to", "less than", "under", "an estimated", "estimated", "close to")


ROUND_FIGURE = 0.1
_DIGIT = re.compile(r"\d")
# the currency names a sum written in words may end with ("two million dollars"): plain substrings of the
# lower-cased sentence, a cheap test (a regex over every name cost more than the rest of this module)
_CURRENCY_NAMES = ("dollar", "euro", "yen", "yuan", "renminbi", "rupee", "franc", "peso", "ruble", "rouble",
                   "pound", "sterling")


@dataclass(frozen=True)
class Money:
    surface: str
    start: int  # offsets into the source text
    end: int
    value: float
    low: float
    high: float | None
    currency: str  # ISO 4217 code, or "$" for a dollar of unknown country
    qualifier: str
    per_unit: bool  # "$16.70 a share": a price of one unit, not an amount
    part: bool = False  # "$4.2 billion in cash" (and shares besides): a part of the amount


def money_mentions(text: str, offset: int = 0, dollar_countries=frozenset()) -> list[Money]:
    """Amounts of money in one sentence. `dollar_countries`: the article's countries that have a
    dollar; with any, a bare "$" keeps the code "$" (of unknown country)."""
    out: list[Money] = []
    if not _DIGIT.search(text):
        lowered = text.lower()
        if not any(name in lowered for name in _CURRENCY_NAMES):
            return out  # most sentences name no money: skip the number scan
    for span in number_spans(text):
        before = text[: span.start]
        prefix = _PREFIX.search(before) if not span.written else None
        value, end = span.value, span.end
        currency = None
        if prefix is not None:
            currency = _PREFIXES[prefix.group(0).strip()]
            start = prefix.start()
            glued = _SUFFIX_SCALE.match(text, end)
            indian = _INDIAN_SCALE.match(text, end)
            if glued and value < 1e6:
                value, end = value * _SCALES[glued.group(1).lower()], glued.end()
            elif indian and value < 1e6:
                value, end = value * _INDIAN[indian.group(1).lower()], indian.end()
        else:
            after = _AFTER.match(text, end)
            if after is None:
                continue
            name = after.group("name").lower().split()[0]
            if name == "pounds" and value < 1e6 and "sterling" not in after.group(0).lower():
                continue  # "200 pounds": a weight
            nation = (after.group("nation") or "").lower()
            currency = _DOLLAR_NATIONS.get(nation, _NAMES[name]) if name.startswith("dollar") else _NAMES[name]
            start, end = span.start, after.end()
        if currency == "$":
            currency = "$" if dollar_countries else "USD"
        qualifier = next((q for q in _QUALIFIERS if text[:start].rstrip().lower().endswith(q)), "")
        low, high = _range(text[span.start: span.end], value, qualifier)
        per_unit = bool(_PER_UNIT.match(text, end))
        part = bool(_PART.match(text, end))
        out.append(Money(text[start:end], start + offset, end + offset, value, low, high, currency, qualifier, per_unit, part))
    return out


def _range(written: str, value: float, qualifier: str) -> tuple[float, float | None]:
    """What the sum allows: its qualifier's range (checker.extraction.quantities.qualified_range: "more
    than" has no upper bound, "about" is a tenth either way), widened to its rounding ("5.4 billion":
    half a unit of the last digit given, either way) when the qualifier bounds it on both sides."""
    low, high = qualified_range(value, qualifier)
    if high is None or low == 0.0 or high == value != low:
        return low, high  # "more than", "up to", "nearly": one side as written
    step = _half_step(written, value)
    return min(low, value - step), max(high, value + step)


def _half_step(written: str, value: float) -> float:
    """Half the unit of the last digit written: "5.4 billion" -> 0.05 billion; "5,400,000" -> 50,000;
    "12 million" -> 0.5 million. A round figure ("$400 million") is rounded at its first digit, but
    never by more than a tenth of it (ROUND_FIGURE): "$10 million" is no "$14 million"."""
    digits = re.sub(r"[^\d.]", "", written.split()[0]) if written else ""
    if not digits:
        return 0.0
    number = float(digits)
    scale = value / number if number else 1.0
    if "." in digits:
        step = 10 ** -len(digits.split(".")[1])
    else:
        stripped = digits.rstrip("0")
        step = 10 ** (len(digits) - len(stripped)) if stripped else 1
    return min(step * scale / 2, value * ROUND_FIGURE) if "." not in digits else step * scale / 2
