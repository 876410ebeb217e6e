"""Alignment: which statements in different articles are about the same fact of the same event.

Each source's claims grouped into events (events), events compared slot by slot (compare: places with
containment, dates and weekdays, participants, topics, quantities), blocked, judged same / likely /
uncertain / different, and clustered (align).

May import: checker.model, checker.config, checker.reading, checker.extraction."""
