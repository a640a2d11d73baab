import pytest
from django.core import checks

from people.apps import recogniser_check
from people.entities import nlp
from people.entities.discovery import discover


@pytest.fixture
def missing_model(settings):
    """Run with a pipeline package that is not installed, then load the real one again."""
    settings.NEWSROOM_NLP_MODEL = "no_such_pipeline_package"
    nlp._load.cache_clear()
    yield
    settings.NEWSROOM_NLP_MODEL = nlp.DEFAULT_MODEL
    nlp._load.cache_clear()


def test_the_installed_pipeline_is_active():
    status = nlp.status()

    assert status.active
    assert "spaCy" in status.description
    assert recogniser_check() == []


def test_a_text_is_parsed_once_for_all_its_readers():
    text = "Ada Quill said the plan would work."

    assert nlp.parse(text) is nlp.parse(text)


def test_without_the_model_discovery_runs_on_rules_with_a_clear_warning(missing_model):
    status = nlp.status()

    assert not status.active
    assert "rules only" in status.description
    assert nlp.parse("Anything at all.") is None
    warnings = recogniser_check()
    assert [w.id for w in warnings] == ["people.W001"]
    assert warnings[0].level == checks.WARNING
    names = {c.name for c in discover("Defense Minister Ada Quill met Boris Lund in Oslo.")}
    assert "Ada Quill" in names


def test_a_book_length_text_is_read_by_the_rules_alone():
    paragraph = "Defense Minister Ada Quill met Boris Lund in Oslo on Monday. " * 40
    text = paragraph * (nlp.MAX_PARSED_CHARS // len(paragraph) + 1)

    assert nlp.parse(text) is None
    assert "Ada Quill" in {c.name for c in discover(text)}


def test_each_sentence_gets_its_own_dependency_parse():
    doc = nlp.parse("Ada Quill met Boris Lund in Oslo. Later he said the plan would work.")

    assert [s.text for s in doc.sents] == [
        "Ada Quill met Boris Lund in Oslo.",
        "Later he said the plan would work.",
    ]
    said = next(t for t in doc if t.text == "said")
    assert [c.text for c in said.children if c.dep_ == "nsubj"] == ["he"]
    assert said.head == said
    assert {(e.text, e.label_) for e in doc.ents} >= {("Ada Quill", "PERSON"), ("Oslo", "GPE")}
