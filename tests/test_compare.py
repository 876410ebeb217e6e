"""compatible_across_midnight (checker.alignment.compare): two days a midnight apart that one night can span."""
import datetime as dt

import pytest

from checker.alignment.compare import compatible_across_midnight
from checker.extraction.claims import _time_normalized
from checker.extraction.timeexpr import find_time_expressions
from checker.model import Claim

MONDAY = dt.date(2026, 6, 8)


def time_claim(sentence, published=MONDAY):
    te = find_time_expressions(sentence, published=published)[0]
    return Claim("x", "s", "time", te.text, _time_normalized(te), sentence, 0, te.start, te.end, 0, len(sentence))


@pytest.mark.parametrize("a,b,meet", [
    ("The fire broke out on Thursday night.", "The fire broke out early Friday.", True),
    ("The fire broke out late Saturday.", "The fire broke out early Sunday.", True),
    ("The fire broke out Friday night.", "The fire broke out Saturday morning.", True),
    ("She checked in at 11:30 p.m. Thursday.", "She checked in Friday.", True),
    ("She checked in on Thursday night.", "Early Friday morning, around 1:30 a.m., she checked in.", True),
    ("The quake struck on the night of June 4.", "The quake struck shortly after midnight on June 5.", True),
    ("The fire broke out Friday evening.", "The fire broke out Saturday morning.", False),  # evening ends before midnight
    ("The fire broke out on Thursday.", "The fire broke out on Friday.", False),
    ("The fire broke out on Thursday.", "The fire broke out early Saturday.", False),  # two days
    ("The fire broke out Thursday afternoon.", "The fire broke out early Friday.", False),
    ("She checked in at 3 p.m. Thursday.", "She checked in Friday.", False),
    ("The quake struck as early as Friday.", "The quake struck on Thursday.", False),
])
def test_days_that_meet_at_midnight(a, b, meet):
    assert compatible_across_midnight(time_claim(a), time_claim(b)) is meet
    assert compatible_across_midnight(time_claim(b), time_claim(a)) is meet
