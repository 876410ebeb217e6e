"""An article's places read with each other and with its people's hometowns: a bare name shared by a
large city abroad and a town of the story's own state is the town (checker.extraction.claims)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.alignment.compare import place_of
from checker.running.pipeline import check_corpus

ROOT = Path(__file__).resolve().parent.parent


def _places(tmp_path, body: str) -> dict[str, tuple[str, str | None]]:
    head = '---\ntitle: "Cyclist killed"\noutlet: Valley Wire\npublished: 2024-06-16\n---\n'
    (tmp_path / "story.md").write_text(head + textwrap.dedent(body), encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    return {c.value: (place_of(c).country, place_of(c).admin1) for c in report.claims if c.kind == "place"}


def test_hometowns_say_which_hamilton(tmp_path):
    places = _places(tmp_path, """\
        A cyclist was killed Saturday when a pickup truck struck him at an intersection in Hamilton, police said.

        The cyclist, Dale Purcell, 52, of Fairfield, Ohio, died at the scene.
        """)
    assert places["Hamilton"] == ("US", "OH")


def test_places_in_two_countries_are_read_again_with_each_other(tmp_path):
    places = _places(tmp_path, """\
        A cyclist was killed Saturday when a pickup truck struck him at an intersection in Hamilton, police said.

        The driver was later arrested in Cincinnati, Ohio.
        """)
    assert places["Hamilton"] == ("US", "OH")


def test_a_weekday_after_a_place_is_not_part_of_its_name(tmp_path):
    places = _places(tmp_path, """\
        A driver struck and killed a woman in Cincinnati Friday night, police said.
        """)
    assert places == {"Cincinnati": ("US", "OH")}


def test_a_name_the_article_gives_a_participant_is_no_venue(tmp_path):
    """"vulnerabilities in Internet Explorer": after "in", but the name of a thing the story is about;
    read as a place too, one shared name would count twice when two reports are compared."""
    places = _places(tmp_path, """\
        Northwind Software released a patch on Wednesday to plug vulnerabilities in Lumen Browser.

        Lumen Browser is used by millions, Northwind Software said.
        """)
    assert "Lumen Browser" not in places


def test_a_nationality_word_is_no_place_but_the_capital_it_qualifies_is():
    """"in the Greek capital" is Athens, as another outlet's "in Athens" says; "at Turkmen embassies" names
    no place at all (the embassies are abroad). Before, both were places nobody could locate."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text):
        return [(text[m.start:m.end], m.place.name, m.place.kind) for m in place_mentions(text, 0, default_gazetteer())]

    assert read("Riots spread in the Greek capital on Monday.") == [("Greek capital", "Athens", "city")]
    assert read("A strong quake rocked the Chilean capital.") == [("Chilean capital", "Santiago", "city")]
    assert read("Citizens voted at Turkmen embassies abroad.") == []
    assert read("Protesters marched in Greece on Monday.") == [("Greece", "Greece", "country")]


def test_a_state_opening_the_lead_as_its_subject_is_where_it_happened():
    """"Alaska lost part of its history on Tuesday, when a blaze ...": the state is the fire's place. A
    country opening a sentence is a party more often than a place, a city its government, and a word
    that is no subject (a possessive, a noun after it) is left to the other readings."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text, subject=True):
        return [(m.surface, m.place.kind) for m in place_mentions(text, 0, default_gazetteer(), subject=subject)]

    assert read("Alaska lost part of its history on Tuesday, when a blaze destroyed a warehouse.") == [("Alaska", "admin1")]
    assert read("Queensland was hit by floods on Monday.") == [("Queensland", "admin1")]
    assert read("Alaska lost part of its history on Tuesday.", subject=False) == []
    assert read("Japan signed the agreement on Monday.") == []
    assert read("Washington imposed new sanctions on Monday.") == []
    assert read("Alaska's governor declared an emergency on Monday.") == []


@pytest.mark.parametrize("sentence, is_contest", [
    ("Kansas beat Missouri 31-24 on Saturday.", True),
    ("Kentucky routed Florida in Gainesville on Saturday.", True),
    ("Texas lost to Oklahoma on Saturday.", True),
    ("Alabama rolled over Auburn 42-14.", True),
    ("Iowa celebrated a victory over Nebraska.", True),
    ("Alaska lost part of its history on Tuesday, when a pre-dawn blaze destroyed a warehouse.", False),
    ("Queensland was hit by floods on Monday.", False),
])
def test_a_region_opening_a_contest_between_named_sides_is_a_team(sentence, is_contest):
    """claims reads no region subject in such a sentence: "Kansas beat Missouri" opens with a team."""
    from checker.extraction.scores import contest

    assert contest(sentence) is is_contest


def test_a_state_or_country_the_gazetteers_town_is_not_in_is_what_the_report_says():
    """"Killeen, Oklahoma": the gazetteer's Killeen is in Texas, so the report's town is one it puts in
    Oklahoma, unknown to the gazetteer; read as the Texas city, the wrong state would agree with every
    other report. Outside the US likewise, where the gazetteer knows the city's region ("Manokwari, the
    capital of Aceh" is no Manokwari it knows; "... of West Papua" is its Manokwari). A town it lacks, with
    its state after it, is a place in that state, not a person ("near Pecan Hollow, Texas"). Where the
    stated region decides the reading, the mention quotes it too: a finding rests on those words."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text):
        return [(m.surface, m.place.kind, m.contained_in.id if m.contained_in else None)
                for m in place_mentions(text, 0, default_gazetteer())]

    assert read("The van was found near Killeen, Oklahoma, on Monday.") == [("Killeen, Oklahoma", "unknown", "admin1:US.OK")]
    assert read("The van was found near Killeen, Texas, on Monday.") == [("Killeen", "city", None)]
    assert read("Quakes rocked Manokwari, the capital of Bahia, on Sunday.") == [("Manokwari, the capital of Bahia", "unknown", "admin1:BR.BA")]
    assert read("Quakes rocked Manokwari, the capital of West Papua, on Sunday.") == [("Manokwari", "city", "admin1:ID.PB")]
    assert read("Quakes rocked Manokwari, the capital of Aceh, on Sunday.") == [("Manokwari, the capital of Aceh", "unknown", "admin1:ID.AC")]
    assert read("The van was found near Mannheim, Bavaria, on Monday.") == [("Mannheim, Bavaria", "unknown", "admin1:DE.BY")]
    assert read("The van was found near Pecan Hollow, Texas, on Monday.") == [("Pecan Hollow", "unknown", "admin1:US.TX")]


def test_a_place_run_into_a_name_through_of_is_the_place():
    """"in Athens of Alexandros Grigoropoulos, 15," (a comma lost): the place is Athens; "Bank of America"
    and "University of Florida" open with no place, "Isle of Man" is a place as a whole."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text):
        return [(m.surface, m.place.kind) for m in place_mentions(text, 0, default_gazetteer())]

    assert read("A police shooting Dec. 8 in Athens of Dario Fenwick, 15, set off the riots.") == [("Athens", "city")]
    assert read("They met in the Isle of Man on Monday.") == [("Isle of Man", "country")]
    assert read("He studied at the University of Florida in Gainesville.")[0][0] == "University of Florida"


def test_two_towns_of_one_name_in_two_states_are_named_with_their_states():
    report, _ = check_corpus([ROOT / "fixtures" / "CC101-location-conflict" / "fires-town-given-another-state"])
    [finding] = [f for f in report.findings if f.rule == "CC101"]
    assert sorted(s.value for s in finding.sides) == ["Killeen, Oklahoma", "Killeen, Texas"]


def test_a_town_put_in_a_state_fits_a_city_of_that_state():
    """A town only the text locates, in Texas, and Killeen (Texas): perhaps one place; against a city
    of another state: two."""
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    town, texas, oklahoma = gaz.unknown("Pecan Hollow"), gaz.get("admin1:US.TX"), gaz.get("admin1:US.OK")
    killeen, tulsa = gaz.resolve("Killeen", ["US"]), gaz.resolve("Tulsa", ["US"])
    geo = Geography(gaz, [(town, texas)])
    assert geo.compatible(town, killeen) and geo.compatible(killeen, town)
    assert not geo.compatible(town, tulsa)
    assert not Geography(gaz, [(town, oklahoma)]).compatible(town, killeen)


@pytest.mark.parametrize("headline, places", [
    ("Teen Arrested in Shooting of Hero Brooklyn Mom", []),
    ("Australian Ski Mountaineer Dies in Fall in New Zealand", ["New Zealand"]),
    ("Woman Killed in Queens Hit-And-Run, Police Arrest Driver", ["Queens"]),
    ("Fire Destroys Historic Building in Palmer, Alaska", ["Palmer"]),
])
def test_a_title_case_headline_gives_only_places_someone_can_locate(headline, places):
    """Every word of a title-case headline is capitalised, so a capitalised run there is no sign of a
    name: "in Shooting of Hero Brooklyn Mom" is no venue, "Queens Hit-And-Run" is Queens."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    assert [m.surface for m in place_mentions(headline, 0, default_gazetteer())] == places


def test_the_city_of_a_name_a_province_shares_is_the_city():
    """Bengkulu is a province and its capital; "the city of Bengkulu" is the capital, a bare "in
    Bengkulu" the province (as for any region and city of one name below a million people)."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text):
        return [(m.surface, m.place.kind) for m in place_mentions(text, 0, default_gazetteer(), ["ID"])]

    assert read("A powerful earthquake hit the city of Bengkulu on Sunday.") == [("Bengkulu", "city")]
    assert read("A powerful earthquake struck in Bengkulu on Sunday.") == [("Bengkulu", "admin1")]


def test_a_destination_the_sentence_places_something_in_is_a_place():
    """"forced them to drive to X, where he restrained them": X is where the rest of the sentence
    happened. A bare destination ("drove the officers to Baytown") is one end of a journey, as before."""
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.places import place_mentions

    def read(text):
        return [(m.surface, m.place.name) for m in place_mentions(text, 0, default_gazetteer())]

    assert read("He forced them to drive to Lima, Peru, where he took their guns.") == [("Lima", "Lima")]
    assert read("The guards were forced to drive to the Baytown area, where he ran away.") == [("Baytown", "Baytown")]
    assert read("He forced them to drive to Lima and took their guns.") == []


def test_a_town_the_text_placed_stays_that_town_when_named_again_bare(tmp_path):
    """"Esbjerg, the capital of Galicia" in the lead and "in Esbjerg" below are one town of one article:
    read alone, the second would be Denmark's Esbjerg, and the article would give its flood two places."""
    from checker.running.pipeline import check_corpus

    (tmp_path / "a.md").write_text(
        "---\npublished: 2025-04-15\n---\nA flood in Esbjerg, the capital of Galicia, on Monday forced 2,000 people"
        " from their homes, officials said.\n\nRescue teams in Denmark and in Esbjerg reached the last families"
        " by evening.\n", encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    towns = {c.normalized["id"] for c in report.claims if c.kind == "place" and c.value == "Esbjerg"}
    assert towns == {"text:esbjerg"}
