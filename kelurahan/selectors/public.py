"""Reads for the public pages: only published sessions and articles, never reports.

Each function runs a fixed number of queries, whatever the amount of data.
Missing or unpublished objects raise Http404, so views stay one line long.
"""

import datetime
import re
from itertools import groupby

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kelurahan.models import (
    Article,
    Kelurahan,
    LiaisonAssignment,
    Office,
    OutreachSession,
    SessionMaterial,
    SessionPhoto,
)
from kelurahan.printing.poster import Poster
from kelurahan.public.cache import kept_by_content_version
from kelurahan.selectors.passport import upcoming_passport_days
from kelurahan.selectors.questions import faq_for_kelurahan
from kelurahan.selectors.search import search_tiers

HOME_UPCOMING = 5
HOME_ARTICLES = 3
HOME_BINAAN = 30
KELURAHAN_PAST_SESSIONS = 10
# The next sessions only; the calendar feed (jadwal.ics) has them all.
KELURAHAN_UPCOMING_SESSIONS = 10
KELURAHAN_PASSPORT_DAYS = 3
SEARCH_MAX_LENGTH = 100
SHORT_CODE = re.compile(r"^([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{4})$")


def _public_sessions():
    return (
        OutreachSession.objects.published().select_related("kelurahan").prefetch_related("topics")
    )


def home_page() -> dict:
    """The programme's totals, the next sessions, the binaan kelurahan and the latest articles.

    Nothing here grows with the data: the totals (over every binaan place and every session)
    and the next sessions are worked out once per public content version and kept in the
    cache (kelurahan/public/cache.py), the rest are short lists read by index.
    """
    binaan = Kelurahan.objects.binaan()
    # Nationally there are thousands: the home page names the first few, the directory all.
    first_binaan = list(binaan.order_by("binaan_since", "name")[:HOME_BINAAN])
    latest_articles = (
        Article.objects.published()
        .select_related("topic")
        .order_by("-published_at", "title")[:HOME_ARTICLES]
    )
    return {
        "binaan_kelurahan": first_binaan,
        "totals": kept_by_content_version("home-totals", _home_totals),
        # "Upcoming" moves with the clock too: kept a minute at most.
        "upcoming": kept_by_content_version("home-upcoming", _home_upcoming, timeout=60),
        "latest_articles": list(latest_articles),
        "office": contact_office(),
    }


def _home_totals() -> dict:
    return {
        "binaan": Kelurahan.objects.binaan().count(),
        **OutreachSession.objects.published().totals(),
    }


def _home_upcoming() -> list:
    return list(_public_sessions().upcoming()[:HOME_UPCOMING])


def directory(query: str = "") -> dict:
    """All kelurahan grouped by kecamatan, or those the directory search finds for the query."""
    # NUL can be typed in a URL (%00) but not sent to PostgreSQL, which refuses it (a 500).
    query = (query or "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]
    found = _directory_matches(query)
    groups = [
        {"kecamatan": kecamatan, "kelurahan": list(members)}
        for kecamatan, members in groupby(found, key=lambda kelurahan: kelurahan.kecamatan)
    ]
    return {"query": query, "groups": groups, "count": len(found)}


def _directory_matches(query: str) -> list[Kelurahan]:
    """Every kelurahan; for a query, the first tier of the one search (kelurahan/selectors/search)
    that finds anything, by kecamatan and within each by rank. A kecamatan's name lists all of
    its kelurahan."""
    if not query:
        everything = Kelurahan.objects.select_related("kecamatan")
        return list(everything.order_by("kecamatan__kode", "name"))
    for tier in search_tiers(query, with_kecamatan=True):
        ranked = tier.select_related("kecamatan").order_by("kecamatan__kode", "rank", "name")
        found = list(ranked)
        if found:
            return found
    return []


def kelurahan_page(slug: str) -> dict:
    """A kelurahan's status, liaison officers, sessions and totals."""
    kelurahan = get_object_or_404(
        Kelurahan.objects.select_related("kecamatan__kota__provinsi", "office"), slug=slug
    )
    liaisons = (
        LiaisonAssignment.objects.current()
        .filter(kelurahan=kelurahan, officer__is_active=True)
        .select_related("officer")
        .order_by("start_date", "officer__name")
    )
    # Cancelled future sessions stay listed so residents who saw a poster learn of it.
    upcoming = (
        _public_sessions()
        .for_kelurahan(kelurahan)
        .filter(
            status__in=[OutreachSession.Status.PLANNED, OutreachSession.Status.CANCELLED],
            ends_at__gte=timezone.now(),
        )
        .order_by("starts_at")[:KELURAHAN_UPCOMING_SESSIONS]
    )
    past = _public_sessions().for_kelurahan(kelurahan).held()[:KELURAHAN_PAST_SESSIONS]
    return {
        "kelurahan": kelurahan,
        "office": kelurahan.office,
        "liaisons": [assignment.officer for assignment in liaisons],
        "upcoming": list(upcoming),
        "past": list(past),
        "totals": OutreachSession.objects.published().for_kelurahan(kelurahan).totals(),
        "resident_questions": faq_for_kelurahan(kelurahan),
        "passport_days": upcoming_passport_days(kelurahan, KELURAHAN_PASSPORT_DAYS),
    }


def kelurahan_by_short_code(code: str) -> Kelurahan:
    """The kelurahan whose kode wilayah, written without dots, is code."""
    match = SHORT_CODE.match(code or "")
    if not match:
        raise Http404("Not a kode wilayah.")
    return get_object_or_404(Kelurahan.objects.only("slug"), kode=".".join(match.groups()))


def session_page(pk: int) -> dict:
    """A published session with its topics, speakers, partners, photos and materials."""
    session = get_object_or_404(
        OutreachSession.objects.published()
        .select_related("kelurahan__kecamatan")
        .prefetch_related(
            "topics",
            "partners",
            "speakers",
            Prefetch("photos", queryset=SessionPhoto.objects.order_by("uploaded_at", "pk")),
            Prefetch("materials", queryset=SessionMaterial.objects.order_by("uploaded_at", "pk")),
        ),
        pk=pk,
    )
    return {"session": session, "kelurahan": session.kelurahan}


def articles_by_topic() -> dict:
    """Published articles grouped by topic, in the topics' own order."""
    articles = (
        Article.objects.published()
        .select_related("topic")
        .order_by("topic__order", "topic__name", "topic_id", "title")
    )
    groups = [
        {"topic": topic, "articles": list(members)}
        for topic, members in groupby(articles, key=lambda article: article.topic)
    ]
    return {"groups": groups}


def article_page(slug: str) -> dict:
    """A published article and the other published articles on its topic."""
    article = get_object_or_404(Article.objects.published().select_related("topic"), slug=slug)
    related = (
        Article.objects.published()
        .filter(topic_id=article.topic_id)
        .exclude(pk=article.pk)
        .order_by("title")
    )
    return {"article": article, "related": list(related)}


def article_print_page(slug: str) -> dict:
    """A published article, for its one-page printable version."""
    article = get_object_or_404(Article.objects.published().select_related("topic"), slug=slug)
    return {"article": article}


# Change when the statement is reviewed: the page shows this date.
ACCESSIBILITY_STATEMENT_PREPARED = datetime.date(2026, 11, 28)


def contact_office() -> Office | None:
    """The office residents contact about the programme, the site and tips (TIP_DEFAULT_OFFICE)."""
    return Office.objects.filter(slug=settings.TIP_DEFAULT_OFFICE).first()


def accessibility_page() -> dict:
    """The default office, whom residents contact about the site, and the statement's date."""
    return {
        "office": contact_office(),
        "prepared_on": ACCESSIBILITY_STATEMENT_PREPARED,
    }


def poster_content(slug: str, short_url_for) -> Poster:
    """What the poster shows, in three queries: kelurahan, liaison officers, next session."""
    kelurahan = get_object_or_404(
        Kelurahan.objects.select_related("kecamatan__kota", "office"), slug=slug
    )
    assignments = (
        LiaisonAssignment.objects.current()
        .filter(kelurahan=kelurahan, officer__is_active=True)
        .select_related("officer")
        .order_by("start_date", "officer__name")
    )
    next_session = (
        OutreachSession.objects.published()
        .for_kelurahan(kelurahan)
        .filter(status=OutreachSession.Status.PLANNED, ends_at__gte=timezone.now())
        .order_by("starts_at")
        .first()
    )
    return Poster(
        kelurahan=kelurahan,
        office=kelurahan.office,
        short_url=short_url_for(kelurahan),
        liaisons=[assignment.officer for assignment in assignments],
        next_session=next_session,
    )
