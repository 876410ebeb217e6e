"""Tests for checker.reading.clean: furniture, titles, headings, body and datelines.

The seeds check the heuristics on real scraped pages; the synthetic pages (a flood report, a sports
report, snippets) check that the same rules work for other outlets and domains.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import Metadata, Source
from checker.reading.clean import FURNITURE_REASONS, clean, explain
from checker.reading.load import load_corpus

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_CORPUS = {s.id[:3]: s for s in load_corpus([SEEDS]).sources}


def seed(prefix: str):
    return clean(_CORPUS[prefix])


def page(text: str, **meta) -> Source:
    return Source(id="t", path="t.txt", text=text, metadata=Metadata(**meta))


def labels(cleaned, line: str) -> list[tuple[str, str]]:
    """(kind, reason) of every segment whose text is exactly `line`."""
    text = cleaned.source.text
    found = [(s.kind, s.reason) for s in cleaned.segments if text[s.start:s.end] == line]
    assert found, f"no segment is exactly {line!r}"
    return found


def kind_of(cleaned, line: str) -> str:
    kinds = {k for k, _ in labels(cleaned, line)}
    assert len(kinds) == 1, kinds
    return kinds.pop()


def reason_of(cleaned, line: str) -> str:
    reasons = {r for _, r in labels(cleaned, line)}
    assert len(reasons) == 1, reasons
    return reasons.pop()


def segment_starting(cleaned, prefix: str):
    text = cleaned.source.text
    hits = [s for s in cleaned.segments if text[s.start:s.end].startswith(prefix)]
    assert len(hits) == 1, f"{len(hits)} segments start with {prefix!r}"
    return hits[0]


# --- invariants on every seed -------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(_CORPUS))
def test_segments_cover_every_line_exactly(prefix):
    cleaned = seed(prefix)
    text = cleaned.source.text
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    assert len(cleaned.segments) == len(lines)
    prev_end = -1
    for seg in cleaned.segments:
        piece = text[seg.start:seg.end]
        assert seg.start > prev_end and piece and piece == piece.strip()
        assert seg.kind in ("title", "heading", "body", "furniture")
        assert (seg.kind == "furniture") == bool(seg.reason)
        if seg.reason:
            assert seg.reason in FURNITURE_REASONS
        prev_end = seg.end
    assert sum(s.kind == "title" for s in cleaned.segments) <= 1


# --- seed furniture -----------------------------------------------------------------------------------

SEED_FURNITURE = [
    ("004", "Previous Article", "navigation"),
    ("004", "Next Article", "navigation"),
    ("004", "World Cup Highlights and 2023 Results Overview", "related_list"),
    ("004", "Status Update on Kakhovka Dam Incident and Regional Impacts", "related_list"),
    ("004", "No time to read?", "reader_prompt"),
    ("004", "Get a summary", "call_to_action"),
    ("002", "|", "glyph"),
    ("002", "5.3", "bare_number"),
    ("002", "Relevance Score", "widget_label"),
    ("002", "Photo: img2.yna.co.kr · rights & takedowns", "photo_credit"),
    ("002", "Security & Riskdefense cooperationinternational relationsartificial intelligencesouth korea",
     "tag_strip"),
    ("002", "Practice interview problems based on real data", "call_to_action"),
    ("002", "1,625 SQL & Python problems across 15 industry datasets — the exact type of data you work with.",
     "promo_block"),
    ("002", "Try 250 free problems", "call_to_action"),
    ("003", "Help us improve.", "call_to_action"),
    ("001", "Source: Original Korean article - Trendy News Korea", "source_credit"),
]


@pytest.mark.parametrize("prefix,line,reason", SEED_FURNITURE, ids=[f"{p}:{l[:24]}" for p, l, _ in SEED_FURNITURE])
def test_seed_furniture(prefix, line, reason):
    cleaned = seed(prefix)
    assert kind_of(cleaned, line) == "furniture"
    assert reason_of(cleaned, line) == reason


def test_repeated_headline_is_furniture_after_the_title():
    cleaned = seed("002")
    headline = "South Korea, Japan Agree Continued Defense Cooperation Including AI"
    assert labels(cleaned, headline) == [("title", ""), ("furniture", "duplicate")]


def test_repeated_prompts_are_both_furniture():
    cleaned = seed("004")
    assert {k for k, _ in labels(cleaned, "No time to read?")} == {"furniture"}
    assert len(labels(cleaned, "Get a summary")) == 2


# --- seed titles, headings, body ----------------------------------------------------------------------

SEED_KINDS = [
    ("001", "South Korea and Japan signal a more practical phase in defense ties, from rescue drills to AI talks",
     "title"),
    ("001", "Seoul meeting points to a quieter, more practical shift in Northeast Asia security", "heading"),
    ("001", "Why the details matter more than the optics", "heading"),
    ("001", "Aerial diplomacy: What the Black Eagles and Blue Impulse represent", "heading"),
    ("001", "What global readers should watch next", "heading"),
    ("002", "What happened", "heading"),
    ("002", "Key Points", "heading"),
    ("002", "Scoring Rationale", "heading"),
    ("003", "South Korea, Japan to Deepen Defence Ties, Pledge Collaboration on AI and Unmanned Systems",
     "title"),
    ("004", "Trilateral Security Pact in Asia-Pacific: USA, Japan, and South Korea", "title"),
    ("004", "Geopolitical influence", "heading"),
    ("000", "What the agreement covers", "heading"),
    ("000", "What happens next", "heading"),
]


@pytest.mark.parametrize("prefix,line,kind", SEED_KINDS, ids=[f"{p}:{l[:24]}" for p, l, _ in SEED_KINDS])
def test_seed_titles_and_headings(prefix, line, kind):
    assert kind_of(seed(prefix), line) == kind


SEED_BODY = [
    ("000", "TOKYO — Japan and South Korea on Sunday signed"),
    ("000", "Both governments have signalled that they regard the agreement"),
    ("001", "That may not be as dramatic as a new treaty"),
    ("002", "South Korea Defense Minister Ahn Gyu-back met Japanese Defense Minister"),
    ("002", "Explicit AI language in a bilateral defense ministerial joint statement"),
    ("002", "Follow-up indicators worth monitoring"),
    ("003", "South Korea and Japan agreed to strengthen defence cooperation"),
    ("003", "Why it matters: Closer South Korea"),
    ("003", "The South Korean Defence Ministry cited reporting from Yonhap"),
    ("004", "Experts from the Council on Foreign Relations have argued"),
    ("004", "The United States has been steering its global security focus"),
]


@pytest.mark.parametrize("prefix,start", SEED_BODY, ids=[f"{p}:{s[:24]}" for p, s in SEED_BODY])
def test_seed_article_sentences_are_body(prefix, start):
    assert segment_starting(seed(prefix), start).kind == "body"


def test_key_point_bullets_are_body_without_list_markers():
    cleaned = seed("002")
    for start in ("Industry context:", "What this means:", "For practitioners:"):
        seg = segment_starting(cleaned, start)  # the "• 1" marker and counter are outside the span
        assert seg.kind == "body"


def test_seed_without_headline_has_no_title_and_keeps_all_prose():
    cleaned = seed("000")
    assert not any(s.kind in ("title", "furniture") for s in cleaned.segments)
    assert len(cleaned.body()) == 15


def test_seed_furniture_counts():
    """Guards against rules silently swallowing more (or fewer) lines."""
    counts = {p: len(seed(p).furniture()) for p in sorted(_CORPUS)}
    assert counts == {"000": 0, "001": 1, "002": 9, "003": 1, "004": 8}


# --- datelines ----------------------------------------------------------------------------------------


def test_seed_dateline():
    cleaned = seed("000")
    assert cleaned.dateline == "TOKYO" and cleaned.dateline_span == (0, 5)
    assert all(seed(p).dateline is None for p in ("001", "002", "003", "004"))


DATELINES = [
    ("WASHINGTON (Reuters) - The Senate voted on Tuesday.", "WASHINGTON"),
    ("LONDON, June 3 (AP) — Rail workers walked out.", "LONDON"),
    ("KYIV, Ukraine — Air raid sirens sounded overnight.", "KYIV, Ukraine"),
    ("NEW DELHI: The monsoon arrived early this year.", "NEW DELHI"),
    ("RIO DE JANEIRO, Brazil (AP) — Heavy rain fell.", "RIO DE JANEIRO, Brazil"),
    ("ST. LOUIS -- Storms knocked out power.", "ST. LOUIS"),
    ("Nairobi, 3 March (Reuters) - Kenya raised rates.", "Nairobi"),
    ("Tokyo (CNN) — Markets fell sharply.", "Tokyo"),
    ("BREAKING — Markets fell sharply today.", None),
    ("EXCLUSIVE: The memo shows a plan was drafted.", None),
    ("The minister — who spoke late — said little.", None),
    ("Tokyo — a city of 14 million — flooded overnight.", None),
    ("U.S. — China talks resumed in Geneva on Monday.", None),
]


@pytest.mark.parametrize("line,place", DATELINES)
def test_dateline_variants(line, place):
    text = f"Headline For The Story\n\n{line}\n\nMore text follows here, officials said.\n"
    cleaned = clean(page(text))
    assert cleaned.dateline == place
    if place:
        s, e = cleaned.dateline_span
        assert text[s:e] == place
        assert segment_starting(cleaned, line[:10]).kind == "body"


def test_dateline_from_metadata():
    text = "Title Of The Piece\n\nSOMEWHERE FAR — Text of the story follows.\n"
    cleaned = clean(page(text, dateline="Somewhere far"))
    assert cleaned.dateline == "SOMEWHERE FAR"
    assert text[slice(*cleaned.dateline_span)] == "SOMEWHERE FAR"


# --- synthetic pages from other domains ---------------------------------------------------------------

FLOOD = """Home > News > Weather
Skip to content
Floods Force Thousands From Homes as River Bursts Its Banks
By Maria Lopez and Tom Reed
Published 14 March 2025, 08:12 GMT
4 min read
Share on Facebook
Advertisement

VALENCIA, Spain — More than 4,000 residents were evacuated on Thursday after the river burst its banks following three days of torrential rain, regional officials said.

Residents wade through a flooded street in the city centre on Thursday. (Photo: Jane Smith/Getty Images)

Emergency services said two people had died and at least 15 were missing.

Get out now and move to higher ground, the mayor urged residents late on Wednesday.

"Leave your homes now," police told people living near the river.

What happens next

The regional government has requested military assistance. Schools will remain closed until Monday.

Residents can get free sandbags at the town hall from 9am, officials said.

Read more: How climate change is making floods worse
Sign up for our daily weather newsletter
Enter your email address
By signing up, you agree to our Privacy Policy and Terms of Service.
Tags: floods, Spain, weather, climate
© 2025 Example Media Group. All rights reserved.
Related stories
Drought grips southern farms as reservoirs fall
Heatwave warning issued for the weekend
"""

FLOOD_EXPECT = [
    ("Home > News > Weather", "furniture", "breadcrumb"),
    ("Skip to content", "furniture", "navigation"),
    ("Floods Force Thousands From Homes as River Bursts Its Banks", "title", ""),
    ("By Maria Lopez and Tom Reed", "furniture", "byline"),
    ("Published 14 March 2025, 08:12 GMT", "furniture", "publication_date"),
    ("4 min read", "furniture", "widget_label"),
    ("Share on Facebook", "furniture", "share"),
    ("Advertisement", "furniture", "advert"),
    ("Residents wade through a flooded street in the city centre on Thursday. (Photo: Jane Smith/Getty Images)",
     "furniture", "photo_credit"),
    ("Emergency services said two people had died and at least 15 were missing.", "body", ""),
    ("Get out now and move to higher ground, the mayor urged residents late on Wednesday.", "body", ""),
    ('"Leave your homes now," police told people living near the river.', "body", ""),
    ("What happens next", "heading", ""),
    ("Residents can get free sandbags at the town hall from 9am, officials said.", "body", ""),
    ("Read more: How climate change is making floods worse", "furniture", "cross_link"),
    ("Sign up for our daily weather newsletter", "furniture", "call_to_action"),
    ("Enter your email address", "furniture", "call_to_action"),
    ("By signing up, you agree to our Privacy Policy and Terms of Service.", "furniture", "legal"),
    ("Tags: floods, Spain, weather, climate", "furniture", "tag_strip"),
    ("© 2025 Example Media Group. All rights reserved.", "furniture", "copyright"),
    ("Related stories", "furniture", "navigation"),
    ("Drought grips southern farms as reservoirs fall", "furniture", "related_list"),
    ("Heatwave warning issued for the weekend", "furniture", "related_list"),
]


@pytest.mark.parametrize("line,kind,reason", FLOOD_EXPECT, ids=[l[:30] for l, _, _ in FLOOD_EXPECT])
def test_flood_report_page(line, kind, reason):
    cleaned = clean(page(FLOOD))
    assert labels(cleaned, line) == [(kind, reason)]


def test_flood_report_dateline_and_lede():
    cleaned = clean(page(FLOOD))
    assert cleaned.dateline == "VALENCIA, Spain"
    assert segment_starting(cleaned, "VALENCIA, Spain —").kind == "body"


SPORTS = """# City Edge United in Five-Goal Thriller

MANCHESTER, Feb 1 (Example Wire) — City beat United 3-2 at home on Saturday, with a late header settling a match that swung back and forth.

## Match report

United led 2-1 at half-time after goals from Silva and Brown.

- City scored twice in the last 15 minutes
- The winner came in the 88th minute

"We never stopped believing," the City manager said.

Player ratings
8.5
7
Watch highlights now
Follow us on Twitter
Get the app
Was this article helpful?
"""


def test_sports_page():
    cleaned = clean(page(SPORTS, title="City Edge United in Five-Goal Thriller"))
    assert labels(cleaned, "City Edge United in Five-Goal Thriller") == [("title", "")]  # '# ' outside span
    assert labels(cleaned, "Match report") == [("heading", "")]
    assert labels(cleaned, "City scored twice in the last 15 minutes") == [("body", "")]
    assert labels(cleaned, "The winner came in the 88th minute") == [("body", "")]
    assert labels(cleaned, "United led 2-1 at half-time after goals from Silva and Brown.") == [("body", "")]
    for line, reason in [("Player ratings", "widget_label"), ("8.5", "bare_number"), ("7", "bare_number"),
                         ("Watch highlights now", "call_to_action"), ("Follow us on Twitter", "share"),
                         ("Get the app", "call_to_action"), ("Was this article helpful?", "reader_prompt")]:
        assert labels(cleaned, line) == [("furniture", reason)], line
    assert cleaned.dateline == "MANCHESTER"


# --- precision: things that must stay article text --------------------------------------------------


def test_last_paragraph_with_promo_words_is_not_a_promo_block():
    text = ("Town Offers Help After Floods\n\n"
            "The town council opened a free advice centre for residents whose homes flooded.\n\n"
            "Residents can try the free advice centre today; you can also sign up for council flood alerts, "
            "the council said.\n")
    cleaned = clean(page(text))
    assert [s.kind for s in cleaned.segments] == ["title", "body", "body"]


def test_trailing_promo_needs_an_anchor():
    body = "Flooding Closes Roads\n\nHeavy rain closed three roads near the river on Monday, police said.\n\n"
    promo = "Master 500 coding exercises with our premium course for your interview.\n"
    unanchored = clean(page(body + promo))
    assert unanchored.segments[-1].kind == "body"
    anchored = clean(page(body + promo + "Try it free today\n"))
    assert [s.reason for s in anchored.segments[-2:]] == ["promo_block", "call_to_action"]


def test_question_and_imperative_headings_stay_headings():
    text = ("Storm Season Begins\n\nThe first storm of the season reached the coast on Monday.\n\n"
            "What does this mean for you?\n\nForecasters expect more storms in the coming weeks.\n\n"
            "Follow the money\n\nInsurers face large claims, analysts said.\n")
    cleaned = clean(page(text))
    assert labels(cleaned, "What does this mean for you?") == [("heading", "")]
    assert labels(cleaned, "Follow the money") == [("heading", "")]


def test_byline_rule_keeps_sentences_starting_with_by():
    text = "Water Levels Fall\n\nBy the end of the week, water levels had dropped by a metre.\n"
    assert labels(clean(page(text)), "By the end of the week, water levels had dropped by a metre.") == [("body", "")]


def test_title_after_one_summary_paragraph_needs_title_case():
    summary = "Rivers rose across the region on Monday, forcing evacuations in three towns.\n"
    assert clean(page(summary + "Rivers Rise Across Region, Forcing Evacuations\n\nText follows here.\n")
                 ).segments[1].kind == "title"
    assert clean(page(summary + "\nEvacuations under way\n\nText follows here.\n")).segments[1].kind == "heading"


def test_metadata_title_selects_the_matching_line():
    text = "Latest Headlines\n\nCouncil Approves Flood Barrier\n\nThe council approved the barrier.\n"
    cleaned = clean(page(text, title="Council Approves Flood Barrier | Example News"))
    assert labels(cleaned, "Council Approves Flood Barrier") == [("title", "")]
    assert labels(cleaned, "Latest Headlines") == [("heading", "")]


def test_related_list_stops_when_prose_resumes():
    text = ("Bridge Reopens After Repairs\n\nThe bridge reopened on Monday after six months of repairs.\n\n"
            "Related\n\nRoad closures planned for the summer\n\n"
            "Engineers said the bridge would be inspected again next year.\n")
    cleaned = clean(page(text))
    assert labels(cleaned, "Road closures planned for the summer") == [("furniture", "related_list")]
    assert segment_starting(cleaned, "Engineers said").kind == "body"


def test_explain_gives_the_reason_text():
    cleaned = seed("004")
    seg = next(s for s in cleaned.furniture() if s.reason == "related_list")
    assert explain(seg) == FURNITURE_REASONS["related_list"]
    assert explain(cleaned.body()[0]) == ""


def test_offsets_survive_crlf_free_whitespace_and_markers():
    text = "  \u00a0Storm Warning Issued For Coast\t\n\n> Quoted line of text, officials said.\n\n* Bullet item\n"
    cleaned = clean(page(text))
    got = [(text[s.start:s.end], s.kind) for s in cleaned.segments]
    assert got == [("Storm Warning Issued For Coast", "title"),
                   ("Quoted line of text, officials said.", "body"), ("Bullet item", "body")]


def test_section_label_above_headline_is_not_the_title():
    cleaned = clean(page("WORLD NEWS\nFerry Sinks Off Coast, Dozens Rescued\n\nA ferry sank on Monday, officials said.\n"))
    assert [s.kind for s in cleaned.segments] == ["heading", "title", "body"]


LOOKALIKES = [  # article lines shaped like furniture: each must stay article text
    "Approval ratings",
    "Help for flood victims now available",
    "Support for the plan grows",
    "Share prices tumble on video game news",
    "Order restored in the capital today",
    "Copyright lawsuits have piled up against the company.",
    "The firm said users had violated its terms of service.",
    "By registering the company abroad, the founders avoided local taxes.",
    "Compiled by the agency from satellite data, the map shows the flooded area.",
    "The ceasefire held overnight, the ministry said. (Reuters)",
    "Sources close to the talks said no deal was near.",
    "More than 300 homes were damaged in the storm.",
]


@pytest.mark.parametrize("line", LOOKALIKES)
def test_furniture_lookalikes_stay_article_text(line):
    text = f"Storm Damage Assessed Across Region\n\nOfficials began counting the damage on Monday.\n\n{line}\n\nRepairs will take months, engineers said.\n"
    assert labels(clean(page(text)), line)[0][0] in ("heading", "body")


def test_one_word_label_above_headline_is_not_the_title():
    cleaned = clean(page("Analysis\n\nWhy the river defences failed\n\nThe barrier was built in 1990, records show.\n"))
    assert [s.kind for s in cleaned.segments] == ["heading", "title", "body"]


# --- the publication date printed on the page ---------------------------------------------------------

HEADLINE = "Fire Destroys Warehouse Near the River"
BODY = ("A fire destroyed a warehouse near the river yesterday, the fire service said.\n\n"
        "More than 60 firefighters fought the blaze through the night, a spokeswoman said.\n\n"
        "No one was hurt, and the cause of the fire is being investigated.\n")
PRINTED_DATES = [  # the line as pages print it, the date it gives
    ("First Published: June 13, 2013 4:32 PM EDT", "2013-06-13"),
    ("Tue Jul 2, 2013 11:20am EDT", "2013-07-02"),
    ("Posted on 12/03/2008", "2008-12-03"),  # slashes: month first, as US pages write it
    ("Published 10:15 AM ET Fri, 12 Oct 2012", "2012-10-12"),
    ("PUBLISHED: 22:07 GMT, 7 July 2012", "2012-07-07"),
    ("May 2, 2013 | 5:03pm", "2013-05-02"),
    ("Article posted on 08.07.2012", "2012-07-08"),  # dots: day first, as European pages write it
    ("Posted 13:26 14/09/2013", "2013-09-14"),  # 14 cannot be a month
    ("02.29.12 4:15 PM", "2012-02-29"),  # 29 cannot be a month
    ("Published: 2012.08.08 09:01 AM", "2012-08-08"),
    ("26 September 2013, 10:00 (GMT+05:00)", "2013-09-26"),
    ("Reuters Sep 18, 2013, 02.16PM IST", "2013-09-18"),  # an outlet's name before the date
    ("Published on 18th September 2013", "2013-09-18"),
    # a blog's byline ending in the day it was posted: names and a category around the cue
    ("On behalf of Howard R. Sanders, Esq. posted in Pedestrian Accidents on Wednesday, September 18, 2013.", "2013-09-18"),
    ("Posted by Jane Roe in Local News on May 2, 2013", "2013-05-02"),
]


@pytest.mark.parametrize("line,day", PRINTED_DATES, ids=[l for l, _ in PRINTED_DATES])
def test_printed_date_under_the_headline_dates_the_article(line, day):
    cleaned = clean(page(f"{HEADLINE}\n\n{line}\n\n{BODY}"))
    assert cleaned.source.metadata.published.isoformat() == day
    assert labels(cleaned, line) == [("furniture", "publication_date")]  # page furniture: no claim comes from it


@pytest.mark.parametrize("line", ["The video was posted on YouTube on May 5, 2013.", "Police posted guards on May 2, 2013."])
def test_a_sentence_about_posting_is_no_date_line(line):
    """Only names may stand around "posted": a sentence that tells of posting something is the article's."""
    cleaned = clean(page(f"{HEADLINE}\n\n{line}\n\n{BODY}"))
    assert cleaned.source.metadata.published is None
    assert labels(cleaned, line)[0][0] != "furniture"


def test_printed_date_at_the_end_of_the_page():
    cleaned = clean(page(f"{HEADLINE}\n\n{BODY}\nPosted on Thu Jun 13, 2013 08:45 AM PDT\n"))
    assert cleaned.source.metadata.published.isoformat() == "2013-06-13"


@pytest.mark.parametrize("line", ["Updated: Monday, March 4, 2013", "Last updated 13:26 14/09/2013"])
def test_an_update_stamp_alone_is_furniture_but_no_publication_date(line):
    """A page updated days after it was written keeps the "yesterday" of its first version."""
    cleaned = clean(page(f"{HEADLINE}\n\n{line}\n\n{BODY}"))
    assert labels(cleaned, line) == [("furniture", "timestamp")]
    assert cleaned.source.metadata.published is None


def test_publication_beats_update_and_metadata_beats_the_page():
    text = f"{HEADLINE}\n\nUPDATED 05/03/2013 at 11:00 AM EDT\nOriginally published 05/02/2013 at 10:20 AM EDT\n\n{BODY}"
    cleaned = clean(page(text))
    assert cleaned.source.metadata.published.isoformat() == "2013-05-02"
    assert labels(cleaned, "UPDATED 05/03/2013 at 11:00 AM EDT")[0][0] == "furniture"
    from datetime import date
    with_meta = clean(page(text, published=date(2013, 5, 1)))
    assert with_meta.source.metadata.published == date(2013, 5, 1)
    assert labels(with_meta, "Originally published 05/02/2013 at 10:20 AM EDT") == [("furniture", "source_credit")]


NOT_PRINTED_DATES = [
    "The fire started on June 13, 2013.",  # a sentence
    "It began June 13, 2013",
    '"June 13, 2013," the fire chief said.',  # a quotation
    "“June 13, 2013”",
    "By June 13, 2013",  # a deadline heading
    "Updated Wednesday, Jan 5 at 5:53 PM",  # no year: nothing a reader can check
    "Interior and Commerce Secretaries Must Act by May 9",
]


@pytest.mark.parametrize("line", NOT_PRINTED_DATES)
def test_lines_that_are_not_a_printed_date(line):
    cleaned = clean(page(f"{HEADLINE}\n\n{line}\n\n{BODY}"))
    assert cleaned.source.metadata.published is None
    assert all(reason != "publication_date" for _, reason in labels(cleaned, line))


def test_a_dateline_line_with_its_date_dates_the_page():
    """"INDONESIA, July 2, 2013" on a line of its own: the day the report was filed, so its "Saturday"
    resolves, and the line is no claim about the event. A place opening prose ("Paris, June 13, 2013
    - A fire ...") is no such line."""
    cleaned = clean(page(f"{HEADLINE}\n\nPARIS, June 13, 2013\n\n{BODY}"))
    assert str(cleaned.source.metadata.published) == "2013-06-13"
    assert labels(cleaned, "PARIS, June 13, 2013") == [("furniture", "publication_date")]
    prose = clean(page(f"{HEADLINE}\n\nParis, June 13, 2013 - A fire destroyed a warehouse.\n\n{BODY}"))
    assert prose.source.metadata.published is None


def test_a_date_line_deep_in_the_body_is_not_the_page_date():
    prose = "".join(f"Paragraph {i} of the report says more about the fire and the people it affected.\n\n"
                    for i in range(6))
    cleaned = clean(page(f"{HEADLINE}\n\n{prose}June 13, 2013\n\n{prose}"))
    assert cleaned.source.metadata.published is None


def test_printed_date_after_a_two_paragraph_summary():
    summary = "Police struggled to control a crowd at a vigil on Monday night, officials said.\n\n" * 2
    cleaned = clean(page(f"{HEADLINE}\n\n{summary.replace('Monday', 'Tuesday', 1)}PUBLISHED: WEDNESDAY, MARCH 13, 2013, 2:29 PM\n\n{BODY}"))
    assert cleaned.source.metadata.published.isoformat() == "2013-03-13"


def test_garbled_words_fast_path_finds_what_the_full_scan_finds() -> None:
    """The set-difference shortcut must report exactly the word parts, offsets included, that scanning
    every occurrence reports, also for words judged clean in an earlier text."""
    from checker.reading import garbled

    texts = [
        "The defence minister praised the overreliance on cybersecurity and the harbour works.",
        "Engineers said the non-mkinematic model failed, and the mkinematic error came twice: mkinematic.",
        "The defence minister praised the harbour works again.",
        "",
    ]
    for text in texts + texts:  # the second pass runs with the clean words already remembered
        assert garbled.garbled_words(text, 7) == garbled._positions(text, 7)
    assert [w for _, _, w in garbled.garbled_words(texts[1])] == ["mkinematic", "mkinematic", "mkinematic"]


def test_garbled_words_are_read_with_the_cleaning_and_scored_alike_when_read_later() -> None:
    """The cleaner reads the body's garbled words (in the per-document workers); a source rebuilt from
    an older store has none recorded and is read when scored, to the same hygiene."""
    from dataclasses import replace

    from checker.scoring.reliability import _hygiene

    text = "Ministers meet\n\nThe ministers met on Monday to discuss non-mkinematic trade rules.\n"
    cleaned = clean(Source("g", "g.txt", text))
    assert [w for _, _, w in cleaned.garbled] == ["mkinematic"]
    start, end, _ = cleaned.garbled[0]
    assert text[start:end] == "mkinematic"
    assert _hygiene(replace(cleaned, garbled=None)) == _hygiene(cleaned)
    assert "garbled word: mkinematic" in _hygiene(cleaned)[1]


def test_the_date_of_a_dateline_line_is_no_claim_but_dates_the_page(tmp_path):
    from checker.running.pipeline import check_corpus

    (tmp_path / "quake.md").write_text(
        "Strong earthquake hits Aceh\n\nINDONESIA, July 2, 2013\n\n"
        "A strong earthquake struck off Indonesia's Aceh province on Saturday, damaging houses.\n", encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    assert {c.value: c.normalized.get("date") for c in report.claims if c.kind == "time"} == {"Saturday": "2013-06-29"}
