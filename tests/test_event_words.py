"""Event words, the verb a time belongs to, and names given without a title (issue 11)."""

import pytest

from checker.extraction.attachment import governor
from checker.extraction.participants import untitled_names
from checker.extraction.people import canonical_person_keys
from checker.extraction.triggers import find_triggers
from checker.model import Sentence


@pytest.mark.parametrize("sentence, actions", [
    ("They opened fire on the crowd.", ["shooting"]),
    ("The club fired its coach after a losing streak.", ["dismissal"]),
    ("The minister came under fire from the opposition.", []),
    ("A fire destroyed the warehouse.", ["fire", "damage"]),
    ("A refugee camp was bombed on Thursday.", ["attack"]),
    ("The December 9 killing of a teenager by police unleashed the unrest.", ["killing"]),  # a homicide
    ("The quake struck at dawn, killing 40 people.", ["disaster", "struck", "casualties"]),  # deaths of any kind
    ("Philadelphia 76ers Fire Coach Jim O'Brien, Hire Maurice Cheeks", ["dismissal", "appointment"]),
    ("The board may fire him next week.", ["dismissal"]),
    ("The fire chief said the fire was set at the entrance.", ["fire", "fire"]),
    ("Prosecutors said he chose to fire the bullet that struck the girl.", ["shooting", "struck"]),
    ("Witnesses said he fired a shot into the air.", ["shooting"]),
    ("She was struck by bullets fired from a passing car.", ["struck", "shooting"]),
    ("He was fired from his job at the plant.", ["dismissal"]),
    ("Woman Killed in Queens Hit-Run, Driver Charged", ["casualties", "accident", "charge"]),
    ("She died after being struck by a vehicle in Queens.", ["casualties", "accident"]),
    ("He was run over by a bus.", ["accident"]),
    ("The project ran over budget.", []),
    ("Australian Ski Mountaineer Dies in Fall in New Zealand", ["accident"]),
    ("Prices fell from record highs in the fall.", []),
    ("He pulled a gun on two guards and fired it during a transfer.", ["shooting"]),
    ("The officers fired their weapons.", ["shooting"]),
    ("He died of a heart attack.", ["casualties"]),
    ("She checked into a rehab clinic.", ["admission", "admission"]),
    ("She checked herself in on Saturday.", ["admission"]),
    # kinds of happening beyond crime and disasters
    ("The team placed its running back on injured reserve.", ["roster"]),
    ("He sprained his left knee in the loss.", ["injury"]),
    ("The climber fell to his death from the ridge.", ["accident"]),
    ("An inmate escaped from a prison van.", ["escape"]),
    ("The driver narrowly escaped being hit.", []),
    ("The actor was named as the new lead.", ["appointment"]),
    # a court word that only describes a person reports no court step, nor does the crime it names
    ("A convicted sex offender sentenced to life in prison pulled a gun.", []),
    ("A man charged with murder escaped from jail.", ["escape"]),
    ("Peterson convicted of murder", ["verdict"]),
    ("Smith was formally charged with murder.", ["charge"]),
    # a crime a court step takes as its charge reports no killing of its own
    ("He was found guilty of two counts of murder Thursday in the shooting death of a woman.", ["verdict"]),
    ("He was charged with murder on Friday.", ["charge"]),
    ("She pleaded not guilty to murder.", ["plea"]),
    ("He was charged Friday after a shooting that killed two.", ["charge", "shooting", "casualties"]),
    ("Gunmen killed five, a day after a court sentenced their leader.", ["shooting", "casualties", "sentence"]),
    # a crime word right before a court word is the charge: "the murder trial" is a trial
    ("Opening statements began in the murder trial of the accused.", ["trial"]),
    ("He faces robbery charges after the raid.", ["charge"]),
    ("The murder shocked the town.", ["killing"]),
    # a boat that sank is an accident; a player who sank a shot is not
    ("The ferry sank off the coast.", ["accident"]),
    ("He sank a free throw with 4:43 left.", []),
    # a fall told by its distance is an accident; a price that fell is not
    ("He fell about 2,000 feet while climbing to a hut.", ["accident"]),
    ("The climber plunged 600 metres down a gully.", ["accident"]),
    ("Shares fell 3 percent on Monday.", []),
    ("Profits fell to £3m last year.", []),
    # "strike" with its weapon is an attack; alone it is as often a walkout
    ("An Israeli mortar strike killed 40 people.", ["attack", "casualties"]),
    ("A drone strike hit the convoy.", ["attack"]),
    ("Dock workers went on strike on Monday.", []),
    ("Efforts to end Israel's military onslaught in the Gaza Strip grew.", ["attack"]),
    ("The army began a ground offensive at dawn.", ["attack"]),
    ("The team's offensive line looked tired.", []),
])
def test_phrases_win_over_their_words(sentence, actions):
    assert [t.action for t in find_triggers(sentence)] == actions


def _verb(sentence, value):
    start = sentence.index(value)
    return governor(sentence, start, start + len(value))


@pytest.mark.parametrize("sentence, value, word, action", [
    ("The driver was charged Friday with homicide.", "Friday", "charged", "charge"),
    ("The woman was killed Wednesday night outside the store.", "Wednesday", "killed", "casualties"),
    ("The rep confirmed to two magazines on Friday that she was in treatment.", "Friday", "confirmed", None),
    ("The mayor apologized to the pastor Saturday.", "Saturday", "apologized", None),
    ("On Friday, a strong quake struck the island.", "Friday", "quake", "disaster"),
    ("A 6.8 earthquake flattened the town on Saturday.", "Saturday", "flattened", "disaster"),
    ("The singer checked into the Harlow Ridge Clinic in Palm Vale, Calif., on Thursday night.", "Thursday", "into", "admission"),
    ("Early Friday, around 1:30 a.m., the actor checked into a clinic.", "Friday", "checked", "admission"),
    # a day right before an event noun is that event's: not the verb of the clause before it
    ("The party, founded in 2012, will be seeking seats in the December 13 election.", "December 13", "election", "election"),
    ("Voters founded no party before Sunday's election.", "Sunday", "election", "election"),
    # a statement that closes the sentence after a comma ("..., police said") dates nothing: the day is
    # the happening's, however far back its verb stands
    ("Robert Hale, 32, fell about 2,000 feet while climbing to a small hut on Mount Adler in the national "
     "park on Thursday, police said.", "Thursday", "fell", "accident"),
    ("The woman was found in a flat near the river on the edge of the old town on Friday, a spokesman said.",
     "Friday", "found", None),
    ("Police said on Thursday that the man had fled.", "Thursday", "said", None),
    ("He was killed on Thursday, police said, after a chase.", "Thursday", "killed", "casualties"),
])
def test_a_time_belongs_to_the_nearest_verb(sentence, value, word, action):
    gov = _verb(sentence, value)
    assert (gov.word, gov.action) == (word, action)


def _sentences(*texts):
    out, pos = [], 0
    for i, t in enumerate(texts):
        out.append(Sentence("s", i, pos, pos + len(t), t))
        pos += len(t) + 1
    return out


def test_names_without_a_title_are_found_and_noise_is_not():
    sentences = _sentences(
        "Dario Fenwick checked into the Harlow Ridge Recovery Center on Tuesday, his spokesman told the Valley Times.",
        "When Lisbon heard the news, fans gathered outside the East Asia office.",
        "Fenwick cancelled three concerts.",
        "A fan, Mara Quist, was there once.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: name == "Lisbon")}
    # in the lead, or named again by the last word; not "When Lisbon" (a sentence opener and a place),
    # not a medium after "told", not a region, not someone named once outside the lead
    assert found == {"Dario Fenwick", "Harlow Ridge Recovery Center"}


def test_a_family_name_alone_joins_the_one_full_name_it_ends():
    mapping = canonical_person_keys(["person:fenwick", "person:dario fenwick", "person:quist", "person:mara quist", "person:ola quist"])
    assert mapping["person:fenwick"] == mapping["person:dario fenwick"]
    assert mapping["person:quist"] == "person:quist", "two people named Quist: the family name alone stays apart"


def test_an_obligation_or_deadline_is_not_a_fact():
    from checker.extraction.negation import polarity_of

    sentence = "The secretary must make a decision on the rule by May 9."
    start = sentence.index("May 9")
    assert polarity_of(sentence, start, start + len("May 9")).modality == "irrealis"


def test_an_alternate_name_alone_does_not_beat_the_articles_countries():
    from checker.extraction.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    # "Yida" (a refugee camp) is also a GeoNames alternate name of Jeddah
    assert gazetteer.resolve("Yida", ["SS", "SD"]) is None
    assert gazetteer.resolve("Bombay", ["US"]).name == "Mumbai"  # a metropolis by its old name still resolves


def test_a_framing_word_inside_an_organisations_name_is_no_framing():
    from checker.extraction.framing import framing_mentions

    assert framing_mentions("The patch ships today, said Northwind Security Response Alliance director Ana Ruiz.") == []
    assert [m.term for m in framing_mentions("They signed the Trilateral Security Pact on Friday.")] == ["pact"]


def test_two_places_within_ten_km_are_one_place_at_a_reports_grain():
    from checker.alignment.compare import Geography
    from checker.extraction.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    geo = Geography(gazetteer)
    ramat_gan, tel_aviv = gazetteer.resolve("Ramat Gan", ["IL"]), gazetteer.resolve("Tel Aviv", ["IL"])
    assert not gazetteer.contains(tel_aviv, ramat_gan)  # the gazetteer does not nest them
    assert geo.compatible(ramat_gan, tel_aviv)  # 3 km apart
    assert not geo.compatible(gazetteer.resolve("Seoul", ["KR"]), gazetteer.resolve("Incheon", ["KR"]))  # 27 km


def test_the_one_a_happening_was_done_to_is_found_though_named_once_outside_the_lead():
    """A report of riots recalls "the Dec. 6 killing of Alexandros ..." once, far down: the victim is
    who the recalled happening is about, and the name ties it to other reports' recollections."""
    sentences = _sentences(
        "Riots spread across the country on Saturday.",
        "Students are angry at the Dec. 6 killing of Dario Fenwick and at the government.",
        "A spokesman, Mara Quist, said nothing.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario Fenwick"}


def test_a_victim_after_the_day_and_place_of_the_happening_is_found():
    """"A deadly police shooting Dec. 8 in Athens of Dario Fenwick, 15, ... touched off the riots": the
    day and the place stand between the happening and whom it was done to, and the comma lost after
    the place runs it into the name (a known place before "of", a name of two words after it)."""
    sentences = _sentences(
        "Riots spread across the country on Saturday.",
        "Students rallied in the capital.",
        "A spokesman said nothing.",
        "A deadly police shooting Dec. 8 in Athens of Dario Fenwick, 15, touched off the first riots.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: name == "Athens")}
    assert found == {"Dario Fenwick"}
    # a name of one word after a known place is no name; two places are a town in its region
    sentences[3] = Sentence("s", 3, sentences[3].start, sentences[3].end, "The shooting in Athens of Greece shocked many.")
    assert not {p.name for p in untitled_names(sentences, {0}, lambda name: name in ("Athens", "Greece"))}


def test_an_organisation_named_once_then_by_its_initials_or_first_word_is_found():
    sentences = _sentences(
        "The deal should widen the chipmaker's reach.",
        "Analysts welcomed it.",
        "Advanced Micro Devices (NYSE: AMD) announced the purchase Monday of graphics chip specialist ATI Technologies.",
        "AMD will pay $5.4 billion, and ATI shareholders will get cash and stock.",
        "ATI will keep its Toronto offices.",
    )
    found = {p.name for p in untitled_names(sentences, {0, 1}, lambda name: False)}
    assert {"Advanced Micro Devices", "ATI Technologies"} <= found
    # a name seen once outside the lead, never named again, stays out
    sentences = _sentences("The deal should widen its reach.", "Analysts welcomed it.",
                           "Rival Northwind Systems said nothing.", "The talks took weeks.")
    assert "Northwind Systems" not in {p.name for p in untitled_names(sentences, {0, 1}, lambda name: False)}


def test_a_dash_typed_as_a_hyphen_ends_the_name():
    sentences = _sentences(
        "In addition to Zurana Horton-who was a mother of 12-another mom was wounded by sniper Andrew Lopez.",
        "Horton died at the scene.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert "Zurana Horton" in found
    assert not any("who" in name for name in found)


def test_a_name_run_together_with_its_hometown_is_the_name():
    """"Christopher Kenyon Simpson of Fort Coffee" is one capitalised run; the name is the part before
    "of" (two or three words: "University of Florida" has one)."""
    sentences = _sentences(
        "Christopher Kenyon Simpson of Fort Coffee was found guilty on Thursday.",
        "Simpson will be sentenced in November.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Christopher Kenyon Simpson"}


def test_a_town_placed_in_its_region_is_no_name():
    """"by phone from Telmora of Varnia's main city": a known place of one word, "of", another place."""
    sentences = _sentences(
        "A quake struck Varnia on Sunday, officials in Telmora of Varnia said.",
        "Telmora of Varnia was hit hardest.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: name in ("Telmora", "Varnia"))}
    assert found == set()


def test_a_month_abbreviation_before_a_day_is_no_part_of_a_name():
    """"two quakes struck west of Telmora Jan. 4": "Jan" is the date's, and "Telmora Jan" no name."""
    sentences = _sentences(
        "Two quakes struck west of Dario Kessler Jan. 4, a spokesman said.",
        "Kessler said the damage was heavy.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario Kessler"}


def test_a_team_named_with_a_number_is_one_name():
    """"The Philadelphia 76ers fired ...": the number is part of the team's name. Cut at the city, the
    team would be read as a place, and two reports of the firing would share no name but the coach's."""
    sentences = _sentences(
        "The Philadelphia 76ers fired coach Dario Kessler on Saturday.",
        "Kessler had coached the team for three seasons.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: name == "Philadelphia")}
    assert found == {"Philadelphia 76ers", "Dario Kessler"}


@pytest.mark.parametrize("opening", ["Dr Dario Kessler", "Mr Dario Kessler", "Prof Dario Kessler"])
def test_a_courtesy_title_without_a_period_is_no_part_of_the_name(opening):
    """British style runs "Dr" or "Mr" into the name ("Dr Mark Vinar"); other outlets name the man
    without it, and the two reports must share his name."""
    sentences = _sentences(
        f"{opening} is presumed dead after disappearing off the ridge on Thursday.",
        "Kessler was an experienced climber.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario Kessler"}


@pytest.mark.parametrize("opening, expected", [
    ("Actress Nora Castell checked into a clinic on Tuesday.", {"Nora Castell"}),
    ("City Councilman Dario Kessler called for calm on Tuesday.", {"Dario Kessler"}),
    ("The Harbor Owls Coach said on Tuesday that Kessler would start.", {"Harbor Owls"}),
    # an occupation word that is the name's own ("Coach Inc" would be two words): left as written
    ("Manager Tools hired Dario Kessler on Tuesday.", {"Manager Tools", "Dario Kessler"}),
])
def test_a_word_for_what_someone_does_is_no_part_of_the_name(opening, expected):
    """Other outlets write "Nora Castell", not "Actress Nora Castell": with the word, one person has two
    names and the two reports share none."""
    sentences = _sentences(opening, "Kessler and Castell and the Harbor Owls and Manager Tools were named again.")
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == expected


def test_a_name_with_a_middle_initial_is_one_name_and_one_person_with_the_bare_name():
    """"Brian G. Nichols": the initial's period used to end the run, leaving "Brian G" and "Nichols"
    and no name at all; read whole, it is the person other outlets call "Brian Nichols"."""
    sentences = _sentences(
        "The man, Dario K. Kessler, was found guilty last month of murder.",
        "Kessler was taken back to jail.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario K. Kessler"}
    keys = canonical_person_keys(["name:dario k. kessler", "name:dario kessler"])
    assert keys["name:dario k. kessler"] == keys["name:dario kessler"]


def test_a_company_named_with_an_acronym_is_one_name():
    """"ATI Technologies": an all-capital first word is part of a company's name when the name ends in a
    word companies are named with; "UN Relief" (a program's name cut short) stays out."""
    sentences = _sentences(
        "Advanced Micro Devices agreed to buy ATI Technologies on Monday, while UN Relief officials watched.",
        "ATI Technologies makes graphics chips, and UN Relief staff said nothing.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert "ATI Technologies" in found
    assert "UN Relief" not in found


def test_a_nationality_before_a_name_is_no_part_of_it():
    """"over the American Hasim Rahman" runs the nationality into the name; without the nationality
    two reports of one fight share the opponent's name."""
    sentences = _sentences(
        "The champion defended his titles with a lopsided victory over the American Dario Kessler on Saturday.",
        "Kessler could not answer the jabs.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario Kessler"}


def test_a_street_is_no_name():
    """"her home on Eastgate Avenue": a street is where, not who; a surname that is also a street word
    ("Lane") stays a name."""
    sentences = _sentences(
        "Police said Dario Fenwick was shot outside his home on Eastgate Avenue, near Marlow Street.",
        "Fenwick's neighbour Nathan Lane called police.",
        "Lane said he heard three shots on Eastgate Avenue.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Dario Fenwick", "Nathan Lane"}


@pytest.mark.parametrize("noun", ["Englishman", "Frenchwoman", "Welshman", "Dutchman"])
def test_a_nationality_noun_before_a_name_is_no_part_of_it(noun):
    """"32-year-old Englishman Robert Buckley": a nationality given as a noun is no more part of the
    name than one given as an adjective, so the report shares the name with the others."""
    sentences = _sentences(
        f"On Saturday, 32-year-old {noun} Lorne Haskett fell about 600m while climbing to a hut.",
        "Haskett was wearing crampons but was inexperienced.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Lorne Haskett"}


@pytest.mark.parametrize("sentence, value, word, action", [
    ("The champion retained his titles with a seventh-round stoppage of the challenger in Osaka, Japan.", "Osaka", "stoppage", "match"),
    ("He was knocked down in the fifth round of the fight in Bern.", "Bern", "fight", "match"),
])
def test_a_fight_named_by_a_noun_governs_its_place(sentence, value, word, action):
    gov = _verb(sentence, value)
    assert (gov.word, gov.action) == (word, action)


@pytest.mark.parametrize("sentence, value, word", [
    ("Two climbers have fallen from a ridge in Peru.", "Peru", "fallen"),
    ("The guard was beaten in Lima on Friday.", "Lima", "beaten"),
])
def test_irregular_participles_govern_their_place(sentence, value, word):
    assert _verb(sentence, value).word == word


def test_a_fall_to_a_death_is_an_accident_that_governs_its_place():
    gov = _verb("Two climbers have fallen to their deaths in Peru.", "Peru")
    assert gov.action == "accident"


def test_a_name_set_off_in_the_headline_counts_when_the_body_gives_its_family_name():
    title = "Arne Joseph Kessler Jr, Prison Inmate, Pulls Gun On Guards"
    body = "Kessler, 49, took the officers' weapons before fleeing on foot."
    sentences = [Sentence("s", 0, 0, len(title), title, segment_kind="title"),
                 Sentence("s", 1, len(title) + 1, len(title) + 1 + len(body), body)]
    found = {p.name for p in untitled_names(sentences, {1}, lambda name: False)}
    assert found == {"Arne Joseph Kessler"}


def test_a_word_that_opens_a_clause_is_no_first_name():
    """"While Nichols did not receive the death penalty": "While" is capitalised only because it opens
    the sentence, and a report naming "While Nichols" beside "Brian Nichols" seemed to name two people."""
    sentences = _sentences(
        "A judge sentenced Darnell Whitcombe to life in prison on Thursday.",
        "While Whitcombe did not receive the death penalty, he will likely die in prison.",
        "After Whitcombe was led away, his lawyer spoke to reporters.",
    )
    found = {p.name for p in untitled_names(sentences, {0, 1, 2}, lambda name: False)}
    assert found == {"Darnell Whitcombe"}


def test_a_name_with_an_apostrophe_is_one_name():
    """"Ka'Loni Marie Flynn", "Conan O'Brien": the apostrophe is inside a word, not a break between two
    names ("Ka" and "Loni Marie Flynn"); a possessive still ends the name."""
    sentences = _sentences(
        "Prosecutors said Ka'Loni Marie Flynn was shot near Spiro on April 9.",
        "Flynn's family sat behind Declan O'Rourke's lawyers.",
        "O'Rourke did not testify.",
    )
    found = {p.name for p in untitled_names(sentences, {0, 1}, lambda name: False)}
    assert found == {"Ka'Loni Marie Flynn", "Declan O'Rourke"}


@pytest.mark.parametrize("text, dated", [
    # a takeover takes place by being announced: the day of the announcement is the deal's
    ("Corvane agreed to buy the chip designer Lumora for $2 billion, the companies announced Wednesday.", True),
    # a crash does not: the day police announce something is not the day of the crash
    ("A bus crashed into a river near Tarnow, police announced Wednesday.", False),
])
def test_a_day_an_announcement_governs_dates_only_happenings_that_are_announced(tmp_path, text, dated):
    from checker.running.pipeline import check_corpus

    (tmp_path / "a.md").write_text(f"---\npublished: 2025-06-13\n---\n{text}\n", encoding="utf-8")
    report, _ = check_corpus([tmp_path])
    [event] = [e for e in report.events if e.role == "reported"]
    claims = {c.id: c for c in report.claims}
    [day] = [claims[c] for c in event.claim_ids if claims[c].value == "Wednesday"]
    assert (day.normalized["anchor"] == "event") is dated  # only event days are compared (compare.comparable_times)


def test_a_camel_case_name_of_one_word_in_the_lead_is_a_name():
    """"Kestrel to acquire NovaChip": a company named by one camel-case word is what two reports of the
    deal share. Other single capitalised words (a league, an agency, a word opening the sentence) are
    not names, nor is a camel-case word named once, nor a plural acronym ("KOs")."""
    sentences = _sentences(
        "Police said Kestrel Labs agreed on Wednesday to acquire NovaChip, an NFL sponsor, ahead of BrightWave.",
        "NovaChip makes low-power servers and had 12 KOs in its KOs list.",
        "Police and the NFL declined to comment.",
    )
    found = {p.name for p in untitled_names(sentences, {0}, lambda name: False)}
    assert found == {"Kestrel Labs", "NovaChip"}


@pytest.mark.parametrize("sentence,actions", [
    # ECB+ 11_9ecb: "can meet Western standards of democracy" made a meeting of an election report
    ("The vote was meant to prove that the country can meet Western standards of democracy.", ["election"]),
    ("The builder failed to meet the deadline for the Varna bridge.", []),
    ("The union said the offer met none of its demands.", []),
    ("The two ministers met on Monday amid demands for a ceasefire.", ["meeting"]),
    ("Premier Ilse Marek will meet strikers to hear their demands.", ["meeting"]),
])
def test_meeting_a_standard_or_a_demand_is_no_meeting(sentence, actions):
    assert [t.action for t in find_triggers(sentence)] == actions


@pytest.mark.parametrize("sentence,actions", [
    # ECB+ 45_7ecb: "a finding of first-degree murder" made a killing of a verdict report's lead
    ("The foreman announced a finding of first-degree murder in the death of his wife.", ["announcement"]),
    ("He was convicted of second-degree assault.", ["verdict"]),
    ("The murder of a shopkeeper shocked the town.", ["killing"]),
])
def test_a_crime_graded_by_the_law_is_a_charge(sentence, actions):
    assert [t.action for t in find_triggers(sentence)] == actions


@pytest.mark.parametrize("sentence,actions", [
    # ECB+ 27_15ecb: "if they visit a malicious Web site" made talks of a report of a software patch
    ("The patch stops malware from downloading if users visit a malicious Web site.", []),
    ("Readers can visit our website for the full list.", []),
    ("Users who visited the infected page were hit.", []),
    ("The president visited the site of the blast on Monday.", ["visit", "explosion"]),
    ("The minister will visit Seoul next week.", ["visit"]),
])
def test_visiting_a_web_page_is_no_visit(sentence, actions):
    assert [t.action for t in find_triggers(sentence)] == actions


@pytest.mark.parametrize("before, action", [
    ("Students are angry at the Dec. 6 killing of ", "killing"),
    ("A deadly police shooting Dec. 8 in Athens of ", "shooting"),
    ("The riots followed the murder of ", "killing"),
    ("He moved to the city of ", None),
    ("The shooting range of ", None),
])
def test_whom_a_happening_was_done_to(before, action):
    """The word of the happening a name right after it was done to, as the lexicon's action: the
    victim of a recalled killing belongs to it, not to the riots the sentence also names."""
    from checker.extraction.participants import done_to

    assert done_to(before) == action



def _claims_of(title: str, text: str):
    """One invented article's claims, as the per-document stage reads them (published 2025-03-12)."""
    from datetime import date

    from checker.extraction.claims import extract_claims
    from checker.extraction.gazetteer import default_gazetteer
    from checker.extraction.text import split_sentences
    from checker.model import Metadata, Source
    from checker.reading.clean import clean

    cleaned = clean(Source("a", "a.md", f"{title}\n\n{text}\n", Metadata(title=title, published=date(2025, 3, 12))))
    return extract_claims(cleaned, split_sentences(cleaned), default_gazetteer())


def _events_of(title: str, text: str):
    from checker.alignment.events import build_events

    return build_events(_claims_of(title, text))


def test_a_death_day_in_a_report_of_an_arrest_for_a_named_crime_dates_the_crime():
    """An arrest kills no one: "who died on Sunday" in a report of the arrest in a shooting dates the
    shooting, a related happening, not the arrest."""
    events, _ = _events_of("Teen arrested in shooting of Westbrook mother",
                           "An 18-year-old has confessed to killing a mother of four, who died on Sunday as she shielded "
                           "children from bullets, sources said.")
    reported = next(e for e in events if e.role == "reported")
    [related] = [e for e in events if e.role == "related"]
    assert reported.action == "arrest" and not reported.times
    assert related.action == "shooting" and [t["weekday"] for t in related.times] == ["Sunday"]


def test_a_death_day_stays_with_an_arrest_report_whose_lead_names_no_crime():
    """"Driver arrested after woman killed": no word of a crime in the lead, so the report may tell
    the happening itself, and its day stays with its event."""
    events, _ = _events_of("Driver arrested after woman killed at store",
                           "Dale Whitlock struck and killed Marta Quist in the parking lot of the store Wednesday night, "
                           "according to police.")
    reported = next(e for e in events if e.role == "reported")
    assert reported.action == "arrest" and [t["weekday"] for t in reported.times] == ["Wednesday"]
    assert not [e for e in events if e.role == "related"]



def _reported_term_values(title: str, text: str) -> list[str]:
    """The terms in the report's own event, as written."""
    from checker.alignment.events import build_events

    sc = _claims_of(title, text)
    events, _ = build_events(sc)
    reported = next(e for e in events if e.role == "reported")
    return [c.value for c in sc.claims if c.kind == "term" and c.id in reported.claim_ids]


def test_a_term_in_a_sentence_without_an_event_word_joins_a_report_of_the_kind_that_sets_it():
    """"The hard part is to keep her there for the 90 days": a stay's length, told where no event word
    is, belongs to a report of a stay in rehab (lexicon `term_families`), not to a report of an arrest."""
    filler = "\n\nHer agent declined to comment.\n\nFans gathered outside.\n\n"  # the term is told outside the lead
    said = "The hard part now is to keep {} there for the 90 days, a friend said."
    assert _reported_term_values("Actress checks into rehab", "Actress Mara Vellis checked into a rehab centre on Thursday."
                                 + filler + said.format("her")) == ["keep her there for the 90 days"]
    assert _reported_term_values("Actor arrested in Denver", "Actor Tom Breck was arrested in Denver on Thursday."
                                 + filler + said.format("him")) == []
    assert _reported_term_values("Actress checks into rehab", "Actress Mara Vellis checked into a rehab centre on Thursday."
                                 + filler + "In 2019 she was ordered to stay in rehab for 30 days.") == []  # history
