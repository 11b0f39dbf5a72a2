"""Sessions that took place at a given time with a given attendance, verified: public figures."""

import datetime
import zoneinfo

from kelurahan import services
from tests.support import factories

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(year, month, day, hour=10, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=JAKARTA)


def held(kelurahan, starts_at, *, men, women, published=True, topics=None, speaker=None):
    """A session that took place at starts_at with the given attendance."""
    planned = factories.session(
        kelurahan,
        published=published,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
    )
    if topics or speaker:
        services.session_update(
            session=planned,
            by=None,
            topics=[factories.topic(slug) for slug in topics or ["tppo"]],
            speakers=[speaker] if speaker else None,
        )
    session = services.session_mark_held(
        session=planned,
        by=None,
        attendance_men=men,
        attendance_women=women,
        summary="Warga bertanya tentang kerja di luar negeri.",
    )
    return services.session_verify_results(session=session, by=None)
