"""Same-event judgement from slot agreement, on stories other than the seeds'."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.running.pipeline import check_corpus


def write(folder: Path, name: str, published: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"---\npublished: {published}\n---\n{text}\n", encoding="utf-8")


def pair_labels(report):
    return {(p.a.split(":")[0], p.b.split(":")[0]): p.same_event for p in report.pairs}


def test_same_people_place_and_day_are_the_same_event(tmp_path):
    write(tmp_path, "a", "2025-06-12", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Wednesday.")
    write(tmp_path, "b", "2025-06-12", "Kadri Tamm, Estonia's foreign minister, held talks with Elina Koskinen in Helsinki on June 11, 2025.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report)[("a", "b")] == "same"
    assert report.findings == ()


def test_bilateral_and_trilateral_meetings_are_different_events(tmp_path):
    write(tmp_path, "a", "2025-06-12", "Chile and Argentina signed a bilateral water agreement in Santiago on Tuesday.")
    write(tmp_path, "b", "2025-06-12", "Chile, Argentina and Peru held a trilateral summit in Lima on Tuesday.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report).get(("a", "b"), "different") == "different"  # not even compared slot by slot
    assert not [c for c in report.clusters if len(c.sources) > 1]
    assert not [f for f in report.findings if f.rule == "CC101"]


def test_same_people_different_city_and_day_may_be_two_meetings(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday and agreed on joint ferry safety inspections.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Tallinn on Tuesday and agreed on joint ferry safety inspections.")
    report, _ = check_corpus([tmp_path])
    [location] = [f for f in report.findings if f.rule == "CC101"]
    assert location.same_event == "uncertain" and "different events" in location.explanation


def test_earlier_event_referred_back_to_is_not_compared(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday. The meeting follows talks between the pair in March in Vilnius.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm and Finnish Foreign Minister Elina Koskinen met in Helsinki on Friday.")
    report, _ = check_corpus([tmp_path])
    assert report.findings == ()
    background = [e for e in report.events if e.role == "background"]
    assert background and background[0].source_id == "a"


def test_same_people_different_city_and_day_with_nothing_else_shared_are_different(tmp_path):
    write(tmp_path, "a", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Helsinki on Friday.")
    write(tmp_path, "b", "2025-06-14", "Estonian Foreign Minister Kadri Tamm met Finnish Foreign Minister Elina Koskinen in Tallinn on Tuesday.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report)[("a", "b")] == "different"
    assert report.findings == ()


# --- place evidence: what ties two reports to one place, and what does not -----------------------------


def _place_claims(source: str, *places):
    from checker.model import Claim

    return [Claim(f"{source}:c{i}", source, "place", p.name, {"id": p.id, "name": p.name, "kind": p.kind}, "", 0, 0, 0,
                  detail={"place": p}) for i, p in enumerate(places)]


def test_place_evidence_needs_more_than_a_country_or_a_shared_region_with_different_towns():
    from checker.alignment.compare import AGREE, CONFLICT, UNKNOWN, Geography, place_relation
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    geo = Geography(gaz)
    italy, umbria, rome, naples = gaz.resolve("Italy"), gaz.resolve("Umbria"), gaz.resolve("Rome"), gaz.resolve("Naples")
    alaska = gaz.resolve("Alaska")
    norcia, talkeetna, chickaloon = gaz.text_place("Norcia"), gaz.text_place("Talkeetna"), gaz.text_place("Chickaloon")
    rel = lambda a, b: place_relation(_place_claims("a", *a), _place_claims("b", *b), geo)  # noqa: E731
    assert rel([norcia], [norcia, umbria]) == AGREE  # one town the gazetteer lacks, named by both
    assert rel([umbria], [umbria]) == AGREE  # the same region, no town on either side
    assert rel([italy], [rome]) == UNKNOWN  # one country ties no two reports together
    assert rel([alaska, talkeetna], [alaska, chickaloon]) == UNKNOWN  # each names a town, and they differ
    assert rel([norcia], [rome]) == UNKNOWN  # a place nobody can locate conflicts with nothing
    assert rel([rome], [naples]) == CONFLICT


def test_text_places_are_names_not_months_or_common_words():
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    assert gaz.text_place("Betty Ford Center").id == "text:betty ford center"
    assert gaz.text_place("January") is None and gaz.text_place("Jan.") is None and gaz.text_place("Police") is None


# --- how strongly two reports are tied to one occasion (issue 11) ------------------------------------


def test_an_uncertain_pair_links_reports_only_when_a_slot_conflicts():
    from checker.alignment.align import links
    from checker.model import EventPair

    assert links(EventPair("a:e1", "b:e1", 0.8, "likely", ("participants",), ()))
    assert links(EventPair("a:e1", "b:e1", 0.5, "uncertain", ("participants", "lead"), ("time",)))
    assert not links(EventPair("a:e1", "b:e1", 0.6, "uncertain", ("participants",), ()))  # one name: too little
    assert not links(EventPair("a:e1", "b:e1", 0.2, "different", (), ("time",)))


def test_lead_similarity_weighs_rare_words_over_common_ones():
    from checker.alignment.align import lead_similarity, lead_weights
    from checker.model import Event

    def event(n, words):
        return Event(f"s{n}:e1", f"s{n}", "reported", "fire", (), lead=tuple(sorted(words)))

    same_a = event(1, {"fire", "warehouse", "harbour", "ferrand", "police"})
    same_b = event(2, {"fire", "warehouse", "harbour", "ferrand", "residents"})
    other = event(3, {"fire", "school", "police", "suburb", "residents"})
    weights = lead_weights([same_a, same_b, other, event(4, {"fire", "police"}), event(5, {"fire", "residents"})])
    assert weights.overall["ferrand"] > weights.overall["fire"]
    assert lead_similarity(same_a, same_b, weights) > 0.5 > lead_similarity(same_a, other, weights)
    assert lead_similarity(same_a, event(6, set()), weights) == 0.0


def test_a_storys_leads_weigh_alike_whatever_other_stories_the_run_holds():
    """Two reports of one story (they share a name) compare their leads with the weights of that story:
    checked with twenty reports of other stories, whose words make the story's own words rare over the
    run, they read as alike as when the story is checked alone. Reports of two stories, and a report
    that names no one, weigh words over the run."""
    from checker.alignment.align import lead_similarity, lead_weights
    from checker.model import Event

    def event(n, words, who=()):
        return Event(f"s{n}:e1", f"s{n}", "reported", "arrest", (), participants=tuple(who), lead=tuple(sorted(words)))

    story = [event(1, {"arrested", "linebacker", "driving", "stadium", "monday"}, ["name:dario fennick"]),
             event(2, {"arrested", "linebacker", "suspicion", "stadium", "bail"}, ["name:dario fennick"]),
             event(3, {"arrested", "linebacker", "driving", "team", "bail"}, ["name:dario fennick"])]
    others = [event(10 + i, {"arrested", "police", f"town{i}", f"street{i}"}, [f"name:someone {i}"]) for i in range(20)]
    alone = lead_similarity(story[0], story[1], lead_weights(story))
    crowded = lead_weights(story + others)
    assert lead_similarity(story[0], story[1], crowded) == pytest.approx(alone)
    assert crowded.between(story[0], others[0]) is crowded.overall
    nameless = event(99, {"arrested", "linebacker"})
    assert crowded.between(story[0], nameless) is crowded.overall


def test_a_report_left_alone_by_the_stars_joins_the_star_it_is_likely_one_event_with():
    """Stars take a centre and its neighbours; a report tied "likely" only to a member (not the centre)
    would be left as a story of its own, and its facts compared with nothing."""
    from checker.alignment.align import clusters_of
    from checker.model import Event, EventPair

    events = [Event(f"{s}:e1", s, "reported", "event", ()) for s in "abcdx"]
    pairs = [EventPair("a:e1", f"{s}:e1", 1.0, "same", ("participants",), ()) for s in "bcd"]
    pairs.append(EventPair("b:e1", "x:e1", 0.8, "likely", ("participants", "lead"), ()))
    [cluster] = clusters_of(events, pairs)
    assert cluster.sources == ("a", "b", "c", "d", "x")


def test_a_report_tied_only_uncertainly_stays_alone():
    from checker.alignment.align import clusters_of
    from checker.model import EventPair, Event

    events = [Event(f"{s}:e1", s, "reported", "event", ()) for s in "abcdx"]
    pairs = [EventPair("a:e1", f"{s}:e1", 1.0, "same", ("participants",), ()) for s in "bcd"]
    pairs.append(EventPair("b:e1", "x:e1", 0.5, "uncertain", ("participants", "lead"), ("time",)))
    assert sorted(c.sources for c in clusters_of(events, pairs)) == [("a", "b", "c", "d"), ("x",)]


def test_a_report_tied_but_for_one_slot_to_two_members_of_a_star_joins_it():
    """Two members of a star each judged one event with the report but for its day ("uncertain" with
    the day in conflict, or "different" only by the day while their leads read alike): the day may be
    the very misreport CC103 looks for, so the report is weighed with the star (the rules prune again)."""
    from checker.alignment.align import clusters_of
    from checker.model import Event, EventPair

    events = [Event(f"{s}:e1", s, "reported", "event", ()) for s in "abcdx"]
    pairs = [EventPair("a:e1", f"{s}:e1", 1.0, "same", ("participants",), ()) for s in "bcd"]
    pairs.append(EventPair("b:e1", "x:e1", 0.5, "uncertain", ("participants", "lead"), ("time",)))
    pairs.append(EventPair("c:e1", "x:e1", 0.6, "different", ("participants", "lead"), ("time",)))
    [cluster] = clusters_of(events, pairs)
    assert cluster.sources == ("a", "b", "c", "d", "x")


def test_ties_that_are_different_for_more_than_one_slot_leave_a_report_alone():
    from checker.alignment.align import clusters_of
    from checker.model import Event, EventPair

    events = [Event(f"{s}:e1", s, "reported", "event", ()) for s in "abcdx"]
    pairs = [EventPair("a:e1", f"{s}:e1", 1.0, "same", ("participants",), ()) for s in "bcd"]
    pairs.append(EventPair("b:e1", "x:e1", 0.5, "uncertain", ("participants", "lead"), ("time",)))
    pairs.append(EventPair("c:e1", "x:e1", 0.4, "different", ("participants", "lead"), ("time", "place")))  # two slots
    pairs.append(EventPair("d:e1", "x:e1", 0.6, "different", ("participants",), ("time",)))  # leads unlike
    assert sorted(c.sources for c in clusters_of(events, pairs)) == [("a", "b", "c", "d"), ("x",)]


def test_a_family_name_of_a_shared_name_is_no_one_else():
    """A report naming "Brian Nichols" and (by a misread) "While Nichols" does not name someone the other
    report, naming "Brian Nichols" and a prosecutor, does not: only the prosecutor is apart."""
    from checker.alignment.align import _names_apart
    from checker.model import Event

    a = Event("a:e1", "a", "reported", "sentence", (), participants=("name:brian nichols", "name:while nichols"),
              lead=("nichols", "sentenced"))
    b = Event("b:e1", "b", "reported", "sentence", (), participants=("name:brian nichols", "name:david wilhelm"),
              lead=("nichols", "wilhelm", "sentenced"))
    assert not _names_apart(a, b)
    c = Event("c:e1", "c", "reported", "sentence", (), participants=("name:brian nichols", "name:rosa delgado"),
              lead=("delgado", "sentenced"))
    assert _names_apart(b, c)


def test_a_park_the_other_lead_names_in_other_words_is_no_one_else():
    """"Lusk National Park" in one lead and "Mount Lusk" in the other are one ground, so the reports are
    not set apart by it (the other lead's spokesman aside); a hut the other report never names ("Carrick
    Bivvy") still sets apart a report that names its own climber."""
    from checker.alignment.align import _names_apart
    from checker.model import Event

    a = Event("a:e1", "a", "reported", "accident", (), participants=("name:ivar lunde", "name:lusk national park"),
              lead=("lunde", "fell", "lusk", "national", "park"))
    b = Event("b:e1", "b", "reported", "accident", (), participants=("name:ivar lunde", "name:mara voss"),
              lead=("voss", "said", "climber", "fell", "mount", "lusk"))
    assert not _names_apart(a, b)
    c = Event("c:e1", "c", "reported", "accident", (), participants=("name:tomas brenner", "name:carrick bivvy"),
              lead=("brenner", "fell", "near", "carrick", "bivvy"))
    assert _names_apart(a, c)


def test_a_person_the_other_lead_names_whole_is_no_one_else_but_a_clinic_of_one_name_may_be_another():
    """Report a's lead gives "Lena Ortiz", whose name a's reading missed: she is named there, so only a
    names someone (Brandt) the other does not. Two clinics that share a name's word ("Halden Recovery
    Center", "Halden Clinic") may be two stays of one patient: still apart."""
    from checker.alignment.align import _names_apart
    from checker.model import Event

    a = Event("a:e1", "a", "reported", "rehab", (), participants=("name:nora castell", "name:ivo brandt"),
              lead=("castell", "checked", "lena", "ortiz", "brandt", "said"))
    b = Event("b:e1", "b", "reported", "rehab", (), participants=("name:nora castell", "name:lena ortiz"),
              lead=("castell", "checked", "ortiz", "said"))
    assert not _names_apart(a, b)
    assert _names_apart(Event("y:e1", "y", "reported", "rehab", (), participants=("name:nora castell", "name:ivo brandt"),
                              lead=("castell", "checked", "brandt", "said")), b)  # a lead without Ortiz: apart
    c = Event("c:e1", "c", "reported", "rehab", (), participants=("name:nora castell", "name:halden recovery center"),
              lead=("castell", "entered", "halden", "recovery", "center"))
    d = Event("d:e1", "d", "reported", "rehab", (), participants=("name:nora castell", "name:halden clinic"),
              lead=("castell", "entered", "halden", "clinic"))
    assert _names_apart(c, d)


def test_a_sentence_copied_but_for_its_values_ties_two_reports_and_a_template_with_other_names_does_not():
    from checker.alignment.align import copied_sentence, copy_keys
    from checker.alignment.events import copy_text
    from checker.model import Claim, Event

    def event(source: str, sentence: str, values: list[str]) -> Event:
        claims = [Claim(f"{source}:{i}", source, "time", v, {}, sentence, 0, sentence.index(v), sentence.index(v) + len(v))
                  for i, v in enumerate(values)]
        return Event(f"{source}:e1", source, "reported", "plea", (), copy=copy_text(claims))

    said = "{} pleaded not guilty on {} to murder charges in the death of his neighbour, prosecutors said."
    a = event("a", said.format("Dale Hensley", "Tuesday"), ["Tuesday"])
    b = event("b", said.format("Dale Hensley", "Wednesday"), ["Wednesday"])
    other_man = event("c", said.format("Roy Tebbit", "Tuesday"), ["Tuesday"])
    short = event("d", "Hensley pleaded on Tuesday.", ["Tuesday"])
    assert copied_sentence(a, b) and copy_keys(a) & copy_keys(b)  # blocked together, then compared
    assert not copied_sentence(a, other_man)
    assert not short.copy and not copied_sentence(a, short)


def test_one_final_score_against_one_opponent_ties_two_reports_of_a_game():
    """As on ECB+ (one basketball game, 31_10ecbplus against 31_4ecbplus): one shared player, one weekday
    and like leads, but each lead names a player the other does not (a tie less). The same final score
    against the same opponent makes them one game; another score ties nothing (and separates nothing:
    CC113 flags it once other ties make them one game)."""
    from checker.alignment.align import Evidence, _label, final_scores
    from checker.alignment.compare import AGREE, UNKNOWN
    from checker.model import Claim, Event

    def report(source: str, other_player: str, points: tuple[int, int]) -> tuple[Event, dict]:
        score = Claim(f"{source}:s", source, "score", f"{points[0]}-{points[1]}",
                      {"opponent": "harbor owls", "opponent_name": "Harbor Owls", "points": list(points)}, "", 0, 0, 5)
        event = Event(f"{source}:e1", source, "reported", "match", (score.id,),
                      participants=("name:marta lindqvist", f"name:{other_player}"), lead=("lindqvist", other_player.split()[-1]))
        return event, {score.id: score}

    a, a_claims = report("a", "oskar berg", (88, 80))
    b, b_claims = report("b", "tomas ek", (88, 80))
    c, c_claims = report("c", "tomas ek", (88, 78))
    rel = {"participants": AGREE, "time": AGREE, "place": UNKNOWN, "topics": UNKNOWN}
    assert final_scores(a, a_claims) & final_scores(b, b_claims)
    assert not final_scores(a, a_claims) & final_scores(c, c_claims)
    assert _label(a, b, rel, Evidence(similar_leads=True, same_final_score=True)) == "likely"
    assert _label(a, c, rel, Evidence(similar_leads=True, same_final_score=False)) == "uncertain"


def test_one_exact_price_ties_two_reports_of_a_deal():
    """As on ECB+ (one takeover, 43_2ecb against 43_3ecb): both name the two companies and a weekday,
    but each lead names an analyst the other does not (a tie less). The same exact price makes them one
    deal."""
    from checker.alignment.align import Evidence, _label
    from checker.alignment.compare import AGREE, UNKNOWN
    from checker.model import Event

    def report(source: str, analyst: str) -> Event:
        return Event(f"{source}:e1", source, "reported", "deal", (),
                     participants=("name:harrow systems", "name:lindell optics", f"name:{analyst}"),
                     lead=("harrow", "lindell", analyst.split()[-1]))

    a, b = report("a", "petra vance"), report("b", "olu ferreira")
    rel = {"participants": AGREE, "time": AGREE, "place": UNKNOWN, "topics": UNKNOWN}
    assert _label(a, b, rel, Evidence(same_sum=True)) == "likely"
    assert _label(a, b, rel, Evidence(same_sum=False)) == "uncertain"


def test_exact_sums_leave_out_round_figures():
    from checker.alignment.align import exact_sums
    from checker.model import Claim, Event

    values = {"$5.4 billion": (5.4e9, "money:$"), "$21.50": (21.5, "money:$"), "$1 million": (1e6, "money:$"),
              "$20": (20.0, "money:$"), "45 people": (45.0, "person")}
    claims = {v: Claim(v, "a", "quantity", v, {"value": n, "unit": unit}, v, 0, 0, len(v)) for v, (n, unit) in values.items()}
    event = Event("a:e1", "a", "reported", "deal", tuple(claims))
    assert exact_sums(event, claims) == {("money:$", 5.4e9), ("money:$", 21.5)}


def test_an_undated_pages_weekday_against_a_dated_day_sets_reports_apart_unless_named_parties_tie_them():
    """As on ECB+ (two browser patches five years apart, one report of each): one page undated ("released
    Wednesday morning"), one dated (Tuesday, September 17, 2013), a product's name and like leads in
    common. The weekday may be of any week of any year: no link. The same with one named party in
    common (a president on both pages) stays uncertain, for the rules to weigh."""
    from checker.alignment.align import Evidence, _label
    from checker.alignment.compare import AGREE, CONFLICT, UNKNOWN
    from checker.model import Event

    def report(source: str, *parties: str) -> Event:
        return Event(f"{source}:e1", source, "reported", "attack", (), participants=("name:harbor browser", *parties),
                     lead=("harbor", "browser", "patch", "flaw"))

    rel = {"participants": AGREE, "time": CONFLICT, "place": UNKNOWN, "topics": UNKNOWN}
    undated = Evidence(similar_leads=True, dated_alike=False)
    assert _label(report("a"), report("b"), rel, undated) == "different"
    assert _label(report("a"), report("b"), rel, Evidence(similar_leads=True, dated_alike=True)) == "uncertain"
    president = "person:dana whitfield"
    assert _label(report("a", president), report("b", president), rel, undated) == "uncertain"


# --- a country-wide happening: its one country is its place, not a second tie -----------------------


def test_two_elections_of_one_country_years_apart_are_not_likely_one(tmp_path):
    """A country is both the party and the place of a national election. Two reports of elections in
    one country share that one fact, not two: an undated page's election and a dated announcement of
    the next one, five years later, must not read as "likely" one event."""
    (tmp_path / "a.md").write_text(
        "The government of Kyrgyzstan said 90 per cent of eligible voters had taken part in parliamentary"
        " elections Sunday, despite boycotts from opposition groups.\n", encoding="utf-8")
    write(tmp_path, "b", "2013-09-27",
          "Kyrgyzstan will hold parliamentary elections on a two-party basis for the first time, the election"
          " commission of Kyrgyzstan said.")
    report, _ = check_corpus([tmp_path])
    assert pair_labels(report).get(("a", "b"), "different") not in ("same", "likely")


def test_the_government_of_a_country_speaking_makes_the_country_a_party():
    from checker.extraction.participants import mentions

    parties = {m.key for m in mentions("The government of Japan said 90 per cent of voters took part.", 0, {}) if m.party}
    assert parties == {"country:JP"}
    assert not [m for m in mentions("Officials in Japan said 90 per cent of voters took part.", 0, {}) if m.party]


def test_a_full_name_in_both_leads_of_a_persons_happening_counts_as_two_names():
    """As on ECB+ (one escape, 3_4ecbplus against 3_3ecbplus): both leads name "Arcade Joseph Comeaux";
    one report, undated, sends him far away. Given, middle and family names together are one person's,
    so against the one conflicting place the pair stays "uncertain" (compared; CC101 weighs it), where a
    first and last name alone leave it "different". Not a name with a region or a big city in it (a
    team's), nor one with an office, body or feature word, nor in a report of a deal or a fire."""
    from checker.alignment.align import Evidence, _full_name, _label
    from checker.alignment.compare import AGREE, CONFLICT, UNKNOWN, Geography
    from checker.extraction.gazetteer import default_gazetteer
    from checker.model import Event

    geo = Geography(default_gazetteer())

    def report(source: str, action: str, name: str) -> Event:
        return Event(f"{source}:e1", source, "reported", action, (), participants=(f"name:{name}",),
                     lead=tuple(name.split()) + ("escaped", "prison"))

    a, b = report("a", "escape", "dorian wesley hollins"), report("b", "escape", "dorian wesley hollins")
    assert _full_name("dorian wesley hollins", a, b, geo)
    assert not _full_name("dorian hollins", report("c", "escape", "dorian hollins"), report("d", "escape", "dorian hollins"), geo)
    for name in ("kansas city chiefs", "evansville indiana state", "mount sefton bivvy", "police inspector dave gaskin"):
        assert not _full_name(name, report("e", "escape", name), report("f", "escape", name), geo), name
    assert not _full_name("dorian wesley hollins", report("g", "deal", "dorian wesley hollins"),
                          report("h", "deal", "dorian wesley hollins"), geo)

    rel = {"participants": AGREE, "time": UNKNOWN, "place": CONFLICT, "topics": UNKNOWN}
    assert _label(a, b, rel, Evidence(full_name=True)) == "uncertain"
    assert _label(a, b, rel, Evidence(full_name=False)) == "different"


def _case_events():
    """Reports of one crime's case: a (the shooting), s (the same shooting told another week, two
    years on), b (an arrest report recalling a death naming no one), c (another arrest report)."""
    from checker.model import Event

    day = lambda iso: {"kind": "date", "date": iso}  # noqa: E731
    return [
        Event("a:e1", "a", "reported", "shooting", (), participants=("name:dara lopez", "name:zora horton"), times=(day("2011-10-21"),)),
        Event("s:e1", "s", "reported", "shooting", (), participants=("name:dara lopez", "name:zora horton"), times=(day("2013-04-11"),)),
        Event("b:e1", "b", "reported", "arrest", (), participants=("name:dara lopez", "name:zora horton")),
        Event("b:e2", "b", "related", "shooting", (), times=(day("2011-10-24"),)),
        Event("c:e1", "c", "reported", "arrest", (), participants=("name:dara lopez",)),
    ]


def test_a_nameless_crime_an_arrest_report_recalls_joins_the_crime_its_people_name():
    """"confessed to killing a mom, who died on Monday": the killing named by no one is the one the
    other reports of the case tell; of two clusters of it, the one dated within a week."""
    from checker.alignment.align import nameless_joins
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer
    from checker.model import EventCluster

    events = _case_events()
    clusters = [EventCluster("x1", ("a:e1",), ("a",), ""), EventCluster("x2", ("s:e1",), ("s",), ""),
                EventCluster("x3", ("b:e1", "c:e1"), ("b", "c"), "")]
    joined, pairs = nameless_joins(events, clusters, {}, Geography(default_gazetteer(), []))
    assert joined[0].event_ids == ("a:e1", "b:e2") and joined[0].sources == ("a", "b")
    assert joined[1:] == clusters[1:]
    assert [(p.a, p.b) for p in pairs] == [("b:e2", "a:e1")] and pairs[0].same_event == "uncertain"


def test_a_nameless_crime_stays_out_when_nothing_tells_which_cluster_or_the_report_is_of_another_kind():
    from dataclasses import replace

    from checker.alignment.align import nameless_joins
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer
    from checker.model import EventCluster

    geo = Geography(default_gazetteer(), [])
    events = _case_events()
    far = [replace(e, times=({"kind": "date", "date": "2012-06-01"},)) if e.id == "b:e2" else e for e in events]
    clusters = [EventCluster("x1", ("a:e1",), ("a",), ""), EventCluster("x2", ("s:e1",), ("s",), ""),
                EventCluster("x3", ("b:e1", "c:e1"), ("b", "c"), "")]
    assert nameless_joins(far, clusters, {}, geo)[0] == clusters  # two clusters of the crime, neither within a week
    statement = [replace(e, action="dismissal") if e.id == "b:e1" else e for e in events]
    assert nameless_joins(statement, clusters, {}, geo)[0] == clusters  # a resignation report: any strike of a war


def test_a_nameless_crime_of_a_report_told_with_the_crimes_reports_stays_in_their_cluster():
    """A charge report clustered with the reports of the crash keeps the crash's day there, beside the
    charge day, so the charge day is not set alone against the crash reports' days."""
    from checker.alignment.align import nameless_joins
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer
    from checker.model import Event, EventCluster

    events = [Event("a:e1", "a", "reported", "accident", (), participants=("name:marta quist",)),
              Event("c:e1", "c", "reported", "charge", (), participants=("name:marta quist", "name:dale whit")),
              Event("c:e2", "c", "related", "accident", ()),
              Event("d:e1", "d", "reported", "accident", (), participants=("name:dale whit",))]
    clusters = [EventCluster("x1", ("a:e1", "c:e1"), ("a", "c"), ""), EventCluster("x2", ("d:e1",), ("d",), "")]
    joined, _ = nameless_joins(events, clusters, {}, Geography(default_gazetteer(), []))
    assert joined[0].event_ids == ("a:e1", "c:e1", "c:e2") and joined[1] == clusters[1]
