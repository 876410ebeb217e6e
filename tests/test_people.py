from checker.extraction.people import canonical_person_keys


def test_spelling_variants_of_one_name_share_a_key():
    m = canonical_person_keys(["person:anna liisa virtanen", "person:anna-liisa virtanen".replace("-", " "), "person:anna liisa virtamen"])
    assert len(set(m.values())) == 1


def test_different_people_with_one_shared_name_stay_apart():
    m = canonical_person_keys(["person:kadri tamm", "person:peeter tamm", "person:kadri kask"])
    assert len(set(m.values())) == 3
