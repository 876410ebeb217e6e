"""Gazetteer and nationality behaviour on places from many countries (general, not one story)."""

from __future__ import annotations

import pytest

from checker.extraction.gazetteer import Gazetteer, Place, default_gazetteer
from checker.extraction.nationality import clean_surface, country_from_adjective, country_name, fold

G = default_gazetteer()


def resolved(name: str, *ctx: str) -> Place:
    place = G.resolve(name, ctx)
    assert place is not None, name
    return place


# --- lookup and resolve ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind, country",
    [
        ("Paris", "city", "FR"),
        ("Lyon", "city", "FR"),
        ("Munich", "city", "DE"),
        ("Houston", "city", "US"),
        ("Seoul", "city", "KR"),
        ("Yokosuka", "city", "JP"),
        ("Tokyo", "city", "JP"),  # the city, not the prefecture of the same name
        ("Berlin", "city", "DE"),  # the capital, not the Land
        ("New York", "city", "US"),  # the city, known by an alternate name, not the state
        ("Washington", "city", "US"),  # the capital, not the state
        ("Texas", "admin1", "US"),
        ("Maryland", "admin1", "US"),  # Liberia has a Maryland county; the US has 10x the people
        ("Bavaria", "admin1", "DE"),  # English name from pycountry's catalogue
        ("Gyeonggi", "admin1", "KR"),  # "Gyeonggi-do" without the type suffix
        ("Guangdong", "admin1", "CN"),  # "Guangdong Sheng"
        ("Quebec", "admin1", "CA"),  # the province outranks the smaller city
        ("South Korea", "country", "KR"),
        ("Japan", "country", "JP"),
        ("the United States", "country", "US"),
        ("U.S.", "country", "US"),
        ("US", "country", "US"),
        ("Britain", "country", "GB"),
        ("Georgia", "country", "GE"),  # countries first without context
        ("Mexico", "country", "MX"),
        ("Singapore", "country", "SG"),
    ],
)
def test_resolve_kind_and_country(name, kind, country):
    place = resolved(name)
    assert (place.kind, place.country) == (kind, country)


@pytest.mark.parametrize(
    "surface, expected",
    [
        ("Japan's", "Japan"),
        ("Japan’s", "Japan"),
        ("the Philippines'", "Philippines"),
        ("“Paris,”", "Paris"),
        ("Texas", "Texas"),  # a final s is not a possessive
    ],
)
def test_clean_surface(surface, expected):
    assert clean_surface(surface) == expected


@pytest.mark.parametrize(
    "alias, canonical",
    [
        ("Bombay", "Mumbai"),
        ("Peking", "Beijing"),
        ("Kiev", "Kyiv"),
        ("Saigon", "Ho Chi Minh City"),
        ("Calcutta", "Kolkata"),
        ("Sao Paulo", "São Paulo"),  # accents do not matter
        ("Zurich", "Zürich"),
        ("Lodz", "Łódź"),
        ("St. Petersburg", "Saint Petersburg"),  # abbreviation, and Russia's city dwarfs Florida's
        ("The Hague", "The Hague"),  # a leading "The" that belongs to the name
        ("Washington, D.C.", "Washington"),
    ],
)
def test_alternate_and_variant_names(alias, canonical):
    assert resolved(alias).name == canonical


def test_lookup_is_case_insensitive_and_lists_all_candidates():
    upper = G.lookup("PARIS")
    assert upper == G.lookup("paris") == G.lookup("Paris")
    countries = {p.country for p in upper}
    assert {"FR", "US"} <= countries
    assert upper[0].country == "FR"  # biggest first among exact names


def test_lookup_orders_exact_before_alternate_and_countries_first():
    assert G.lookup("Mexico")[0].id == "country:MX"
    kinds = [p.kind for p in G.lookup("Georgia")]
    assert kinds[0] == "country" and "admin1" in kinds


def test_lookup_unknown_name_is_empty():
    assert G.lookup("Xqzzyville") == ()
    assert G.resolve("Xqzzyville") is None


@pytest.mark.parametrize(
    "name, ctx, country",
    [
        ("Victoria", ("CA",), "CA"),
        ("Victoria", ("US",), "US"),
        ("Victoria", (), "AU"),  # the Australian state without context
        ("Georgia", ("US",), "US"),
        ("Georgia", ("GE",), "GE"),
        ("Birmingham", ("US",), "US"),
        ("Birmingham", ("GB",), "GB"),
        ("Paris", ("FR",), "FR"),
        ("Paris", ("US",), "FR"),  # Paris, Texas does not beat a 2M city 90 times its size
        ("London", ("GB",), "GB"),
    ],
)
def test_context_countries_choose_among_candidates(name, ctx, country):
    assert resolved(name, *ctx).country == country


def test_context_prefers_the_context_state_over_the_country():
    assert resolved("Georgia", "US").id == "admin1:US.GA"


# Policy: a surface must be capitalised; common English words never resolve, and words that are also
# well-known towns ("Reading", "Nice") resolve only when the town's country is in context.
@pytest.mark.parametrize("word", ["paris", "reading", "police", "us", "texas"])
def test_lowercase_surfaces_do_not_resolve(word):
    assert G.resolve(word) is None
    assert G.lookup(word)  # lookup still lists them


@pytest.mark.parametrize(
    "word", ["Police", "Western", "Central", "Mobile", "North", "Of", "Union", "White House", "Soul", "Sam"]
)
def test_common_words_do_not_resolve(word):
    # "White House", "Soul" and "Sam" are alternate names of Casablanca, Seoul and Damascus.
    assert G.resolve(word) is None


@pytest.mark.parametrize("word, ctx", [("Reading", "GB"), ("Nice", "FR"), ("Split", "HR")])
def test_word_towns_need_context(word, ctx):
    assert G.resolve(word) is None
    assert resolved(word, ctx).country == ctx


@pytest.mark.parametrize("word", ["Adams", "Lewis", "Korea", "Congo", "Punjab"])
def test_ambiguous_or_alternate_only_small_places_do_not_resolve(word):
    assert G.resolve(word) is None


def test_small_city_needs_context():
    small = next(p for p in G.lookup("Paris") if p.country == "US")
    assert small.population < 100_000
    assert resolved("Paris", "US").id != small.id
    assert G.lookup("Yokosuka")[0].population > 100_000


# --- hierarchy ---------------------------------------------------------------------------------------


def test_parent_chain_us_city_goes_through_its_state():
    houston = resolved("Houston")
    assert [p.id for p in G.parent_chain(houston)] == ["admin1:US.TX", "country:US"]


def test_parent_chain_city_elsewhere_goes_to_its_country():
    assert [p.id for p in G.parent_chain(resolved("Lyon"))] == ["country:FR"]
    assert [p.id for p in G.parent_chain(resolved("Bavaria"))] == ["country:DE"]
    assert G.parent_chain(resolved("Japan")) == ()


@pytest.mark.parametrize(
    "outer, inner, expected",
    [
        ("France", "Paris", True),
        ("France", "Lyon", True),
        ("Germany", "Munich", True),
        ("Germany", "Bavaria", True),
        ("South Korea", "Seoul", True),
        ("Japan", "Yokosuka", True),
        ("Texas", "Houston", True),
        ("United States", "Houston", True),
        ("Maryland", "Baltimore", True),
        ("Texas", "Texas", True),
        ("Paris", "France", False),  # a country is not in a city
        ("Seoul", "Japan", False),
        ("Paris", "Lyon", False),  # two cities are disjoint
        ("Tokyo", "Yokosuka", False),
        ("Japan", "Seoul", False),
        ("California", "Houston", False),
        ("France", "Munich", False),
    ],
)
def test_contains(outer, inner, expected):
    assert G.contains(resolved(outer), resolved(inner)) is expected


def test_text_stated_containment_is_per_instance():
    run = G.copy()
    district = run.unknown("Shinjuku Gyoen")
    tokyo = resolved("Tokyo")
    assert not run.contains(tokyo, district)
    run.add_containment(district, tokyo)
    assert run.contains(tokyo, district)
    assert run.contains(resolved("Japan"), district)  # through the city's own chain
    assert not run.contains(resolved("France"), district)
    assert not run.contains(district, tokyo)
    assert not G.contains(tokyo, district)  # the shared gazetteer never saw the fact
    assert not G.copy().contains(tokyo, district)
    assert run.copy().contains(tokyo, district)


def test_text_facts_chain_transitively():
    run = Gazetteer()
    base, district = run.unknown("Camp Alpha"), run.unknown("Old Town")
    run.add_containment(base, district)
    run.add_containment(district, resolved("Lyon"))
    assert run.contains(resolved("France"), base)
    assert {p.id for p in run.ancestors(base)} == {district.id, resolved("Lyon").id, "country:FR"}


def test_shared_gazetteer_refuses_facts():
    with pytest.raises(RuntimeError):
        G.add_containment(G.unknown("Somewhere"), resolved("France"))


def test_unknown_places():
    place = G.unknown("Green Zone's")
    assert place == Place("text:green zone", "Green Zone", "unknown", None, None, 0)
    assert G.get(place.id).id == place.id
    assert G.parent_chain(place) == ()


@pytest.mark.parametrize("place_id", ["country:KR", "admin1:US.MD", "admin1:DE.BY"])
def test_get_by_id_round_trips(place_id):
    assert G.get(place_id).id == place_id


def test_get_city_by_id_round_trips():
    seoul = resolved("Seoul")
    assert G.get(seoul.id) == seoul
    assert G.get("city:0") is None


@pytest.mark.parametrize("code, capital", [("KR", "Seoul"), ("US", "Washington"), ("FR", "Paris"), ("JP", "Tokyo")])
def test_capitals(code, capital):
    place = G.capital_of(code)
    assert place is not None and place.name == capital and place.country == code
    assert G.is_capital(place)


def test_non_capitals():
    assert not G.is_capital(resolved("Houston"))
    assert not G.is_capital(resolved("France"))
    assert G.capital_of("ZZ") is None


# --- nationality -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word, code",
    [
        ("Japanese", "JP"),
        ("South Korean", "KR"),
        ("South Koreans", "KR"),
        ("North Korean", "KP"),
        ("American", "US"),
        ("Americans", "US"),
        ("British", "GB"),
        ("French", "FR"),
        ("Chinese", "CN"),
        ("German", "DE"),
        ("Ukrainian", "UA"),
        ("Russian", "RU"),
        ("Filipino", "PH"),
        ("Swiss", "CH"),
        ("Dutch", "NL"),
        ("Argentine", "AR"),
        ("Polish", "PL"),
        ("Japan's", "JP"),
        ("U.S.", "US"),
        ("the United States", "US"),
        ("Britain", "GB"),
        ("Republic of Korea", "KR"),
        ("Côte d'Ivoire", "CI"),
        ("Iran", "IR"),  # ISO's "Iran, Islamic Republic of"
    ],
)
def test_country_from_adjective(word, code):
    assert country_from_adjective(word) == code


# "Korean" and "Congolese" name two countries each; lower-case "polish"/"us" are other words.
@pytest.mark.parametrize("word", ["Korean", "Congolese", "Korea", "Congo", "polish", "us", "Martian", ""])
def test_country_from_adjective_none(word):
    assert country_from_adjective(word) is None


@pytest.mark.parametrize(
    "code, name",
    [("KR", "South Korea"), ("KP", "North Korea"), ("US", "United States"), ("GB", "United Kingdom"), ("JP", "Japan")],
)
def test_country_name(code, name):
    assert country_name(code) == name
    assert resolved(name).id == f"country:{code}"


def test_every_demonym_code_is_a_known_country():
    from checker.extraction import nationality

    known = set(nationality.countries())
    assert all(code in known for code in nationality._demonyms().values() if code)


def test_fold():
    assert fold("São Paulo") == "sao paulo"
    assert fold("St. Louis") == fold("Saint Louis")
    assert fold("Baden-Württemberg") == "baden wurttemberg"
    assert fold("U.S.") == "us"
