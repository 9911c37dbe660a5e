"""Finding the plan's columns by their headers, as the office may have renamed them.

A header is matched exactly (spacing and case aside); failing that, as a recognisable variant of
one column: the column's words, stemmed, are all in the header, and the header's other words are
only noise — a date format (``gg/mm/aaaa``), a year, a unit in parentheses, a preposition. So
``Valore atteso 2025``, ``Peso (%)``, ``Data fine prevista`` and ``Note:`` are read as
``Valore Atteso``, ``Peso``, ``Fine Prevista`` and ``Note``, while ``Nome fase`` is not ``FASE``
and ``Codice obiettivo padre`` is not ``Codice obiettivo``. ``Valore Raggiunto 2024`` (and
``Valore raggiunto anno 2024``) is a prior year's column.

This is pegxl's one header matcher: :func:`header_key` is the one way two headers are compared
(the plan workbook, a sector's return, the Nucleo's overrides, a master read for the prefill),
and :func:`columns_of` finds a sheet's columns by their headers for every reader that wants
them exactly; :func:`match_headers` adds the plan's variants.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["HeaderMatch", "columns_of", "header_columns", "header_key", "match_headers"]


class _Column(Protocol):
    """What matching needs of a plan column: its key and its header."""

    @property
    def key(self) -> str:
        """The column's key in the model."""

    @property
    def header(self) -> str:
        """The column's header in the plan workbook."""


def header_key(text: object) -> str:
    """A header as compared exactly: spaces (and underscores, as a CSV names its columns)
    collapsed, case folded, accents dropped — ``Attività``, ``ATTIVITA`` and ``attività `` are
    one header."""
    t = str(text if text is not None else "")
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t)
        t = "".join(ch for ch in t if not unicodedata.combining(ch))
    return " ".join(t.replace("_", " ").split()).casefold()


def header_columns(cells: Iterable[tuple[int, object]]) -> dict[str, int]:
    """The column of each header of a header row (column number, cell value; empty cells left
    out), by :func:`header_key`; of two alike, the later."""
    return {header_key(v): col for col, v in cells if v is not None and str(v).strip()}


def columns_of(cells: Iterable[tuple[int, object]], names: Mapping[str, str]) -> dict[str, int]:
    """The column of each key whose header (``names``: header text → key, in any language)
    is in the header row ``cells``, compared by :func:`header_key`."""
    keys = {header_key(h): k for h, k in names.items()}
    return {keys[h]: col for h, col in header_columns(cells).items() if h in keys}


_PARENTHESES = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[0-9a-z]+")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")


def _stem(word: str) -> str:
    """An Italian word without its final vowel: *previsto* and *prevista*, *nota* and *note*
    compare equal."""
    return word[:-1] if len(word) > 3 and word[-1] in "aeio" else word


#: words a header may carry beside the words of a plan column and still be that column: a date
#: format, a year, a preposition
_NOISE = frozenset(
    _stem(w)
    for w in ("data", "gg", "mm", "aaaa", "aa", "dd", "yyyy", "anno", "in", "di", "del", "n", "nr")
)


def _words(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stemmed words of a header (without what it holds in parentheses, accents, case or
    punctuation) and the years among them."""
    t = unicodedata.normalize("NFKD", _PARENTHESES.sub(" ", text))
    t = "".join(ch for ch in t if not unicodedata.combining(ch)).casefold()
    words = _WORD.findall(t)
    years = frozenset(w for w in words if _YEAR.fullmatch(w))
    return frozenset(_stem(w) for w in words if w not in years), years


_PRIOR_EXACT = re.compile(r"valore raggiunto ((?:19|20)[0-9]{2})")
_PRIOR_WORDS = frozenset({"valor", "raggiunt"})


def prior_year(text: str, exact: bool) -> int | None:
    """The year of a ``Valore Raggiunto 2024`` header (``exact``), or of a variant of it
    (``Valore raggiunto anno 2024``)."""
    if exact:
        m = _PRIOR_EXACT.fullmatch(header_key(text))
        return int(m.group(1)) if m else None
    words, years = _words(text)
    if len(years) == 1 and words >= _PRIOR_WORDS and words - _PRIOR_WORDS <= _NOISE:
        return int(next(iter(years)))
    return None


def variant(text: str, cols: Iterable[_Column]) -> _Column | None:
    """The one column whose header's words ``text`` holds, beside only noise words and years;
    ``None`` when none or several do."""
    words, _ = _words(text)
    best: list[_Column] = []
    size = 0
    for col in cols:
        need, _ = _words(col.header)
        if not need or not need <= words or not words - need <= _NOISE:
            continue
        if len(need) > size:
            best, size = [col], len(need)
        elif len(need) == size:
            best.append(col)
    return best[0] if len(best) == 1 else None


@dataclass
class HeaderMatch:
    """What the header row of a plan sheet says: the column of each key (``prior.2024`` for a
    prior year), each key's header position, the variants read (position, header text, the
    header it was read as), the headers given twice (position → key) and the unknown ones
    (position → header text), and the prior years found."""

    columns: dict[str, int] = field(default_factory=dict)
    variants: list[tuple[int, str, str]] = field(default_factory=list)
    duplicates: dict[int, str] = field(default_factory=dict)
    unknown: dict[int, str] = field(default_factory=dict)
    years: list[int] = field(default_factory=list)

    def take(self, key: str, col: int) -> bool:
        """Give ``key`` the column ``col``; False (a duplicate) when it has one already."""
        if key in self.columns:
            self.duplicates[col] = key
            return False
        self.columns[key] = col
        return True


def match_headers(
    headers: Sequence[tuple[int, str]], cols: Sequence[_Column], prior: bool = False
) -> HeaderMatch:
    """Match the headers of a sheet (column number, text) to the plan's columns: exact ones
    first, then variants among the columns still unmatched; ``prior`` reads prior-year
    columns too (the Indicatori sheet)."""
    match = HeaderMatch()
    exact = {header_key(c.header): c for c in cols}
    pending: list[tuple[int, str]] = []
    for col, text in headers:
        found = exact.get(header_key(text))
        year = prior_year(text, exact=True) if prior and found is None else None
        if found is not None:
            match.take(found.key, col)
        elif year is not None:
            if match.take(f"prior.{year}", col):
                match.years.append(year)
        else:
            pending.append((col, text))
    for col, text in pending:
        year = prior_year(text, exact=False) if prior else None
        if year is not None:
            key, expected = f"prior.{year}", f"Valore Raggiunto {year}"
        else:
            unmatched = [c for c in cols if c.key not in match.columns]
            found = variant(text, unmatched) or variant(text, cols)
            if found is None:
                match.unknown[col] = text
                continue
            key, expected = found.key, found.header
        if match.take(key, col):
            match.variants.append((col, text, expected))
            if year is not None:
                match.years.append(year)
    return match
