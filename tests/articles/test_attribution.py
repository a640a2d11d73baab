"""Quote attribution over the parse: each failure pattern seen on real news, in a small
hand-made paragraph, saved the way a journalist saves a piece."""

import pytest

from articles.entities import article_link_entities
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _citations(*paragraphs: str) -> list[tuple[str, str, str]]:
    article = ArticleFactory(body="".join(f"<p>{p}</p>" for p in paragraphs))
    article_link_entities(article=article)
    return [
        (c.quote, c.speaker_name or "", c.affiliation_name or "")
        for c in article.citations.order_by("number")
    ]


@pytest.mark.parametrize(
    ("paragraph", "quote", "speaker", "affiliation"),
    [
        # A surname alone after the quotation: the fullest name given earlier.
        (
            "Ingrid Halvorsen runs the ferry workers’ union. “We will strike on Monday,” said "
            "Halvorsen.",
            "We will strike on Monday",
            "Ingrid Halvorsen",
            "",
        ),
        # he/she said: the last person named.
        (
            "Inspectors met Dana Whitcombe on Friday. “The bridge is safe,” she said.",
            "The bridge is safe",
            "Dana Whitcombe",
            "",
        ),
        # A dash credit.
        ("“Stay calm and vote.” — Ana Duarte", "Stay calm and vote", "Ana Duarte", ""),
        # Less common verbs of saying.
        (
            "“Please come home,” Rosa Ilic implored the striking nurses.",
            "Please come home",
            "Rosa Ilic",
            "",
        ),
        (
            "The fund is short of cash, Piet Harmsen adds. “We have six months left.”",
            "We have six months left",
            "Piet Harmsen",
            "",
        ),
        # Affiliation: "X of Y", an appositive, "Y's X", "X from Y"; never the speaker.
        (
            "“The harbour is silting up,” said Tomas Brandt of the Harbour Trust.",
            "The harbour is silting up",
            "Tomas Brandt",
            "Harbour Trust",
        ),
        (
            "Marta Quist, an economist at the Baltic Policy Institute, said the plan was "
            "“a gamble”.",
            "a gamble",
            "Marta Quist",
            "Baltic Policy Institute",
        ),
        (
            "The Lantern Foundation's Oskar Vinter said the grant was “long overdue”.",
            "long overdue",
            "Oskar Vinter",
            "Lantern Foundation",
        ),
        (
            "Noor Haddad from the Desert Water Council warned that wells were “running dry”.",
            "running dry",
            "Noor Haddad",
            "Desert Water Council",
        ),
        # A name in apposition to the subject is the speaker.
        (
            "“Nobody slept,” his sister, Mira Castell, recalled.",
            "Nobody slept",
            "Mira Castell",
            "",
        ),
        # An organisation, an anonymous group or a poll is no person.
        (
            "“Rates will stay high,” the Central Bank of Eldoria said in a statement.",
            "Rates will stay high",
            "",
            "Central Bank of Eldoria",
        ),
        ("“Turnout will be low,” officials said.", "Turnout will be low", "", ""),
        (
            "A poll by Civic Pulse found that voters were “deeply worried” about prices.",
            "deeply worried",
            "",
            "",
        ),
    ],
)
def test_the_speaker_and_affiliation_of_a_quotation(paragraph, quote, speaker, affiliation):
    assert _citations(paragraph) == [(quote, speaker, affiliation)]


def test_a_second_quotation_after_the_attribution_has_the_same_speaker():
    found = _citations("“Prices will rise,” Claire Moreau said. “Nobody can stop it.”")

    assert found == [
        ("Prices will rise", "Claire Moreau", ""),
        ("Nobody can stop it", "Claire Moreau", ""),
    ]


def test_a_quotation_continues_its_speaker_into_the_next_paragraph():
    found = _citations(
        "“We ran out of beds,” said Lena Okafor, a nurse at Harlow General Hospital.",
        "“Then we ran out of staff.”",
    )

    assert [speaker for _quote, speaker, _affiliation in found] == ["Lena Okafor"] * 2


def test_a_person_is_never_the_affiliation():
    found = _citations(
        "Mira Castell chairs the inquiry. “The records are gone,” said Noor Haddad, an "
        "adviser to Castell."
    )

    assert found == [("The records are gone", "Noor Haddad", "")]
