"""Rate strings of the settings, read in one place: sep/settings.py checks them at start-up with
these functions, and the comment form's Retry-After is computed with them.

Two syntaxes, because two libraries count: comments use django-ratelimit's ("10/m", "10/5m":
ten per five minutes), the API uses DRF's ("60/minute"). Both libraries are lenient in ways
that hide mistakes (django-ratelimit reads "10/M" as ten per *second* and "10/mango" as ten
per minute; DRF fails only at the first request), so the patterns here are exact.
"""

import re

_SECONDS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
# django-ratelimit: a count, then an optional multiple of the unit, then the unit.
_COMMENT_RATE = re.compile(r"(\d+)/(\d*)([smhd])")
# DRF reads only the first letter of the unit; the words its documentation names, or a letter.
_API_RATE = re.compile(r"(\d+)/(s|second|m|minute|h|hour|d|day)")


def comment_rate(rate: str) -> tuple[int, int]:
    """(requests, window in seconds) of a django-ratelimit rate; ValueError if it is not one."""
    match = _COMMENT_RATE.fullmatch(rate)
    if match is None:
        raise ValueError(f'{rate!r} is not "<count>/<unit>" with unit s, m, h or d (e.g. 10/m)')
    count, multiple, unit = match.groups()
    return _positive(rate, int(count), _SECONDS[unit] * int(multiple or 1))


def api_rate(rate: str) -> tuple[int, int]:
    """(requests, window in seconds) of a DRF throttle rate; ValueError if it is not one."""
    match = _API_RATE.fullmatch(rate)
    if match is None:
        raise ValueError(
            f'{rate!r} is not "<count>/<unit>" with unit second, minute, hour or day '
            "(e.g. 60/minute)"
        )
    count, unit = match.groups()
    return _positive(rate, int(count), _SECONDS[unit[0]])


def _positive(rate: str, count: int, seconds: int) -> tuple[int, int]:
    # A zero count refuses everyone and a zero window divides by zero in the limiter: neither is
    # a limit anyone means to configure.
    if count < 1 or seconds < 1:
        raise ValueError(f"{rate!r} must allow one request or more in a window of 1 s or more")
    return count, seconds
