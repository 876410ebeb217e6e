"""Each sentence-level extractor on its own, with stories other than the seeds'."""

from __future__ import annotations

import pytest

from checker.extraction.attribution import attributions
from checker.extraction.capitals import runs
from checker.extraction.framing import framing_mentions
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.participants import find_people, mentions, merge_people, party_count
from checker.extraction.places import place_mentions
from checker.extraction.quantities import compatible, quantities
from checker.extraction.topics import same_topic, topics

# --- capitalised runs ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("They met in Lyon on Tuesday.", ["They", "Lyon", "Tuesday"]),
        ("Floods hit Rio Grande do Sul.", ["Floods", "Rio Grande do Sul"]),
        ("Tomáš Novák arrived.", ["Tomáš Novák"]),
        ("Experts at the Bank of England said", ["Experts", "Bank of England"]),
        ("The Philadelphia 76ers fired Maurice Cheeks.", ["Philadelphia 76ers", "Maurice Cheeks"]),
        ("He scored 23 points against 76ers fans.", ["He"]),  # a team number alone starts no run
        ("The man, Brian G. Nichols, was sentenced.", ["Brian G. Nichols"]),  # a middle initial keeps the run
        ("He lives in Washington D.C. with his wife.", ["He", "Washington D.C."]),
    ],
)
def test_capitalised_runs(text, expected):
    assert [r.text for r in runs(text)] == expected


# --- participants ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,name,role,country",
    [
        ("Finnish Interior Minister Anna Virtanen met her counterpart.", "Anna Virtanen", "interior minister", "FI"),
        ("Kadri Tamm, Estonia's foreign minister, arrived on Monday.", "Kadri Tamm", "foreign minister", "EE"),
        ("Deputy mayor Sophie Laurent welcomed the delegates.", "Sophie Laurent", "deputy mayor", None),
        ("The visit was hosted by former Estonian foreign minister Peeter Kask.", "Peeter Kask", "former foreign minister", "EE"),
        ("Chilean Defence Minister Rosa Fuentes said", "Rosa Fuentes", "defense minister", "CL"),
        # a lawyer is named by title too: "Attorney" is no part of the name
        ("Attorney Dana Ruth Keller told the judge she had checked in.", "Dana Ruth Keller", "attorney", None),
        ("Her lawyer, Sam Ortiz, said she was fine.", "Sam Ortiz", "lawyer", None),
    ],
)
def test_people_by_title_shapes(sentence, name, role, country):
    people = find_people(sentence)
    assert [(p.name, p.role, p.country) for p in people] == [(name, role, country)]


def test_later_mentions_by_one_name_part_resolve_to_the_person():
    people = merge_people(find_people("Finnish Interior Minister Anna Virtanen arrived."))
    found = mentions("Virtanen said the talks went well.", 0, people)
    assert [m.key for m in found] == ["person:anna virtanen"]


def test_countries_are_parties_only_as_subjects_lists_or_partners():
    keys = lambda s: sorted((m.key, m.party) for m in mentions(s, 0, {}) if m.kind == "country")
    assert keys("Kenya and Tanzania signed a trade deal.") == [("country:KE", True), ("country:TZ", True)]
    assert keys("The talks reaffirmed coordination with Germany.") == [("country:DE", False)]
    assert keys("Chile signed a pact with Argentina.") == [("country:AR", True), ("country:CL", True)]


def test_named_institution_as_subject_is_a_participant():
    found = mentions("STRASBOURG — The European Court of Human Rights ruled on Thursday.", 0, {})
    assert [m.key for m in found if m.kind == "organisation"] == ["org:european court of human rights"]


@pytest.mark.parametrize("sentence,count", [("a bilateral meeting", 2), ("the trilateral summit", 3), ("the three governments agreed", 3), ("both countries", 2), ("a meeting", None)])
def test_party_count(sentence, count):
    assert party_count(sentence) == count


# --- places ----------------------------------------------------------------------------------------


def _places(sentence):
    return [(m.surface, m.place.kind, m.place.country) for m in place_mentions(sentence, 0, default_gazetteer())]


def test_locative_places_resolve_with_the_gazetteer():
    assert _places("The ministers met in Lyon on Tuesday.") == [("Lyon", "city", "FR")]
    assert _places("Leaders gathered in Houston, Texas.") == [("Houston", "city", "US")]
    assert _places("Floods in the southern state of Rio Grande do Sul") == [("Rio Grande do Sul", "admin1", "BR")]


def test_place_names_not_after_a_locative_are_not_venues():
    assert _places("Lyon fans celebrated the win.") == []
    assert _places("For readers in Reading, nothing changed.") == []


def test_a_numbered_thing_or_a_plurals_possessive_is_no_venue():
    """A name the gazetteer does not know, after "in" or "at", is kept as a venue or small town that
    ties reports; not "Week 16" (the number is no part of the tie: "in Week 3" would tie as well), nor
    "the Saints' game" (a team's)."""
    assert _places("The Comets won in Week 16 on a late field goal.") == []
    assert _places("He was hurt in the Larkfords' game against Dover.") == []
    assert _places("The crash happened near Interstate 805.") == []
    assert _places("The fight was held at the Brackton Arena.") == [("Brackton Arena", "unknown", None)]


def test_the_ends_of_a_journey_are_not_where_it_happened():
    """"en route from the Estelle Unit in Huntsville, Texas, to the Stiles Unit in Beaumont": where he
    came from and was going; "met at the summit in Lyon" stays a meeting's place."""
    assert _places("He was en route from the Estelle Unit in Huntsville, Texas, to the Stiles Unit in Beaumont, Texas, "
                   "when he escaped.") == []
    assert _places("She was taken to Memorial Hermann Hospital in Houston.") == []
    assert _places("The ministers went to the summit in Lyon.") == [("Lyon", "city", "FR")]


def test_a_name_before_a_facility_word_is_a_venue_not_a_town():
    """"at the Estelle prison unit": the prison's name (Estelle, Louisiana, is a town), read as a venue
    that ties reports and contradicts no place."""
    found = place_mentions("Visitors at the Estelle prison unit are searched.", 0, default_gazetteer(), ["US", "US.TX"])
    assert [(m.surface, m.place.kind) for m in found] == [("Estelle", "unknown")]
    assert _places("Fans gathered in Lyon on Sunday.") == [("Lyon", "city", "FR")]


@pytest.mark.parametrize("sentence, expected", [
    ("A refugee camp was bombed in South Sudan's Unity state on Saturday.", [("Unity", "admin1", "SS")]),
    ("A strong quake struck in Turkey's Van province on Sunday.", [("Van", "admin1", "TR")]),
    ("The talks in Israel's war with Hamas failed.", []),  # no capitalised name after the possessive
])
def test_a_region_after_a_possessive_is_read_in_an_opening_sentence(sentence, expected):
    found = place_mentions(sentence, 0, default_gazetteer(), possessive=True)
    assert [(m.surface, m.place.kind, m.place.country) for m in found] == expected
    assert place_mentions(sentence, 0, default_gazetteer()) == []  # elsewhere: where people fled from, as often


def test_containment_stated_in_the_text():
    [m] = place_mentions("The talks took place in Kreuzberg, a district of Berlin.", 0, default_gazetteer())
    assert m.surface == "Kreuzberg" and m.contained_in.name == "Berlin"
    m = place_mentions("The vote was held in Little Marsh, a village near Norwich.", 0, default_gazetteer())[0]
    assert m.place.kind == "unknown" and m.place.id == "text:little marsh" and m.contained_in.name == "Norwich"


def test_attributive_city_before_an_event_noun():
    assert _places("The Marseille summit ended early.") == [("Marseille", "city", "FR")]


# --- framing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,term,cls,polarity,modality",
    [
        ("The two countries on Monday signed a formal trade agreement.", "agreement", "formal_agreement", "positive", "asserted"),
        ("They issued a joint statement.", "joint statement", "nonbinding", "positive", "asserted"),
        ("The deal does not create an alliance.", "alliance", "alliance", "negated", "asserted"),
        ("Officials pushed for a treaty.", "treaty", "treaty", "positive", "irrealis"),
        ("Trade pacts often fail.", None, None, None, None),
    ],
)
def test_framing_mentions(sentence, term, cls, polarity, modality):
    found = [m for m in framing_mentions(sentence) if m.term == term] if term else framing_mentions(sentence)
    if term is None:
        assert found == []
        return
    [m] = found
    assert (m.cls, m.polarity.polarity, m.polarity.modality) == (cls, polarity, modality)


# --- attribution -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence,speaker,named",
    [
        ("The river rose, according to the national weather agency.", "the national weather agency", True),
        ("Three people died, police said.", "police", True),
        ("The deal is fragile, observers caution.", "observers", False),
        ("Senior officials have, in private, described the plan as bold.", "Senior officials", False),
    ],
)
def test_attribution(sentence, speaker, named):
    [a] = attributions(sentence)
    assert (a.speaker, a.named) == (speaker, named)


@pytest.mark.parametrize("sentence, speakers", [
    ("The shooting took place last Friday outside a school that claimed the life of Jane Roe.", []),
    ("The quake claimed 300 lives.", []),
    ("Police claimed the man was armed.", ["Police"]),
    ("Officials said the lives of residents were at risk.", ["Officials"]),
])
def test_a_toll_claimed_is_no_statement(sentence, speakers):
    assert [a.speaker for a in attributions(sentence)] == speakers


@pytest.mark.parametrize("sentence", [
    "Turnout reached 90 per cent of eligible voters in Sunday's parliamentary vote.",
    "The refinery's output rose to 40,000 barrels per day in March.",
    "Spending per capita on Lake Varna's schools doubled.",
])
def test_a_rate_after_per_is_no_source(sentence):
    """On ECB+ "90 per cent of eligible voters had participated in parliamentary elections Sunday" was a
    named speaker (its "Sunday" a capital)."""
    assert attributions(sentence) == []


def test_per_still_names_a_source():
    [a] = attributions("The plant will close in June, per a statement from Harrow Systems.")
    assert (a.speaker, a.named) == ("a statement from Harrow Systems", True)


# --- topics ----------------------------------------------------------------------------------------


def test_topics_are_the_items_agreed():
    found = [t.surface for t in topics("The ministers agreed on joint coast guard patrols, energy grid links and AI research.")]
    assert found == ["joint coast guard patrols", "energy grid links", "AI research"]


def test_topic_matching_by_stems_and_acronyms():
    [a] = topics("They agreed on artificial intelligence.")
    [b] = topics("They agreed on AI.")
    [c] = topics("They agreed on fisheries quotas.")
    assert same_topic(a, b)
    assert not same_topic(a, c)


# --- quantities ------------------------------------------------------------------------------------


def _q(sentence):
    return [(q.value, q.unit, q.qualifier) for q in quantities(sentence)]


def test_quantities_read_units_and_qualifiers():
    assert _q("Floods have killed 12 people.") == [(12.0, "deaths", "")]
    assert _q("Thirty people were killed.") == [(30.0, "deaths", "")]
    assert _q("At least 12 people died.") == [(12.0, "deaths", "at least")]
    assert _q("The storm forced 300 residents from their homes.") == [(300.0, "people", "")]
    assert _q("The gunman killed a teacher, wounding two others.") == [(2.0, "injuries", "")]
    assert _q("In 2024 the two governments met.") == []


def test_quantities_count_the_accused_and_outcomes_named_before_of():
    # how many a case is against: the number of defendants is a fact of the story like its toll
    assert _q("The trial of two men accused of killing a mother began.") == [(2.0, "accused", "")]
    assert _q("Police arrested three suspects.") == [(3.0, "accused", "")]
    # the outcome named before "of" says what befell the people counted
    assert _q("He was convicted of the murder of Jane Roe and the injury of six others.") == [(6.0, "injuries", "")]
    assert _q("The deaths of 12 people shocked the town.") == [(12.0, "deaths", "")]
    assert _q("The homes of 12 people were searched.") == [(12.0, "people", "")]


def test_the_number_after_a_parents_of_counts_children_not_the_dead():
    assert _q("Last moments of Brooklyn mother of 12 killed in crossfire.") == []
    assert _q("A father of three was among 12 people killed.") == [(12.0, "deaths", "")]


def test_quantities_count_people_driven_from_their_homes():
    assert _q("About 14,000 people fled their homes at the weekend.") == [(14000.0, "displaced", "about")]
    assert _q("The quakes left over 42,000 people taking shelter in tents.") == [(42000.0, "displaced", "over")]
    assert _q("The storm left 3,000 people homeless.") == [(3000.0, "displaced", "")]
    assert _q("12,000 people were displaced by the floods.") == [(12000.0, "displaced", "")]
    assert _q("Around 14,000 people flooded into camps on high ground.") == [(14000.0, "displaced", "around")]
    assert _q("There were some 14,000 refugees across the province.") == [(14000.0, "displaced", "some")]
    # three men who fled to a house fled no disaster
    assert _q("Three men fled to a nearby house.")[0][1] != "displaced"
    # fleeing a jail or shelters built are no displacement
    assert _q("300 prisoners fled the jail.")[0][1] != "displaced"
    assert _q("Aid groups set up 200 shelters.")[0][1] != "displaced"


def test_quantity_ranges():
    [about] = quantities("About 100 people were injured.")
    [exact] = quantities("103 people were injured.")
    [other] = quantities("150 people were injured.")
    assert compatible(about, exact) and not compatible(about, other)


def test_numbers_joined_by_and_both_count_what_the_second_names():
    assert _q("Tremors followed the 7.6 and 7.5 magnitude quakes.") == [(7.6, "magnitude", ""), (7.5, "magnitude", "")]


def test_numbers_joined_by_or_and_between_are_one_range():
    [guess] = quantities("Three or four people were killed.")
    assert (guess.unit, guess.low, guess.high) == ("deaths", 3.0, 4.0)
    [span] = quantities("Between 10 and 20 people died.")
    assert (span.unit, span.low, span.high) == ("deaths", 10.0, 20.0)


# --- where a named person is from ------------------------------------------------------------------


def _origins(text: str) -> list[tuple[str, str]]:
    """Read as in an article whose other sentences name the United States (a town of 65,000 is read
    with the article's countries)."""
    from checker.extraction.origins import origins

    people = merge_people(find_people(text, 0))
    named = [m for m in mentions(text, 0, people) if m.kind in ("person", "name")]
    return [(o.person, o.surface) for o in origins(text, 0, named, default_gazetteer(), ("US",))]


@pytest.mark.parametrize(
    "sentence,expected",
    [
        ("Police said Vishwanand Subryan, 23, of Schenectady, was arrested.", [("Vishwanand Subryan", "Schenectady")]),
        ("Officers caught up with 23-year-old Vishwanand Subryan of Schenectady nearby.", [("Vishwanand Subryan", "Schenectady")]),
        ("The suspect was identified as 23-year old Vishwanand Subryan of Schenectady.", [("Vishwanand Subryan", "Schenectady")]),
        ("Interior Minister Anna Virtanen, of Tampere, arrived on Monday.", [("Anna Virtanen", "Tampere")]),
        ("Police Chief Tom Reyes, a 32-year-old officer from Modesto, spoke.", [("Tom Reyes", "Modesto")]),
        ("Interior Minister Anna Virtanen, who lives in Tampere, arrived.", [("Anna Virtanen", "Tampere")]),
        # not a hometown: a lowercase employer, a journey, a place not after a name
        ("Interior Minister Anna Virtanen of the ruling party spoke.", []),
        ("Interior Minister Anna Virtanen, a woman who flew in from Oslo, spoke.", []),
        ("A Perth man survived two nights on the mountain.", []),
        # the family name alone is known as another person's; the full name beside the age wins
        ("Herbert Flynn wept for 20-year-old Ka'Loni Flynn, of Fort Smith.", [("Ka'Loni Flynn", "Fort Smith")]),
        ("Interior Minister Anna Virtanen, a former University of Helsinki lecturer, spoke.", []),
    ],
)
def test_hometowns_stated_right_after_a_name(sentence, expected):
    assert _origins(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    ("Police said Senator Dana Whitcombe disappeared from her Modesto home in 2002.", [("Dana Whitcombe", "Modesto")]),
    ("Officers found Mayor Tom Reyes dead at his home in Schenectady on Friday.", [("Tom Reyes", "Schenectady")]),
    ("Mayor Tom Reyes's Modesto home was searched.", [("Tom Reyes", "Modesto")]),
    # no place, no owner named before it, or a place the gazetteer does not know
    ("Officers found Mayor Tom Reyes dead at his home on Friday.", []),
    ("Her home in Modesto was searched.", []),
    ("Mayor Tom Reyes returned to his Zorblat home.", []),
])
def test_a_home_is_where_its_owner_is_from(sentence, expected):
    """"disappeared from her Modesto home", "at his home in Schenectady": a home says where its owner
    lives, as "of Modesto" does; "his" or "her" is the person named last before it."""
    assert _origins(sentence) == expected


def test_the_couples_home_is_the_home_of_the_one_person_with_a_spouse():
    """"convicted Mayor Tom Reyes of murder in the death of his wife ... Dana disappeared from the couple's
    home in Modesto": the couple is the one person the article gives a spouse, with that spouse."""
    from checker.extraction.origins import homes, married

    sentences = ["A jury convicted Mayor Tom Reyes of murder in the death of his wife, Dana.",
                 "Dana disappeared from the couple's home in Modesto, California, in 2002."]
    read = []
    offset = 0
    for text in sentences:
        people = merge_people(find_people(text, offset))
        read.append((text, offset, [m for m in mentions(text, offset, people) if m.kind in ("person", "name")]))
        offset += len(text) + 1
    couple = married(read)
    assert couple is not None and couple.value == "Tom Reyes"
    text, at, people = read[1]
    assert [(o.person, o.surface) for o in homes(text, at, people, default_gazetteer(), ("US",), couple)] == [("Tom Reyes", "Modesto")]
    other = "Senator Ann Cole and her husband left."
    two = read + [(other, offset, [m for m in mentions(other, offset, merge_people(find_people(other, offset)))
                                   if m.kind in ("person", "name")])]
    assert married(two) is None  # two people with spouses: whose "couple" is unsaid


@pytest.mark.parametrize("lead, expected", [
    ("A Nebraska man was found guilty Thursday.", ("someone:man", "Nebraska")),
    ("Police say a Tulsa man was arrested Friday.", ("someone:man", "Tulsa")),  # after whoever says it
    ("The sheriff's office said an Ohio woman died.", ("someone:woman", "Ohio")),
    ("Police say a Perth mountain climber is devastated.", ("someone:climber", "Perth")),  # a noun qualified
    ("A Leeds lorry driver was jailed.", ("someone:driver", "Leeds")),
    ("A Dundee doctor's colleague paid tribute.", None),  # the possessor of the subject, not the subject
    ("Police say a Tulsa man's car was stolen.", None),
    ("A Texas court sentenced a man to life.", None),  # a verb before any people noun
    ("A colleague paid tribute to a Dundee doctor.", None),  # not the subject
])
def test_the_unnamed_subject_a_lead_opens_with_is_from_its_place(lead, expected):
    from checker.extraction.origins import lead_subject_origin

    found = lead_subject_origin(lead, 0, default_gazetteer())
    assert (found and (found.person_key, found.surface)) == expected


@pytest.mark.parametrize("text, expected", [
    ("She moved to St. Louis on Monday.", ["She", "St. Louis", "Monday"]),
    ("He fell in the Aoraki-Mt. Cook National Park.", ["He", "Aoraki-Mt. Cook National Park"]),
    ("It was the U.S. Army.", ["It", "U.S. Army"]),
    ("He left. Louis stayed.", ["He", "Louis"]),  # a sentence's period is no abbreviation's
])
def test_a_name_abbreviation_keeps_its_period_inside_the_run(text, expected):
    from checker.extraction.capitals import runs

    assert [r.text for r in runs(text)] == expected


@pytest.mark.parametrize("sentence, opening, background_from", [
    # reported speech in the opening sentence: the past perfect is the tense of what was said, the news
    ("The government said 90 percent of voters had participated in the elections Friday.", True, None),
    # the same sentence further down, or a ruling (a happening of its own) about an earlier one
    ("The government said 90 percent of voters had participated in the elections Friday.", False, "said"),
    ("The court ruled on May 5 that the state had breached the treaty.", True, "that"),
    # the same with the speaker after it: still reported speech in the opening, still an earlier event below
    ("The singer had checked into a treatment centre in Malibu, her publicist confirmed.", True, None),
    ("The singer had checked into a treatment centre in Malibu, her publicist confirmed.", False, "The"),
    ("The ferry had capsized near the port, the coast guard said on Sunday.", True, None),
    # a comma and a verb of saying that does not end the sentence: no speaker after it
    ("The ferry had capsized near the port, which officials said was closed.", True, "The"),
    # a past perfect in the main clause: the whole sentence looks back
    ("The two navies had already resumed drills in March.", True, "The"),
])
def test_a_past_perfect_marks_an_earlier_event_except_as_reported_speech_in_the_opening(sentence, opening, background_from):
    from checker.extraction.claims import _background_start
    start = _background_start(sentence, opening=opening)
    assert (None if start is None else sentence[start:].split()[0]) == background_from
