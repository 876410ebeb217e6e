"""People referred to by their age ("the 10-year-old"), and happenings two reports recall."""

from __future__ import annotations

import pytest

from checker.alignment.align import recalled_alike
from checker.extraction.ages import Age
from checker.extraction.claims import extract_claims
from checker.extraction.descriptors import age_descriptors, noun_descriptors, people_by_age, people_by_noun
from checker.extraction.gazetteer import default_gazetteer
from checker.extraction.participants import Mention
from checker.extraction.text import split_sentences
from checker.model import Event, Metadata, Source
from checker.reading.clean import clean

GIRL = Mention("name:maya ferrante", "name", "Maya Ferrante", 0, 13)
MAN = Mention("name:dorian hollins", "name", "Dorian Hollins", 0, 14)


def _age(mention: Mention, years: int) -> Age:
    return Age(mention.key, mention.value, str(years), 0, 2, years)


def test_one_person_of_an_age_is_the_age_descriptor():
    by_age = people_by_age([_age(GIRL, 9), _age(MAN, 24)], {GIRL.key: GIRL, MAN.key: MAN})
    text = "The 9-year-old was shot outside her home."
    found = age_descriptors(text, 100, by_age)
    assert [(m.key, m.start, m.end) for m in found] == [("name:maya ferrante", 100, 100 + len("The 9-year-old"))]


@pytest.mark.parametrize("text", [
    "A 9-year-old was shot outside her home.",  # indefinite: someone new
    "the 9-year-old Ferrante was shot.",  # right before a name: the name's own age
    "The 12-year-old was shot.",  # nobody of that age
])
def test_what_is_no_age_descriptor(text):
    by_age = people_by_age([_age(GIRL, 9)], {GIRL.key: GIRL})
    assert age_descriptors(text, 0, by_age) == []


def test_two_people_of_one_age_leave_the_descriptor_unread():
    by_age = people_by_age([_age(GIRL, 9), _age(MAN, 9)], {GIRL.key: GIRL, MAN.key: MAN})
    assert by_age == {}


def test_the_descriptor_gives_its_sentence_the_persons_name():
    text = ("Jurors heard from neighbours of Maya Ferrante, 9, the girl killed by a stray bullet last year.\n\n"
            "The 9-year-old was shot on the night of June 14 while she was playing outside her home.\n")
    source = Source("b", "b.md", text, Metadata(title="Jurors hear of girl's last evening"))
    cleaned = clean(source)
    claims = extract_claims(cleaned, split_sentences(cleaned), default_gazetteer()).claims
    second = [c for c in claims if c.kind == "participant" and c.sentence.startswith("The 9-year-old")]
    assert [(c.normalized["key"], c.sentence[c.start - c.sentence_start:c.end - c.sentence_start]) for c in second] \
        == [("name:maya ferrante", "The 9-year-old")]


def _recalled(source: str, *names: str, action: str = "shooting") -> Event:
    return Event(f"{source}:e2", source, "related", action, (), participants=tuple("name:" + n for n in names))


@pytest.mark.parametrize("a, b, alike", [
    (_recalled("a", "maya ferrante", "dorian hollins"), _recalled("b", "maya ferrante"), True),
    # each names someone the other does not: another victim, perhaps another crime of the same man
    (_recalled("a", "maya ferrante", "dorian hollins"), _recalled("b", "curtis lamb", "dorian hollins"), False),
    (_recalled("a", "maya ferrante"), _recalled("b", "curtis lamb"), False),
    # another kind of happening, or one report's own two
    (_recalled("a", "maya ferrante"), _recalled("b", "maya ferrante", action="arrest"), False),
    (_recalled("a", "maya ferrante"), _recalled("a", "maya ferrante"), False),
])
def test_recalled_alike(a, b, alike):
    assert recalled_alike(a, b) is alike


def test_recalled_happenings_of_a_story_told_many_times_cost_linear_pairs():
    """One story told by hundreds of reports, each recalling the same shooting by name: the recalled
    happenings are paired through their names, each with a few representatives, not every two."""
    from checker.alignment.align import REPRESENTATIVES, _sharing_a_name

    many = [_recalled(f"s{i:04d}", "maya ferrante") for i in range(400)]
    pairs = _sharing_a_name(many)
    assert len(pairs) <= len(many) * REPRESENTATIVES
    assert all(a.id < b.id for a, b in pairs)
    few = [_recalled("a", "maya ferrante"), _recalled("b", "maya ferrante"), _recalled("c", "curtis lamb")]
    assert [(a.source_id, b.source_id) for a, b in _sharing_a_name(few)] == [("a", "b")]


def _named(text: str, name: str, key: str, offset: int = 0) -> list[Mention]:
    at = text.index(name)
    return [Mention(key, "name", name, at + offset, at + offset + len(name))]


def test_a_noun_the_article_names_someone_by_is_that_person():
    """"The man, Dorian Hollins, 37, ...": the lead's "the man" is Hollins."""
    lead = "A judge on Monday sentenced the man who killed four people to life in prison."
    second = "The man, Dorian Hollins, 37, was found guilty last month."
    by_noun = people_by_noun([(lead, 0, []), (second, 100, _named(second, "Dorian Hollins", MAN.key, 100))])
    assert list(by_noun) == ["man"]
    found = noun_descriptors(lead, 0, by_noun, [])
    at = lead.index("the man")
    assert [(m.key, m.start, m.end) for m in found] == [(MAN.key, at, at + len("the man"))]


@pytest.mark.parametrize("text", [
    "The man's car was found in a ditch.",  # his things, not him
    "Police said the man Dorian Hollins fled.",  # the name's own noun
    "Hollins said the man, a neighbour, saw it.",  # another apposition: someone else
])
def test_what_is_no_noun_descriptor(text):
    second = "The man, Dorian Hollins, 37, was found guilty last month."
    by_noun = people_by_noun([(second, 0, _named(second, "Dorian Hollins", MAN.key))])
    named = _named(text, "Dorian Hollins", MAN.key) if "Dorian Hollins" in text else []
    assert noun_descriptors(text, 0, by_noun, named) == []


def test_a_noun_given_to_two_people_names_neither():
    first = "The man, Dorian Hollins, 37, was charged."
    second = "The man, Ravi Okafor, 41, was also charged."
    by_noun = people_by_noun([(first, 0, _named(first, "Dorian Hollins", MAN.key)),
                              (second, 50, _named(second, "Ravi Okafor", "name:ravi okafor", 50))])
    assert by_noun == {}
