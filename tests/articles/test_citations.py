import json

import pytest

from articles.citations import (
    CitationError,
    Name,
    article_citations_detect,
    citation_confirm,
    citation_dismiss,
    citation_verify,
    detect_quotations,
)
from articles.importing import article_import, source_from_path
from articles.models import Citation
from people.models import Entity, EntitySuggestion
from tests.factories import ArticleFactory, EntityFactory

pytestmark = pytest.mark.django_db


def _seed(shared_fixtures):
    result = article_import(
        source=source_from_path(shared_fixtures / "seed" / "haftar-in-moscow.txt"), by=None
    )
    return result.article


def _by_quote(article):
    return {c.quote: c for c in article.citations.select_related("speaker", "affiliation")}


def test_the_seed_quotes_are_found_with_their_attribution(shared_fixtures):
    gold = json.loads((shared_fixtures / "seed" / "haftar-in-moscow.gold.json").read_text())
    article = _seed(shared_fixtures)

    found = _by_quote(article)
    assert sorted(found) == sorted(c["quote"] for c in gold["citations"])
    for expected in gold["citations"]:
        citation = found[expected["quote"]]
        assert (citation.speaker_label or None) == expected["speaker"], expected["quote"]
        assert (citation.affiliation_label or None) == expected["affiliation"], expected["quote"]
        assert citation.review == Citation.Review.SUGGESTED
    assert not found["iron grip"].is_attributed
    numbers = [found[q["quote"]].number for q in gold["citations"]]
    assert numbers == [1, 2, 3, 4]  # gold lists them in order of appearance


def _names(text, **kinds):
    """Name spans for every occurrence of each given name (kind from the keyword)."""
    names = []
    for kind, values in kinds.items():
        for value in values:
            start = text.find(value)
            while start != -1:
                names.append(Name(start, start + len(value), value, kind))
                start = text.find(value, start + 1)
    return names


def _detect(text, people=(), orgs=()):
    return detect_quotations(text, _names(text, person=people, organisation=orgs))


def test_straight_quotes_with_said_after_and_nested_quotes_stay_in_one_quotation():
    text = "\"They told us 'never again', and we believed them,\" Maria Lopez said."
    [quote] = _detect(text, people=["Maria Lopez"])
    assert quote.text == "They told us 'never again', and we believed them"
    assert quote.nested == ["never again"]
    assert quote.speaker.name == "Maria Lopez"


def test_curly_nested_quotes_and_a_quote_spanning_sentences():
    text = (
        "Jane Roe of the Red Cross was blunt. “The roads are gone. We were told ‘wait’. "
        "Nobody is coming,” she said. Later the rain stopped."
    )
    [quote] = _detect(text, people=["Jane Roe"], orgs=["Red Cross"])
    assert quote.text.startswith("The roads are gone. We were told ‘wait’.")
    assert quote.text.endswith("Nobody is coming")
    assert quote.nested == ["wait"]
    assert quote.speaker.name == "Jane Roe"  # "she" is the last person named


def test_according_to_and_organisation_after_from():
    text = "The deal is “dead in the water”, according to Omar Said from the Brookings Institution."
    [quote] = _detect(text, people=["Omar Said"], orgs=["Brookings Institution"])
    assert quote.speaker.name == "Omar Said"
    assert quote.affiliation.name == "Brookings Institution"


def test_speaker_in_the_previous_sentence_when_the_quote_stands_alone():
    text = "Ana Costa, who leads the union, put it plainly: the talks failed. “It is over.”"
    [quote] = _detect(text, people=["Ana Costa"])
    assert quote.text == "It is over"
    assert quote.speaker.name == "Ana Costa"


def test_unnamed_spokesperson_of_an_organisation_not_in_the_registry():
    text = "A spokesman for the Ministry of Health said the clinics were “fully stocked”."
    [quote] = _detect(text)
    assert quote.speaker is None
    assert quote.affiliation_name == "Ministry of Health"


def test_a_quote_without_a_verb_of_saying_is_unattributed():
    text = "Paul Kim visited the port. Its managers keep an “open door” policy."
    [quote] = _detect(text, people=["Paul Kim"])
    assert not quote.attributed


def test_pronoun_goes_to_the_last_named_person_not_the_first():
    text = "Ali Hassan met Sara Lind. “We agreed on nothing,” he said."
    # "he" is the last person named before the quote: the text's own attribution rule.
    [quote] = _detect(text, people=["Ali Hassan", "Sara Lind"])
    assert quote.speaker.name == "Sara Lind"


def test_speakers_in_the_registry_are_linked_and_unknown_ones_suggested(shared_fixtures):
    badi = EntityFactory(name="Emadeddin Badi", kind=Entity.Kind.PERSON)
    council = EntityFactory(name="Atlantic Council", kind=Entity.Kind.ORGANISATION)
    article = _seed(shared_fixtures)

    found = _by_quote(article)
    assert found["PR stunt"].speaker == badi
    assert found["PR stunt"].affiliation == council
    assert found["political problem for Haftar"].speaker is None
    assert found["political problem for Haftar"].speaker_name == "Tim Eaton"
    assert EntitySuggestion.objects.filter(name="Tim Eaton").exists()


def test_journalists_edits_survive_a_new_save_and_gone_suggestions_are_dropped():
    article = ArticleFactory(
        body="<p>“Alpha,” said Jo Bloggs. “Beta,” said Jo Bloggs. “Gamma” was painted.</p>"
    )
    from articles.entities import article_link_entities

    article_link_entities(article=article)
    found = _by_quote(article)
    alpha = found["Alpha"]
    alpha.speaker_name = "Joanne Bloggs"
    alpha.save()
    citation_confirm(citation=alpha, by=None)
    citation_dismiss(citation=found["Gamma"], by=None)

    article.body = "<p>New start. “Gamma” was painted. “Alpha,” said Jo Bloggs.</p>"
    article.save()
    article_link_entities(article=article)

    found = _by_quote(article)
    assert set(found) == {"Alpha", "Gamma"}  # the unconfirmed "Beta" is gone
    assert found["Alpha"].speaker_name == "Joanne Bloggs"
    assert found["Alpha"].review == Citation.Review.CONFIRMED
    assert found["Gamma"].review == Citation.Review.DISMISSED
    assert found["Alpha"].number == 1 and found["Gamma"].number == 0


def test_an_unattributed_quote_cannot_be_confirmed_and_a_dispute_needs_a_note(editor, writer):
    article = ArticleFactory(body="<p>They kept an “iron grip” on aid.</p>")
    from articles.entities import article_link_entities

    article_link_entities(article=article)
    citation = article.citations.get()
    with pytest.raises(CitationError, match="Say who said"):
        citation_confirm(citation=citation, by=None)
    with pytest.raises(CitationError, match="Confirm the citation"):
        citation_verify(citation=citation, by=editor)
    citation.affiliation_name = "Observers"
    citation_confirm(citation=citation, by=None)
    with pytest.raises(CitationError, match="what is disputed"):
        citation_verify(citation=citation, by=editor, state="disputed")
    with pytest.raises(CitationError, match="Only an editor"):
        citation_verify(citation=citation, by=writer)
    citation_verify(citation=citation, by=editor, state="verified")
    citation.refresh_from_db()
    assert citation.verification == Citation.Verification.VERIFIED
    assert citation.verified_at is not None
    assert citation.verified_by == editor


def test_saving_again_changes_nothing(shared_fixtures):
    from articles.entities import article_link_entities

    article = _seed(shared_fixtures)
    before = list(article.citations.values_list("pk", "number", "quote", "updated_at"))
    article_link_entities(article=article)
    assert list(article.citations.values_list("pk", "number", "quote", "updated_at")) == before


def test_suggestions_follow_the_text():
    article = ArticleFactory(body="<p>“Hello there,” said Jo Bloggs.</p>")
    article_citations_detect(article=article, text="", body_start=0, names=[])
    assert article.citations.count() == 0


def _detected(body):
    from articles.entities import article_link_entities

    article = ArticleFactory(body=body)
    article_link_entities(article=article)
    return _by_quote(article)


def test_a_quotation_over_several_paragraphs_is_one_citation():
    found = _detected(
        "<p>Layla Nasser, a researcher at the Clingendael Institute, said: “The militias "
        "were paid twice.</p><p>“Twice, I say.</p><p>“Nobody asked where the money went.”</p>"
        "<p>Talks resume in May.</p>"
    )
    [(text, citation)] = found.items()
    assert text == (
        "The militias were paid twice.\nTwice, I say.\nNobody asked where the money went"
    )
    assert citation.speaker_name == "Layla Nasser"
    assert citation.affiliation_name == "Clingendael Institute"


def test_a_surname_alone_later_in_the_piece_is_the_speaker():
    found = _detected(
        "<p>Layla Nasser has studied the militias for a decade. The money went east.</p>"
        "<p>“It was always going to end this way,” Nasser said.</p>"
    )
    assert found["It was always going to end this way"].speaker_name == "Layla Nasser"


def test_the_outlet_spoken_to_is_not_the_affiliation():
    found = _detected(
        "<p>Layla Nasser of the Clingendael Institute told the Financial Times that the talks "
        "were “a charade”.</p>"
    )
    citation = found["a charade"]
    assert citation.speaker_name == "Layla Nasser"
    assert citation.affiliation_name == "Clingendael Institute"


def test_a_colon_introduces_the_quote_and_a_pronoun_keeps_the_speakers_organisation():
    found = _detected(
        "<p>Sara Okafor, director of the Lagos Policy Forum, disagreed. “This is a tax on the "
        "poor. It will fail,” she said. John Mbeki, the union leader, was sharper: "
        "“It is theft.”</p>"
    )
    tax = found["This is a tax on the poor. It will fail"]
    assert (tax.speaker_name, tax.affiliation_name) == ("Sara Okafor", "Lagos Policy Forum")
    assert found["It is theft"].speaker_name == "John Mbeki"


def test_a_confirmed_quote_trimmed_by_the_journalist_is_not_suggested_again():
    from articles.entities import article_link_entities

    article = ArticleFactory(body="<p>“Alpha and beta,” said Jo Bloggs.</p>")
    article_link_entities(article=article)
    citation = article.citations.get()
    citation.quote = "Alpha"
    citation.review = Citation.Review.CONFIRMED
    citation.save()
    article_link_entities(article=article)
    assert list(article.citations.values_list("quote", "review")) == [("Alpha", "confirmed")]


def test_accepting_a_speaker_suggestion_links_confirmed_and_suggested_citations(shared_fixtures):
    from articles.entities import suggestion_accept_and_relink

    article = _seed(shared_fixtures)
    taken = _by_quote(article)["PR stunt"]
    citation_confirm(citation=taken, by=None)
    for name in ("Emadeddin Badi", "Tim Eaton"):
        suggestion_accept_and_relink(suggestion=EntitySuggestion.objects.get(name=name))

    found = _by_quote(article)
    assert found["PR stunt"].speaker == Entity.objects.get(name="Emadeddin Badi")
    assert found["PR stunt"].review == Citation.Review.CONFIRMED
    assert found["political problem for Haftar"].speaker == Entity.objects.get(name="Tim Eaton")


def test_footnote_numbers_follow_the_order_readers_meet_them(editor):
    from articles.citations import citation_save
    from articles.entities import article_link_entities

    article = ArticleFactory(
        body="<p>Reserves fell sharply last year.</p>"
        "<p>“It was a shock,” said Amal Haddad, an economist.</p>"
    )
    article_link_entities(article=article)
    source = Citation(
        article=article,
        kind=Citation.Kind.DOCUMENT,
        source_title="Central bank annual report",
        review=Citation.Review.CONFIRMED,
    )
    citation_save(citation=source, by=editor)
    article.body = (
        f'<p>Reserves <a href="#{source.anchor}">fell sharply</a> last year.</p>'
        "<p>“It was a shock,” said Amal Haddad, an economist.</p>"
    )
    article.save()

    article_link_entities(article=article)

    numbers = dict(article.citations.values_list("kind", "number"))
    assert numbers == {Citation.Kind.DOCUMENT: 1, Citation.Kind.QUOTE: 2}
