"""Copies of one sentence in two reports, and the values that differ between them
(checker.alignment.copies): invented sentences; the fixtures of CC115 run them through the pipeline."""

from __future__ import annotations

from checker.alignment.compare import Geography
from checker.alignment.copies import candidate_pairs, copy_keys, copy_line, divergences, similarity
from checker.extraction.gazetteer import default_gazetteer
from checker.model import Sentence

GEO = Geography(default_gazetteer())


def _diff(a: str, b: str):
    return [(d.kind, d.a_value, d.b_value) for d in divergences(copy_line("a", 0, a, 0), copy_line("b", 0, b, 0), GEO)]


def test_a_day_changed_in_a_copy_with_a_clause_added():
    a = "On Friday, 41-year-old guide Ivar Lunde walked about 12 kilometres to a small hut on Mount Halden with two companions."
    b = ("On Thursday, 41-year-old guide Ivar Lunde, originally from Tromso, walked about 12 kilometres to a small hut on "
         "Mount Halden with two companions.")
    assert similarity(copy_line("a", 0, a, 0), copy_line("b", 0, b, 0)) >= 85
    assert _diff(a, b) == [("day", "friday", "thursday")]


def test_a_place_a_number_and_a_date_changed_in_copies():
    said = "The guide, who lived in {}, had led groups on the mountain for more than ten years before the accident."
    assert _diff(said.format("Bergen"), said.format("Lisbon")) == [("place", "city:3161732", "city:2267057")]
    total = "The basket took him to {} career points, second on the school's list behind a 1987 graduate."
    assert _diff(total.format("1,874"), total.format("1,847")) == [("number", 1874.0, 1847.0)]
    dated = "The guide was last seen on March {} walking towards the ridge above the glacier with two friends."
    assert _diff(dated.format(3), dated.format(5)) == [("date", 3.0, 5.0)]


def test_times_of_day_and_months_in_copies():
    clock = "The first rescue team reached the hut on the ridge of Mount Halden at {} on Friday."
    assert _diff(clock.format("10:30"), clock.format("11:45")) == [("time", "10:30", "11:45")]
    assert _diff(clock.format("9:05"), clock.format("09:05")) == []
    hour = "The first rescue team reached the hut on the ridge of Mount Halden at {} a.m. on Friday."
    assert _diff(hour.format("10"), hour.format("11")) == [("time", 10.0, 11.0)]
    month = "The guide was last seen on {} 3 walking towards the ridge above the glacier with two friends."
    assert _diff(month.format("Sept."), month.format("September")) == []  # one month, written two ways
    assert _diff(month.format("March"), month.format("May")) == [("date", 3, 5)]


def test_a_place_is_read_from_the_start_of_its_name():
    said = "The guide, who lived in New {}, had led groups on the mountain for more than ten years before the accident."
    [d] = divergences(copy_line("a", 0, said.format("York"), 0), copy_line("b", 0, said.format("Jersey"), 0), GEO)
    assert (d.kind, " ".join(w.text for w in d.a_words), " ".join(w.text for w in d.b_words)) == ("place", "New York", "New Jersey")
    assert d.a_value.startswith("city:") and d.b_value.startswith("admin1:US")


def test_a_nationality_changed_in_a_copy():
    said = "{} climber who watched his brother fall from the ridge of Mount Halden is devastated, police said."
    assert _diff(said.format("An Australian"), said.format("A Canadian")) == [("nationality", "country:AU", "country:CA")]
    assert _diff(said.format("A British"), said.format("An English")) == []  # one country
    [d] = divergences(copy_line("a", 0, "The police said " + said.format("an Irish"), 0),
                      copy_line("b", 0, "The police said " + said.format("a Danish"), 0), GEO)
    assert [w.text for w in d.a_words] == ["Irish"]


def test_values_that_agree_or_cannot_be_compared_are_no_divergence():
    said = "More than {} volunteers and {} helicopters searched the slopes of Mount Halden for three days."
    assert _diff(said.format("1,000", "two"), said.format("1000", "2")) == []  # one value written two ways
    fell = "On Friday the guide slid about {} down a snow slope below the ridge."
    assert _diff(fell.format("600m"), fell.format("2,000ft")) == []  # another unit
    home = "The guide, who lived in {}, had led groups on the mountain for more than ten years before the accident."
    assert _diff(home.format("Brooklyn"), home.format("New York")) == []  # one place inside the other


def test_a_template_told_of_other_people_is_no_copy():
    a = "On Friday, 41-year-old guide Ivar Lunde walked about 12 kilometres to a small hut on Mount Halden."
    b = "On Thursday, 29-year-old student Maren Tveit walked about 12 kilometres to a small hut on Mount Halden."
    assert _diff(a, b) == []


def test_sentences_that_share_a_phrase_are_no_copy():
    a = "Rescue crews worked through the night on Friday to reach the hut on Mount Halden, police said."
    b = "Police said on Saturday that the weather on Mount Halden had closed the pass to every rescue crew for the week."
    assert _diff(a, b) == []


def test_keys_block_copies_together_and_a_wording_many_reports_run_is_looked_up_once():
    text = "On Friday, 41-year-old guide Ivar Lunde walked about 12 kilometres to a small hut on Mount Halden."
    other = "Fishermen in the harbour said the catch this winter was the smallest anyone could remember."
    texts = {"a": text + " " + other, "b": text.replace("Friday", "Monday"), "c": text}
    sentences = {"a": [Sentence("a", 0, 0, len(text), text), Sentence("a", 1, len(text) + 1, len(texts["a"]), other)],
                 "b": [Sentence("b", 0, 0, len(texts["b"]), texts["b"])], "c": [Sentence("c", 0, 0, len(text), text)]}
    keys = {sid: copy_keys(s) for sid, s in sentences.items()}
    assert "kilometres" in keys["a"][0][3].split() and "friday" not in keys["a"][0][3].split()
    pairs = candidate_pairs(keys, texts)
    assert [([m[0] for m in wa], [m[0] for m in wb]) for wa, wb in pairs] == [(["a", "c"], ["b"])]
    assert copy_keys([Sentence("a", 0, 0, 20, "Police said Friday.")]) == ()  # too short to tell a copy


def test_two_copied_sentences_giving_the_same_two_values_are_one_finding(tmp_path):
    """A story told in two wordings, each copied, both giving Bergen against Lisbon: one disagreement."""
    from checker.running.pipeline import check_corpus

    lead = "The body of climber Ivar Lunde was found on Mount Halden in Norway on Sunday, police said."
    home = "The guide, who lived in {}, had led groups on the mountain for more than ten years before the accident."
    again = "Friends of the guide said the family home in {} had been full of maps, ropes and old climbing photographs."
    for name, city in (("a", "Bergen"), ("b", "Lisbon")):
        (tmp_path / f"{name}.md").write_text(f"---\npublished: 2025-02-10\n---\n{lead}\n\n{home.format(city)}\n\n{again.format(city)}\n")
    report, _ = check_corpus([tmp_path])
    [finding] = [f for f in report.findings if f.rule == "CC115"]
    assert [len(s.quotes) for s in finding.sides] == [2, 2]  # both sentences quoted on each side
