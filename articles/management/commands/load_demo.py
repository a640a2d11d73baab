"""Load an original demo newsroom that shows every feature on first run: illustrated pieces
across sections, authors with headshots, linked entities, verified quotations and footnoted
sources, a correction and an update note, a scheduled piece and one returned with changes
requested. The text lives in articles/demo/content.py; the pictures are drawn at load time."""

import re
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.caching import bulk_load_invalidate
from articles.citations import citation_dismiss, citation_save
from articles.demo import content, pictures
from articles.models import Article, Citation, Correction, Section
from articles.services import article_create, article_update, correction_add
from articles.workflow import (
    article_approve,
    article_publish,
    article_request_changes,
    article_schedule,
    article_submit,
)
from people.entities.registry import entity_create
from people.media.headshots import author_headshot_renditions_refresh
from people.models import Author, Entity

DEMO_ACCOUNTS = [
    # username, password, group; dev-only passwords, printed at the end.
    ("editor", "editor-demo-password", "Editors"),
    ("writer", "writer-demo-password", "Writers"),
]

_SOURCE_MARKER = re.compile(r'href="#source-(\d+)"')
_WRAPPED = re.compile(r"(?<!>)\s*\n\s*(?!<)")


class Command(BaseCommand):
    help = (
        "Create demo sections, authors, entities, editor and writer accounts, and articles. Safe "
        "to run again: anything that already exists is left as it is."
    )

    def handle(self, *args, **options):
        if not settings.NEWSROOM_ALLOW_DEMO_CONTENT:
            raise CommandError(
                "Demo content creates accounts with published passwords; it is refused under these "
                "settings. Use the development settings (the default for manage.py)."
            )
        created: list[str] = []
        with transaction.atomic():
            users = self._accounts(created)
            sections = self._sections(created)
            authors = self._authors(users, created)
            self._entities(created)
            self._articles(sections, authors, users, created)
        if created:
            bulk_load_invalidate()

        if created:
            for line in created:
                self.stdout.write(f"  created {line}")
        else:
            self.stdout.write("Demo content is already present; nothing changed.")
        self.stdout.write(self.style.SUCCESS("Demo accounts for /admin/ (development only):"))
        for username, password, group in DEMO_ACCOUNTS:
            self.stdout.write(f"  {group[:-1].lower():<7} {username} / {password}")

    def _accounts(self, created):
        User = get_user_model()
        users = {}
        for username, password, group_name in DEMO_ACCOUNTS:
            user, was_created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "email": f"{username}@example.org",
                    "first_name": username.capitalize(),
                },
            )
            if was_created:
                user.set_password(password)
                user.save(update_fields=["password"])
                user.groups.add(Group.objects.get(name=group_name))
                created.append(f"account {username}")
            users[username] = user
        return users

    def _sections(self, created):
        sections = {}
        for position, (name, slug, description) in enumerate(content.SECTIONS):
            section, was_created = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
            if was_created:
                created.append(f"section {name}")
            sections[slug] = section
        return sections

    def _authors(self, users, created):
        authors = {}
        for name, slug, bio, username, colours in content.AUTHORS:
            author, was_created = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio, "user": users.get(username)}
            )
            if was_created:
                background, skin, clothing = colours
                author.headshot = pictures.headshot_image(
                    seed=slug, background=background, skin=skin, clothing=clothing
                )
                author.save(update_fields=["headshot"])
                author_headshot_renditions_refresh(author=author)
                created.append(f"author {name}")
            authors[slug] = author
        return authors

    def _entities(self, created):
        # Registered before the articles, so that creating them links the mentions.
        for name, slug, kind, aliases, description in content.ENTITIES:
            if not Entity.objects.filter(slug=slug).exists():
                entity_create(
                    name=name, slug=slug, kind=kind, aliases=aliases, description=description
                )
                created.append(f"entity {name}")

    def _articles(self, sections, authors, users, created):
        now = timezone.now()
        writer, editor = users["writer"], users["editor"]
        for demo in content.ARTICLES:
            if Article.objects.filter(slug=demo.slug).exists():
                continue
            picture = demo.picture
            article = article_create(
                slug=demo.slug,
                title=demo.title,
                dek=demo.dek,
                # One line per block: the demo text is wrapped for reading in the source, and
                # a line break inside a paragraph would split its sentences for quote detection.
                body=_WRAPPED.sub(" ", demo.body.strip()),
                section=sections[demo.section],
                authors=[authors[slug] for slug in demo.authors],
                tags=demo.tags,
                hero_image=(
                    pictures.hero_image(
                        seed=demo.slug, palette=picture.palette, motif=picture.motif
                    )
                    if picture
                    else None
                ),
                hero_alt=picture.alt if picture else "",
                hero_caption=picture.caption if picture else "",
                hero_credit=picture.credit if picture else "",
                by=writer,
            )
            self._sources(article, demo, writer=writer, editor=editor)
            self._quotations(article, demo, editor=editor)
            # Through the real workflow, so the demo pieces carry a history like any other.
            if demo.state == "draft":
                created.append(f"draft {demo.title}")
                continue
            article_submit(article=article, by=writer)
            if demo.state == "changes_requested":
                article_request_changes(article=article, by=editor, comment=demo.change_request)
                created.append(f"piece returned to its writer: {demo.title}")
                continue
            article_approve(article=article, by=editor)
            if demo.state == "scheduled":
                article_schedule(
                    article=article, by=editor, publish_at=now + timedelta(days=demo.days_ago)
                )
                created.append(f"scheduled piece {demo.title}")
                continue
            article_publish(article=article, by=editor)
            # Spread the demo pieces over the past weeks so listings look lived-in.
            published_at = now - timedelta(days=demo.days_ago, hours=demo.days_ago)
            Article.objects.filter(pk=article.pk).update(
                publish_at=published_at, first_published_at=published_at, updated_at=published_at
            )
            article.first_published_at = published_at
            self._corrections(article, demo, editor=editor, published_at=published_at)
            created.append(f"article {demo.title}")

    def _sources(self, article, demo, *, writer, editor):
        """Attach the piece's documents as verified citations and point its footnote passages
        (``#source-N`` in the demo text) at them."""
        if not demo.sources:
            return
        anchors = {}
        for number, source in enumerate(demo.sources, start=1):
            citation = Citation(
                article=article,
                kind=Citation.Kind.DOCUMENT,
                source_title=source.title,
                publisher=source.publisher,
                url=source.url,
                published_on=date.fromisoformat(source.published),
                accessed_on=timezone.localdate(),
                review=Citation.Review.CONFIRMED,
                verification=Citation.Verification.VERIFIED,
            )
            citation_save(citation=citation, by=editor, verification_changed=True)
            anchors[str(number)] = citation.anchor
        body = _SOURCE_MARKER.sub(lambda m: f'href="#{anchors[m[1]]}"', article.body)
        # Through the one edit path, as a journalist adding the footnotes would.
        article_update(article=article, changes={"body": body}, base_version=None, by=writer)
        article.refresh_from_db()

    def _quotations(self, article, demo, *, editor):
        """Confirm and verify the quotations found in the text (checked against the interview
        notes); anything detected without a speaker is not a quotation in these pieces."""
        for citation in article.citations.filter(review=Citation.Review.SUGGESTED):
            if not (citation.is_attributed and demo.interview):
                citation_dismiss(citation=citation, by=editor)
                continue
            citation.review = Citation.Review.CONFIRMED
            citation.source_title, citation.publisher = demo.interview
            citation.accessed_on = timezone.localdate()
            citation.verification = Citation.Verification.VERIFIED
            citation_save(citation=citation, by=editor, verification_changed=True)

    def _corrections(self, article, demo, *, editor, published_at):
        for days, (kind, text) in enumerate(demo.corrections, start=1):
            note = correction_add(article=article, by=editor, kind=kind, text=text)
            # Dated after publication, as a real one would be; an update also moves the piece's
            # "updated" date, which readers are shown.
            noted_at = published_at + timedelta(days=days)
            Correction.objects.filter(pk=note.pk).update(created_at=noted_at)
            if kind == Correction.Kind.UPDATE:
                Article.objects.filter(pk=article.pk).update(updated_at=noted_at)
