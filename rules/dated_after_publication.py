"""An article dates a happening it tells as past on a day after the article's own publication.

What it flags:
    An exact date written with its day ("on May 5", "Nov. 8, 2025") that a verb in the past tense
    governs, told as fact, two days or more after the date the page was published: "the Associated
    Press reported, quoting her lawyer as saying on May 5 that ..." on a page of May 2.

Why it matters:
    A report cannot tell what had not happened when it was published. The day or the month is
    mistyped, or the page's own date is wrong; either way the reader cannot trust the day it gives,
    and a fact-checker should check it against the other reports.

Example:
    Page of 2025-03-04: "The court suspended the permit on March 9."  (flagged)
    Not flagged: "will be sentenced May 7", "is set for Nov. 8", "when he's sentenced May 7",
    "the hearing was postponed until March 9", "was adjourned to March 9" (dates the story looks
    ahead to); a date one day after the page's (time zones, a page dated before its last update);
    weekdays and "yesterday" (read against the page's date, never after it); pages with no date; a
    date written without its year that falls earlier in the page's year ("killed 12 people on Jan. 14"
    on a page of September) or more than two months after the page in its year, so likelier in the year
    before ("Nov. 1" on a page of Jan. 10).
"""

import re
from datetime import date

from checker.rulekit import Hit, is_past_verb, printed_date_basis, side, with_basis

ID = "CC116"
NAME = "dated-after-publication"
KIND = "date"
SEVERITY = "medium"
CONFIDENCE = 0.7  # the page's date may be its first version's, and the text updated days later
GRACE_DAYS = 1  # a day later is a time zone or a late edit, not a contradiction
# A date written without its year is read in the page's own year (news gives the year only when it is
# another); one that falls more than this many days after the page in that year is likelier last year's
# ("Nov. 1" or "Dec. 30" on a page of January) than a mistyped day, and is not flagged.
YEARLESS_AHEAD_DAYS = 62
_YEAR_WRITTEN = re.compile(r"\b(?:1[89]|20)\d\d\b|['’]\d\d\b")
# Words right before the date that make it a day the story looks ahead to, whatever the verb's tense:
# "postponed until May 9", "adjourned to March 9", "set for Nov. 8", "extended through June 2"
_AHEAD_BEFORE = re.compile(
    r"\b(?:until|till|through|thru|by|before|ahead\s+of|for|to|from|starting|beginning|due|next|when|if|"
    r"unless|after|no\s+later\s+than)\s+(?:(?:on|the|of|about|around)\s+){0,2}$", re.IGNORECASE)
# Words right before the verb that make it no past tense: "when he's sentenced", "is scheduled",
# "to be sentenced", "will have ended"
_NOT_PAST_BEFORE = re.compile(
    r"(?:\b(?:is|are|am|be|being|will|would|shall|should|may|might|must|can|could|to|when|if|unless|once|"
    r"until|get|gets)|['’](?:s|re|ll))\s+(?:(?:not|also|then|still|likely|formally)\s+)?$", re.IGNORECASE)


def _page_date(ctx, source_id: str) -> date | None:
    published = ctx.sources[source_id].metadata.published
    if not published:
        return None
    return published if isinstance(published, date) else date.fromisoformat(str(published)[:10])


def _told_as_past(claim) -> bool:
    """A verb in the past tense governs the date, with nothing before the verb or the date that
    points ahead; the value is told as fact, and not as a day something is set for."""
    n = claim.normalized
    if claim.modality != "asserted" or claim.polarity != "positive" or n.get("anchor") == "scheduled":
        return False
    verb = n.get("verb") or ""
    if not is_past_verb(verb):
        return False
    at = claim.start - claim.sentence_start
    if _AHEAD_BEFORE.search(claim.sentence[:at]):
        return False
    verb_at = claim.sentence.rfind(verb, 0, at)
    if verb_at < 0:
        verb_at = claim.sentence.find(verb, at)
    return verb_at >= 0 and not _NOT_PAST_BEFORE.search(claim.sentence[:verb_at])


def _as_written(claim, day: date, page: date) -> date | None:
    """The day a past happening's date means when its year is not written: in the page's year; None
    when that falls more than YEARLESS_AHEAD_DAYS after the page (last year's, most likely). The year
    the time reader inferred is the one nearest the page, which for "killed 12 people on Jan. 14" on a
    page of Sept. 17 is next January's."""
    if _YEAR_WRITTEN.search(claim.value):
        return day
    try:
        this_year = day.replace(year=page.year)
    except ValueError:  # Feb. 29
        return None
    return None if (this_year - page).days > YEARLESS_AHEAD_DAYS else this_year


def check(ctx):
    claims = [c for c in ctx.claims_of_kind("time")
              if c.normalized.get("kind") == "date" and c.normalized.get("date") and c.normalized.get("day")
              and any(ch.isdigit() for ch in c.value)]  # the day is written: not a weekday read against the page
    basis = printed_date_basis(ctx, claims)
    for claim in sorted(claims, key=lambda c: c.id):
        page = _page_date(ctx, claim.source_id)
        if page is None or not _told_as_past(claim):
            continue
        day = _as_written(claim, date.fromisoformat(claim.normalized["date"]), page)
        if day is None:
            continue
        ahead = (day - page).days
        if ahead <= GRACE_DAYS:
            continue
        stated = side(f"{claim.value} ({day.isoformat()})", {"date": day.isoformat()}, [claim])
        published = with_basis(side(f"published {page.isoformat()}", {"published": page.isoformat()}, [claim]), basis)
        yield Hit(
            f"{claim.source_id} dates a past happening {day.isoformat()}, {ahead} days after it was published ({page.isoformat()})",
            f'"{claim.value}" is told as past ("{claim.normalized.get("verb")}"), yet falls {ahead} days after the page\'s '
            f"own date, {page.isoformat()}. The day or month is likely mistyped, or the page's date is wrong.",
            (stated, published),
            CONFIDENCE,
            "same",
            events=(claim.event_id,) if claim.event_id else (),
        )
