import pytest

from checker.extraction.negation import polarity_of

CASES = [
    ("It does not establish a treaty alliance, does not create a permanent joint command.", "treaty alliance", "negated", "asserted"),
    ("While officials deny aiming to create a NATO-like alliance, observers note otherwise.", "alliance", "negated", "irrealis"),
    ("The president said the alliance reflects a shared resolve.", "alliance", "positive", "asserted"),
    ("The minister renewed a push for a military logistics pact.", "pact", "positive", "irrealis"),
    ("The treaty was not ratified by parliament.", "treaty", "negated", "asserted"),
    ("The agreement does not introduce a common framework for nuclear weapons.", "agreement", "positive", "asserted"),
    ("They signed a pact, but it is not a treaty.", "pact", "positive", "asserted"),
    ("They signed a pact, but it is not a treaty.", "treaty", "negated", "asserted"),
    ("Officials reportedly agreed a memorandum.", "memorandum", "positive", "hedged"),
    # a plea or verdict of "not guilty" negates nothing: its day is the plea's day
    ("The man pleaded not guilty on Tuesday to murder charges.", "Tuesday", "positive", "asserted"),
    ("The jury found her not guilty in Denver on Friday.", "Denver", "positive", "asserted"),
    ("The man did not plead guilty on Tuesday.", "Tuesday", "negated", "asserted"),
    # the object of an announcement is planned, the announcement is not: a day between the two dates it
    ("The president announced plans Thursday to resume the reviews.", "Thursday", "positive", "asserted"),
    ("The council unveiled its plan on Monday to close the bridge.", "Monday", "positive", "asserted"),
    ("The president announced plans to resume the reviews on Thursday.", "Thursday", "positive", "irrealis"),
    ("The president plans Thursday to resume the reviews.", "Thursday", "positive", "irrealis"),
    # a move under way has not ended there yet; where she checked in has
    ("The actress has left the clinic and is moving to a rehab facility in Malibu.", "Malibu", "positive", "irrealis"),
    ("The actress checked into a rehab facility in Malibu.", "Malibu", "positive", "asserted"),
    # a relative clause is a clause of its own; what a verb of denying or saying takes is not
    ("The clinic was not approved by the court that ordered her to serve 90 days of treatment.", "90 days", "positive", "asserted"),
    ("He denied that he was in Paris on Friday.", "Paris", "negated", "asserted"),
    ("She did not say that the talks were held in Oslo.", "Oslo", "negated", "asserted"),
]


@pytest.mark.parametrize("sentence,term,polarity,modality", CASES)
def test_polarity_and_modality(sentence, term, polarity, modality):
    i = sentence.index(term)
    p = polarity_of(sentence, i, i + len(term))
    assert (p.polarity, p.modality) == (polarity, modality)
