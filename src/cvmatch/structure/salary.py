"""Salaries stated in text: one parser for the whole library.

:func:`find_salary` reads a salary ("$82,800 – $92,000 a year", "£25k-£30k per annum",
"€18.50/hour", "82,800 – 92,000") into a :class:`~cvmatch.models.StatedSalary`: both
ends, the currency and the pay period, the words quoted with their offsets. A number
counts as pay when a currency, a pay period, a "k" range or a range of grouped thousands
says so. The symbols and words are ``[headings.salary]`` in the taxonomy; the postings
analysis (:mod:`cvmatch.analytics.salary`) and the match results both use this parser.
"""

from __future__ import annotations

import re
from typing import Any

from cvmatch.models import Document, StatedSalary
from cvmatch.taxonomy import Taxonomy, resolve_taxonomy
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.layout import SalaryWords

__all__ = ["find_salary", "posting_salary", "salary_lines", "salary_range", "stated_text"]

#: An amount: "82,800", "82 800", "18.50", "25" (then "k" from the taxonomy).
_NUMBER = r"\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_DASH = r"-|–|—|‑"


def _words(words: tuple[str, ...]) -> str:
    """An alternation of ``words``, longest first, each whole where it ends in a letter."""
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) + (r"(?![a-z])" if w[-1:].isalpha() else "") for w in ordered)


def _pattern(words: SalaryWords) -> re.Pattern[str]:
    """The salary pattern of one taxonomy's words (see the module docstring)."""
    currency = _words(tuple(words.currency_of)) or "(?!)"
    thousands = _words(words.thousands) or "(?!)"
    period = _words(tuple(words.period_of)) or "(?!)"
    lead = _words(words.period_leads) or "(?!)"
    joiner = "|".join([_DASH, *(re.escape(w) for w in words.range_words)])

    def amount(n: int) -> str:
        return (
            rf"(?P<c{n}>{currency})?\s?(?P<n{n}>{_NUMBER})\s?(?P<k{n}>{thousands})?"
            rf"(?:\s?(?P<d{n}>{currency}))?"
        )

    return re.compile(
        rf"(?<![\w.,]){amount(1)}(?:\s*(?:{joiner})\s*{amount(2)})?"
        rf"(?:\s*(?:(?:{lead})\s*)?(?P<period>{period}))?(?![\w])",
        re.IGNORECASE,
    )


def _amount(match: re.Match[str], n: int) -> float | None:
    text = match.group(f"n{n}")
    if text is None:
        return None
    value = float(re.sub(r"[,\u202f\u00a0 ]", "", text))
    return value * 1000 if match.group(f"k{n}") else value


def _reading(
    match: re.Match[str], words: SalaryWords
) -> tuple[float, float, str | None, str | None]:
    """Both ends, currency and period of one match ("25-30k": the "k" applies to both)."""
    low, high = _amount(match, 1), _amount(match, 2)
    if high is not None and match.group("k2") and not match.group("k1") and low < 1000:
        low *= 1000  # type: ignore[operator]
    high = low if high is None else high
    symbols = [match.group(g) for g in ("c1", "d1", "c2", "d2") if match.group(g)]
    currency = words.currency_of.get(symbols[0].lower()) if symbols else words.default_currency
    period = match.group("period")
    return low, high, currency, words.period_of.get(period.lower()) if period else None  # type: ignore[return-value]


def _is_salary(match: re.Match[str], low: float, high: float, currency: str | None) -> bool:
    """A currency, a period, or a range of grouped thousands says it is pay, not a count."""
    if low <= 0 or high < low:
        return False
    grouped = match.group("n2") is not None and all(
        re.search(r"\d[,\u202f\u00a0 ]\d{3}", match.group(g)) for g in ("n1", "n2")
    )
    thousands = bool(match.group("k1") and match.group("k2"))
    return bool(currency or match.group("period") or grouped or thousands)


def find_salary(
    text: str, *, source: str = "<text>", taxonomy: Taxonomy | None = None
) -> StatedSalary | None:
    """The first salary stated in ``text``, or ``None``; ``source`` is where it is stated."""
    words = (taxonomy or resolve_taxonomy(None)).headings.salary
    for match in compiled(words, _pattern).finditer(text):
        low, high, currency, period = _reading(match, words)
        if _is_salary(match, low, high, currency):
            return StatedSalary(
                min_amount=low,
                max_amount=high,
                currency=currency,
                period=period,
                source=source,
                text=match.group(0).strip(),
                start=match.start(),
                end=match.end(),
            )
    return None


def posting_salary(
    document: Document | None, taxonomy: Taxonomy | None = None
) -> StatedSalary | None:
    """The salary a posting :class:`~cvmatch.models.Document` states, the posting its
    source; ``None`` for a resume, a posting that states none, or no document."""
    if document is None or document.kind != "posting":
        return None
    return find_salary(document.text, source=document.source, taxonomy=taxonomy)


def salary_range(text: str, taxonomy: Taxonomy | None = None) -> tuple[float, float] | None:
    """Both ends of the first range or amount in ``text``, a bare number counting too
    (for a column that holds only pay, such as ``"25k-30k"``)."""
    words = (taxonomy or resolve_taxonomy(None)).headings.salary
    match = compiled(words, _pattern).search(text)
    if match is None:
        return None
    low, high, _, _ = _reading(match, words)
    return low, high


def stated_text(salary: StatedSalary, taxonomy: Taxonomy | None = None) -> str:
    """A stated salary in words: "GBP 24,000–27,500 per year (stated in posting.txt)"."""
    low, high = (f"{v:,.2f}".removesuffix(".00") for v in (salary.min_amount, salary.max_amount))
    amount = low if low == high else f"{low}–{high}"
    currency = f"{salary.currency} " if salary.currency else ""
    period = f" per {salary.period}" if salary.period else ""
    return f"{currency}{amount}{period} (stated in {salary.source})"


def salary_lines(result: Any) -> list[str]:
    """The salary lines of a score result: the posting's own salary, then the guide's
    range for the best role, labelled with its region and source. The guide's range is
    left out for a posting that states its salary in another currency."""
    lines = []
    own = getattr(result, "salary", None)
    if own is not None:
        lines.append(f"salary stated in the posting: {stated_text(own)}")
    best = result.roles[0] if getattr(result, "roles", None) else None
    guide = best.salary if best is not None else None
    if guide is None:
        return lines if own is not None or best is None else ["salary: no range in the guide"]
    if own is not None and own.currency and own.currency != guide.currency:
        return lines
    where = f"{guide.region} " if guide.region else ""
    lines.append(
        f"{where}range for {best.title.lower()}: {guide.currency} {guide.low:,}–{guide.high:,} "
        f"per {guide.period} ({guide.source})"
    )
    return lines
