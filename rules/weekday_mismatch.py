"""An article states a weekday and a date that do not fall on the same day.

What it flags:
    "on Friday, June 28, 2026" when June 28, 2026 is a Sunday: the stated weekday and the calendar
    disagree inside one time expression.

Why it matters:
    One of the two is a typo or a rewrite error, and the reader cannot tell which day is meant.

Example:
    "The vote was held on Tuesday, May 5, 2026" (May 5, 2026 is a Tuesday: not flagged);
    "on Monday, May 5, 2026" is flagged.
"""

from datetime import date

from checker.rulekit import Hit, side

ID = "CC104"
NAME = "weekday-mismatch"
KIND = "date"
SEVERITY = "medium"
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def check(ctx):
    for claim in sorted(ctx.claims.values(), key=lambda c: c.id):
        n = claim.normalized if claim.kind == "time" else None
        if not n or not n.get("date") or not n.get("stated_weekday"):
            continue
        actual = WEEKDAYS[date.fromisoformat(n["date"]).weekday()]
        stated = n["stated_weekday"]
        if stated == actual:
            continue
        yield Hit(
            f"{claim.source_id} says {stated} for {n['date']}, which is a {actual}",
            f'"{claim.value}": {n["date"]} falls on a {actual}, not a {stated}. One of the two is wrong.',
            (side(stated, {"weekday": stated}, [claim]), side(f"{n['date']} ({actual})", {"date": n["date"], "weekday": actual}, [claim])),
            0.95,
            "same",
            events=(claim.event_id,) if claim.event_id else (),
        )
