"""Dates from front matter and file names, normalised to timezone-aware datetimes."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from functools import lru_cache

_ISO_LIKE = re.compile(
    r"""^\s*(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})
    (?:[T\s]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?)?
    (?:\s+(?P<repeated_year>\d{4}))?   # Ruby's Time#to_s leftovers: "18:30:22 2023 -0800"
    \s*(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?\s*$""",
    re.VERBOSE | re.IGNORECASE,
)

_FILE_NAME_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})-(.+)$")
# Zola: a YYYY-MM-DD prefix followed by "_" or "-" (of a file or a bundle's folder).
_ZOLA_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[_-](.+)$")
# A date inside a URL-like value: 2014/12/12/slug, /blog/2020-01-31-slug.
_URL_DATE = re.compile(r"(?<!\d)(\d{4})([/-])(\d{2})\2(\d{2})(?!\d)")

_DEFAULT_FOR_MISSING_PARTS = datetime(2000, 1, 1)
_OTHER_DEFAULT = datetime(2001, 1, 1)
MAX_DATE_LENGTH = 64


class InvalidDateError(ValueError):
    """A value that was meant to be a date but is not one."""


@lru_cache(maxsize=256)  # posts repeat their offsets; timezones are immutable
def _zone(text: str | None) -> timezone:
    if text is None or text.upper() in {"Z", "UTC", "GMT"}:
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _from_iso_like(match: re.Match[str]) -> datetime:
    parts = match.groupdict()
    if parts["repeated_year"] and parts["repeated_year"] != parts["year"]:
        raise InvalidDateError(match.string.strip())
    fraction = (parts["fraction"] or "0")[:6].ljust(6, "0")
    try:
        return datetime(
            int(parts["year"]),
            int(parts["month"]),
            int(parts["day"]),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            int(fraction),
            tzinfo=_zone(parts["zone"]),
        )
    except ValueError as error:
        raise InvalidDateError(f"{match.string.strip()} ({error})") from error


def parse_date(value: object) -> datetime:
    """Turn a front-matter date value into an aware datetime.

    Accepts ``date`` and ``datetime`` objects (YAML and TOML give both) and strings in
    the shapes blogs use: ISO 8601, ``2025-11-08 16:36:57 +0000``, unpadded
    ``2019-1-7``, and free forms such as ``July 4, 2020``. Naive values are taken as UTC.
    Raises ``InvalidDateError`` for anything else.
    """
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(), tzinfo=UTC)
    if isinstance(value, time) or not isinstance(value, str | int):
        raise InvalidDateError(repr(value)[:80])
    text = str(value).strip()
    # Checked before matching: the pattern backtracks on long runs of spaces.
    if not text or text.isdigit() or len(text) > MAX_DATE_LENGTH:
        raise InvalidDateError(text[:80])
    match = _ISO_LIKE.match(text)
    if match:
        return _from_iso_like(match)
    # Imported here: free-form dates are rare, and the import would slow every start.
    from dateutil import parser as dateutil_parser

    try:
        parsed = dateutil_parser.parse(text, default=_DEFAULT_FOR_MISSING_PARTS)
        # A second default shows whether the text gave a year at all ("12:30" does not).
        other = dateutil_parser.parse(text, default=_OTHER_DEFAULT)
    except (ValueError, OverflowError) as error:
        raise InvalidDateError(text) from error
    if parsed.year != other.year:
        raise InvalidDateError(f"{text} (no year)")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def split_file_name_date(stem: str, zola: bool = False) -> tuple[datetime | None, str]:
    """Split a Jekyll file name stem ``YYYY-M-D-slug`` into its date and slug.

    With ``zola``, Zola's rule instead: ``YYYY-MM-DD-slug`` or ``YYYY-MM-DD_slug``.
    Returns ``(None, stem)`` when the stem carries no valid date.
    """
    match = (_ZOLA_NAME_DATE if zola else _FILE_NAME_DATE).match(stem)
    if not match:
        return None, stem
    year, month, day, slug = match.groups()
    found = _day(year, month, day)
    return (found, slug) if found else (None, stem)


def _day(year: str, month: str, day: str) -> datetime | None:
    try:
        return datetime(int(year), int(month), int(day), tzinfo=UTC)
    except ValueError:
        return None


def date_in_url(text: str) -> datetime | None:
    """The first valid ``YYYY/MM/DD`` or ``YYYY-MM-DD`` date inside a path or URL, if any."""
    for match in _URL_DATE.finditer(text):
        found = _day(match[1], match[3], match[4])
        if found is not None:
            return found
    return None
