import pytest

from people.entities.recognition import Recognizer, RegistryEntry, registry_recognizer
from people.models import Entity
from tests.factories import EntityFactory

PERSON, ORG, PLACE = "person", "organisation", "place"


def found(recognizer: Recognizer, text: str) -> list[tuple[int, str]]:
    return [(match.entity_id, match.text) for match in recognizer.find(text)]


def test_offsets_point_at_the_words_in_the_original_text():
    recognizer = Recognizer([RegistryEntry(1, PLACE, ("Libya",))])
    text = "Floods in Libya; Libya’s east."

    matches = recognizer.find(text)

    assert [(m.start, m.end) for m in matches] == [(10, 15), (17, 22)]
    assert all(text[m.start : m.end] == "Libya" for m in matches)


def test_whole_words_only():
    recognizer = Recognizer([RegistryEntry(1, PLACE, ("Libya",)), RegistryEntry(2, ORG, ("UN",))])

    assert found(recognizer, "Libyan forces and Libyas, UNICEF and UNs") == []


def test_acronyms_match_case_for_case():
    recognizer = Recognizer([RegistryEntry(1, ORG, ("United Nations", "UN"))])

    assert found(recognizer, "The UN said the un-named official was un-moved.") == [(1, "UN")]


def test_possessives_with_straight_and_curly_apostrophes():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Khalifa Haftar", "Haftar"))])

    text = "Haftar’s visit and Haftar's son; Haftar‘s plan."

    assert found(recognizer, text) == [(1, "Haftar")] * 3


def test_hyphenated_forms_mention_their_parts():
    recognizer = Recognizer(
        [RegistryEntry(1, ORG, ("United Nations", "UN")), RegistryEntry(2, PLACE, ("Russia",))]
    )

    assert found(recognizer, "the UN-backed government, a pro-Russia militia") == [
        (1, "UN"),
        (2, "Russia"),
    ]


def test_a_hyphenated_name_matches_with_or_without_its_hyphen():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Yunus-Bek Yevkurov",))])

    assert found(recognizer, "Yunus-Bek Yevkurov, also spelt Yunus Bek Yevkurov") == [
        (1, "Yunus-Bek Yevkurov"),
        (1, "Yunus Bek Yevkurov"),
    ]


def test_longest_match_wins():
    recognizer = Recognizer(
        [
            RegistryEntry(1, PERSON, ("Khalifa Haftar", "Haftar")),
            RegistryEntry(2, PERSON, ("Saddam Haftar",)),
            RegistryEntry(3, ORG, ("United Nations",)),
            RegistryEntry(4, ORG, ("United Nations Security Council",)),
            RegistryEntry(5, PLACE, ("Africa",)),
            RegistryEntry(6, PLACE, ("North Africa",)),
        ]
    )

    text = "Saddam Haftar briefed the United Nations Security Council on North Africa."

    assert found(recognizer, text) == [
        (2, "Saddam Haftar"),
        (4, "United Nations Security Council"),
        (6, "North Africa"),
    ]


def test_a_surname_alone_is_the_person_named_in_full():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Vladimir Putin",))])

    assert found(recognizer, "Vladimir Putin spoke. Later Putin left.") == [
        (1, "Vladimir Putin"),
        (1, "Putin"),
    ]


def test_a_surname_alone_without_the_full_name_is_not_a_mention():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Vladimir Putin",))])

    assert found(recognizer, "Putin left.") == []


def test_titles_before_names_do_not_hide_the_person():
    recognizer = Recognizer(
        [
            RegistryEntry(1, PERSON, ("Vladimir Putin",)),
            RegistryEntry(2, PERSON, ("Khalifa Haftar",)),
        ]
    )

    text = "Khalifa Haftar met President Vladimir Putin. Marshal Haftar thanked President Putin."

    assert found(recognizer, text) == [
        (2, "Khalifa Haftar"),
        (1, "Vladimir Putin"),
        (2, "Haftar"),
        (1, "Putin"),
    ]


def test_a_shared_surname_goes_to_the_person_named_in_full_first():
    recognizer = Recognizer(
        [
            RegistryEntry(1, PERSON, ("Khalifa Haftar",)),
            RegistryEntry(2, PERSON, ("Saddam Haftar",)),
        ]
    )

    text = "Khalifa Haftar spoke. His son, Saddam Haftar, listened. Then Haftar left."

    assert [m.entity_id for m in recognizer.find(text)] == [1, 2, 1]


def test_a_surname_in_a_headline_before_the_full_name_is_resolved():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Khalifa Haftar",))])

    assert found(recognizer, "Haftar in Moscow\n\nKhalifa Haftar flew in.") == [
        (1, "Haftar"),
        (1, "Khalifa Haftar"),
    ]


def test_a_surname_is_only_inferred_for_people():
    recognizer = Recognizer([RegistryEntry(1, ORG, ("Wagner Group",))])

    assert found(recognizer, "The Wagner Group played Wagner and Group songs.") == [
        (1, "Wagner Group")
    ]


@pytest.mark.parametrize(
    ("registered", "written"),
    [("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"), ("Recep Tayyip Erdogan", "Erdoğan")],
)
def test_non_ascii_names_match_their_ascii_spellings_and_back(registered, written):
    recognizer = Recognizer([RegistryEntry(1, PERSON, (registered,))])

    text = f"{registered} spoke. {written} smiled."

    assert [m.text for m in recognizer.find(text)] == [registered, written]


def test_a_name_needs_its_capital_letter():
    recognizer = Recognizer([RegistryEntry(1, PLACE, ("Chad",))])

    assert found(recognizer, "Chad and chad") == [(1, "Chad")]


def test_a_name_shared_by_two_entities_goes_to_the_one_the_text_names_otherwise():
    recognizer = Recognizer(
        [
            RegistryEntry(1, ORG, ("Libyan National Army", "LNA")),
            RegistryEntry(2, ORG, ("Lebanese National Alliance", "LNA")),
        ]
    )

    assert found(recognizer, "The Libyan National Army (LNA) said the LNA won.")[1:] == [
        (1, "LNA"),
        (1, "LNA"),
    ]
    assert found(recognizer, "The LNA won.") == []


def test_an_empty_registry_or_text_finds_nothing():
    assert Recognizer([]).find("Anything at all") == []
    assert Recognizer([RegistryEntry(1, PLACE, ("Libya",))]).find("") == []


@pytest.mark.django_db
def test_the_registry_automaton_is_rebuilt_when_the_registry_changes():
    entity = EntityFactory(name="Libyan National Army", kind=Entity.Kind.ORGANISATION)
    first = registry_recognizer()

    assert registry_recognizer() is first
    assert [m.text for m in first.find("The LNA advanced.")] == []

    entity.aliases.create(name="LNA")
    rebuilt = registry_recognizer()

    assert rebuilt is not first
    assert [m.text for m in rebuilt.find("The LNA advanced.")] == ["LNA"]

    entity.aliases.all().delete()
    assert [m.text for m in registry_recognizer().find("The LNA advanced.")] == []


def test_a_surname_after_another_given_name_is_someone_else():
    recognizer = Recognizer([RegistryEntry(1, PERSON, ("Khalifa Haftar",))])

    text = "Khalifa Haftar’s son, Saddam Haftar, met President Haftar’s allies."

    assert [m.text for m in recognizer.find(text)] == ["Khalifa Haftar", "Haftar"]
