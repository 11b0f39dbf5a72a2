"""One ranked search of desa/kelurahan by what people type: the one-city and national directory.

What residents type is rarely the official name: "kelurahan kebon kosong", "Kel. Gambir",
"kebonkosong", "kebon-kosong", "kosong kebon", a typo ("kebon kosng"), a postal code or its
first digits ("106"). The search therefore:

1. drops a leading "Kelurahan", "Kel.", "Desa" or "Ds." when more words follow;
2. finds names holding every word (split at spaces and punctuation, any order), or postal
   codes starting with the digits typed; else names holding the whole query once spaces and
   punctuation are ignored; names equal to the query come first, then names starting with it;
3. only when that finds nothing, allows one typo (a letter wrong, missing, extra or swapped)
   in each word of four letters or more (typed with spaces: "kebon kosng").

Everything is plain SQL (UPPER, REPLACE, LIKE), so SQLite and PostgreSQL give the same
answers; on PostgreSQL the trigram indexes of migration 0011 serve both name expressions.
"""

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Replace, Upper

from kelurahan.models import Kelurahan

SEARCH_MAX_LENGTH = 100
SHORT_QUERY = 3
NAME_PREFIXES = {"desa", "kelurahan", "kel", "ds"}
POSTAL_CODE_LENGTH = 5
POSTAL_PREFIX_LENGTH = 3  # "106": every kelurahan whose postal code starts so
TYPO_MIN_LETTERS = 4  # shorter words must be typed right: one typo in "gam" finds too much
# Typed differently from the official name often enough to be ignored by the search.
PUNCTUATION = (" ", "-", "'", "\u2019", ".", "/", "(", ")", ",")
WORD_SPLIT = re.compile("[" + re.escape("".join(PUNCTUATION)) + "]+")


def clean_query(text: str | None) -> str:
    """The query as searched: no control characters (NUL) or accents, single spaces, bounded."""
    decomposed = unicodedata.normalize("NFKD", (text or "")[: SEARCH_MAX_LENGTH * 4])
    kept = (
        ch
        for ch in decomposed
        if not unicodedata.combining(ch) and not unicodedata.category(ch).startswith("C")
    )
    return " ".join("".join(kept).split())[:SEARCH_MAX_LENGTH].strip()


def compact(text: str) -> str:
    """Upper case without spaces or punctuation: "Kebon-kosong" and "KEBONKOSONG" agree."""
    for mark in PUNCTUATION:
        text = text.replace(mark, "")
    return text.upper()


def compact_expression(field: str):
    """compact() in SQL. On PostgreSQL a trigram index on this expression serves it."""
    expression: Func = Upper(field)
    for mark in PUNCTUATION:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


def every_word(query: str, field: str = "name") -> Q:
    """Each word somewhere in the name, in any order: "kosong kebon" finds Kebon Kosong.

    One or two letters only match the start of the name: "a" is in most names of the country,
    and a trigram index cannot find a shorter piece inside a name.
    """
    if len(query) < SHORT_QUERY:
        return Q(**{f"{field}__istartswith": query})
    condition = Q()
    for word in query.split():
        condition &= Q(**{f"{field}__icontains": word})
    return condition


class Like(Func):
    """`name LIKE 'PATTERN'`, with _ as "any one letter" (Django's lookups escape it).

    The pattern is upper case. SQLite's LIKE ignores the case of ASCII letters by itself, and
    skipping UPPER() there halves the cost of reading every name; on PostgreSQL UPPER(name)
    is what the trigram index kelurahan_name_trgm is built on.
    """

    arg_joiner = " LIKE "
    template = "(%(expressions)s)"
    output_field = BooleanField()

    def as_postgresql(self, compiler, connection, **extra_context):
        column, pattern = self.get_source_expressions()
        upper = self.copy()
        upper.set_source_expressions([Upper(column), pattern])
        return upper.as_sql(compiler, connection, **extra_context)


@dataclass(frozen=True)
class Terms:
    """The query as the search reads it."""

    text: str  # without a leading "Kelurahan", "Kel.", "Desa" or "Ds."
    words: tuple[str, ...]  # split at spaces and punctuation
    prefixed: bool = False  # "Kel. Gambir" asks for the kelurahan, not the kecamatan Gambir

    @property
    def compact(self) -> str:
        return compact(self.text)

    @property
    def postal_prefix(self) -> str:
        length_ok = POSTAL_PREFIX_LENGTH <= len(self.text) <= POSTAL_CODE_LENGTH
        return self.text if self.text.isdigit() and length_ok else ""


def terms(query: str) -> Terms:
    first, _space, rest = query.partition(" ")
    prefixed = bool(rest) and first.lower().rstrip(".") in NAME_PREFIXES
    query = rest if prefixed else query
    words = tuple(word for word in WORD_SPLIT.split(query) if word)
    return Terms(text=query, words=words or (query,), prefixed=prefixed)


def _by_words(found: Terms, *, with_kecamatan: bool) -> Q:
    """Every word in the name (any order), or the postal code, or (one city) the kecamatan."""
    condition = every_word(" ".join(found.words))
    if len(found.compact) < SHORT_QUERY:
        condition = Q(name__istartswith=found.text)
    if found.postal_prefix:
        condition |= Q(postal_code__startswith=found.postal_prefix)
    if with_kecamatan and not found.prefixed:
        condition |= every_word(found.text, "kecamatan__name")
    return condition


def one_typo_patterns(word: str) -> list[str]:
    """LIKE patterns for the word with one letter wrong, missing, extra, or two swapped."""
    w = word.upper()
    patterns = {w[:i] + "_" + w[i + 1 :] for i in range(len(w))}  # wrong letter
    patterns |= {w[:i] + "_" + w[i:] for i in range(1, len(w))}  # a letter left out
    patterns |= {w[:i] + w[i + 1 :] for i in range(len(w))}  # a letter too many
    patterns |= {w[:i] + w[i + 1] + w[i] + w[i + 2 :] for i in range(len(w) - 1)}
    return sorted(f"%{pattern}%" for pattern in patterns)


def _near(found: Terms) -> Q | None:
    """Each word with at most one typo; None when no word is long enough to allow one.

    The longest word is tested first: it rules out the most names for the others to check.
    """
    condition, tolerant = Q(), False
    for word in sorted(found.words, key=len, reverse=True):
        if word.isascii() and word.isalpha() and len(word) >= TYPO_MIN_LETTERS:
            tolerant = True
            alternatives = Q()
            for pattern in one_typo_patterns(word):
                alternatives |= Q(Like(F("name"), Value(pattern)))
            condition &= alternatives
        else:
            condition &= Q(name__icontains=word)
    return condition if tolerant else None


def _ranked(queryset: QuerySet, found: Terms, *, near: bool = False) -> QuerySet:
    """Names equal to the query first, then names starting with it, then the others.

    Among near matches, names holding one of the words as typed come first: for "kebon kosng"
    Kebon Kosong comes before Kerongkong, which is one typo away from both words.
    """
    ranks = [
        When(name__iexact=found.text, then=Value(0)),
        When(name__istartswith=found.text, then=Value(1)),
    ]
    if near:
        some_word = Q()
        for word in found.words:
            some_word |= Q(name__icontains=word)
        ranks.append(When(some_word, then=Value(2)))
    rank = Case(*ranks, default=Value(3), output_field=IntegerField())
    return queryset.annotate(rank=rank).order_by("rank", "name", "kode")


def search_tiers(query: str, *, with_kecamatan: bool = False) -> Iterator[QuerySet]:
    """The matches in three tiers, each ranked: the caller uses the first one not empty.

    Every word in the name; else the whole query in the name with spaces and punctuation
    ignored ("kebonkosong"); else each word with one typo. Each later tier costs more (on
    SQLite it reads every name), so it runs only when the earlier ones found nothing.
    `with_kecamatan` (one city on one page) also lists every kelurahan of a kecamatan whose
    name matches; nationally the kecamatan are named apart, as a way into their own pages.
    """
    found = terms(query)
    places = Kelurahan.objects.all()
    yield _ranked(places.filter(_by_words(found, with_kecamatan=with_kecamatan)), found)
    if len(found.compact) >= SHORT_QUERY:
        spaced = places.annotate(compact_name=compact_expression("name"))
        yield _ranked(spaced.filter(compact_name__contains=found.compact), found)
    near = _near(found)
    if near is not None:
        yield _ranked(places.filter(near), found, near=True)
