import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count

from articles import seeding
from articles.entities import article_link_entities
from articles.ledger import ledger_piece_refresh
from articles.models import Article, Citation, LedgerQuote, LedgerTally, Mention, Section
from articles.search import search_articles
from people.models import Author, Entity
from tests.articles.ledger_rows import stored_tallies

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(capsys):
    call_command("seed_archive", "--articles", "120", "--entities", "60")
    return capsys.readouterr().out


def test_seed_archive_fills_a_realistic_archive(archive):
    assert "Created 120 articles" in archive
    assert Article.objects.count() == 120
    assert Section.objects.count() == 20
    assert Author.objects.count() == 300
    assert Entity.objects.count() == 60
    drafts = Article.objects.filter(status=Article.Status.DRAFT).count()
    assert 1 <= drafts <= 20  # about 5%
    live = Article.objects.published()
    assert live.count() == 120 - drafts
    years = {article.first_published_at.year for article in live}
    assert len(years) >= 5  # spread over ten years
    bylines = Article.objects.annotate(n=Count("authorships")).values_list("n", flat=True)
    assert set(bylines) <= {1, 2, 3} and len(set(bylines)) > 1
    tags = [len(article.tags.all()) for article in Article.objects.prefetch_related("tags")]
    assert min(tags) >= 2 and max(tags) <= 5
    words = Article.objects.values_list("word_count", flat=True)
    assert min(words) >= 550 and max(words) <= 1000
    # Skewed: the most named entity is in far more pieces than the median one.
    per_entity = sorted(
        Entity.objects.annotate(n=Count("mentions")).values_list("n", flat=True), reverse=True
    )
    assert per_entity[0] >= 3 * per_entity[len(per_entity) // 2]
    # Enough quotations for the quote ledger to be measured: most pieces quote, several
    # people when they do, named, anonymous and unattributed.
    quoting = Article.objects.published().filter(citations__isnull=False).distinct().count()
    assert quoting >= live.count() // 2
    per_piece = Citation.objects.filter(review=Citation.Review.CONFIRMED).count() / quoting
    assert per_piece >= 2.5
    attributions = set(LedgerQuote.objects.values_list("attribution", flat=True))
    assert attributions == {"named", "anonymous", "unattributed"}
    assert LedgerQuote.objects.exclude(organisation_type="").exists()


def _citations(article):
    return list(
        article.citations.order_by("pk").values_list(
            "number", "offset", "quote", "speaker_id", "affiliation_id", "review"
        )
    )


def _ledger_rows(article):
    return list(LedgerQuote.objects.filter(article=article).order_by("pk").values())


def test_seeded_articles_are_exactly_what_the_save_path_would_store(archive):
    for article in Article.objects.order_by("pk")[:15]:
        stored = (
            article.body_html,
            article.word_count,
            article.body_text,
            list(article.mentions.values_list("entity_id", "count", "first_offset")),
            _citations(article),
            _ledger_rows(article),
        )
        article.save()
        article_link_entities(article=article)
        article.refresh_from_db()
        saved = (
            article.body_html,
            article.word_count,
            article.body_text,
            list(
                Mention.objects.filter(article=article).values_list(
                    "entity_id", "count", "first_offset"
                )
            ),
            _citations(article),
            _ledger_rows(article) if not ledger_piece_refresh(article=article) else "refreshed",
        )
        assert stored == saved, article.pk
        assert 'class="entity-link"' in article.body_html


def test_seeded_archive_is_searchable_by_an_entity_name(archive):
    mention = Mention.objects.filter(article__in=Article.objects.published()).first()

    results = search_articles(Article.objects.published(), mention.entity.name)

    assert mention.article in list(results)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM articles_article WHERE search_document IS NULL")
            assert cursor.fetchone()[0] == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics: PostgreSQL")
def test_the_planner_knows_the_seeded_rows_before_the_first_page_is_measured(archive):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reltuples FROM pg_class WHERE relname IN "
            "('articles_article', 'articles_mention', 'articles_authorship')"
        )
        estimated = dict(cursor.fetchall())
    # -1 means "never analysed": the planner would assume a near-empty table.
    assert estimated["articles_article"] == Article.objects.count()
    assert estimated["articles_mention"] == Mention.objects.count()
    assert estimated["articles_authorship"] > 0


def test_seed_archive_is_refused_under_production_settings(settings):
    settings.NEWSROOM_ALLOW_DEMO_CONTENT = False

    with pytest.raises(CommandError, match="refused"):
        call_command("seed_archive", "--articles", "5")
    assert not Article.objects.exists()


def test_seed_archive_refuses_nonsense_sizes():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("seed_archive", "--articles", "0")
    with pytest.raises(CommandError, match="at least 20"):
        call_command("seed_archive", "--articles", "5", "--entities", "3")


def test_seeded_ledger_tallies_are_what_refreshing_each_piece_adds_up_to(archive):
    """The seed counts the tallies in one go; the save path moves them piece by piece. Both
    must give the same figures, or the benchmark would measure a different ledger."""
    seeded = stored_tallies()
    assert seeded
    LedgerQuote.objects.all().delete()
    LedgerTally.objects.all().delete()

    for pk in Article.objects.order_by("pk").values_list("pk", flat=True):
        ledger_piece_refresh(article=pk)

    assert stored_tallies() == seeded


def _archive_contents() -> list[tuple]:
    """Everything a seeded archive holds but its dates (counted back from the moment of
    seeding) and the slugs of its pieces (which carry the moment too), piece by piece."""
    pieces = []
    for article in Article.objects.order_by("pk"):
        pieces.append(
            (
                article.title,
                article.dek,
                article.status,
                article.section.name,
                article.body,
                article.body_html,
                article.body_text,
                article.word_count,
                list(article.authorships.order_by("position").values_list("author__name")),
                sorted(article.tags.values_list("name", flat=True)),
                list(
                    article.mentions.order_by("first_offset").values_list(
                        "entity__name", "count", "first_offset"
                    )
                ),
                list(
                    article.citations.order_by("number").values_list(
                        "number", "offset", "quote", "speaker__name", "affiliation__name"
                    )
                ),
            )
        )
    return pieces


def _forget_the_archive() -> None:
    from taggit.models import Tag

    LedgerQuote.objects.all().delete()
    LedgerTally.objects.all().delete()
    Article.objects.all().delete()
    for model in (Author, Entity, Section, Tag):
        model.objects.all().delete()


@pytest.mark.skipif(not seeding._can_fork(), reason="planning in a second process needs fork")
def test_pieces_written_in_a_second_process_are_the_pieces_written_in_this_one(monkeypatch):
    """The seed writes the next batch of pieces in a forked process while this one inserts:
    batches must come back whole and in order, from the same random draws."""
    monkeypatch.setattr(seeding, "BATCH", 7)  # six batches: more than the two kept in flight
    seeding.archive_seed(articles=40, entities=30, parallel=False)
    written_here = _archive_contents()
    _forget_the_archive()

    report = seeding.archive_seed(articles=40, entities=30, parallel=True)

    assert report.articles == 40
    assert _archive_contents() == written_here


@pytest.mark.skipif(not seeding._can_fork(), reason="planning in a second process needs fork")
def test_a_failure_in_the_planning_process_stops_the_seed_with_its_error(monkeypatch):
    def broken(self, first, size):
        raise RuntimeError(f"batch at {first} could not be written")

    monkeypatch.setattr(seeding._Planner, "batch", broken)

    with pytest.raises(RuntimeError, match="batch at 0 could not be written"):
        seeding.archive_seed(articles=10, entities=30, parallel=True)
    assert not Article.objects.exists()
