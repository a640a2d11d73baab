"""Load a small, original demo newsroom so a newcomer sees real pages on first run."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from articles.models import Article, Section
from articles.services import article_create
from articles.workflow import article_approve, article_publish, article_submit
from people.entities.registry import entity_create
from people.models import Author, Entity

DEMO_ACCOUNTS = [
    # username, password, group, staff flags; dev-only passwords, printed at the end.
    ("editor", "editor-demo-password", "Editors"),
    ("writer", "writer-demo-password", "Writers"),
]

DEMO_SECTIONS = [
    (
        "Middle East and North Africa",
        "mena",
        "Politics, security and economies from Rabat to Tehran.",
    ),
    ("Economy", "economy", "Money, trade and the institutions that manage them."),
    ("Climate and resources", "climate", "Water, energy and land, and who controls them."),
]

DEMO_AUTHORS = [
    (
        "Mara Okafor",
        "mara-okafor",
        "Mara Okafor covers North Africa and the Sahel, with a focus on security and aid.",
        "writer",
    ),
    (
        "Tomas Lindqvist",
        "tomas-lindqvist",
        "Tomas Lindqvist writes on trade, sanctions and the politics of central banks.",
        None,
    ),
]


DEMO_ENTITIES = [
    # name, slug, kind, aliases, description
    (
        "Sahel",
        "sahel",
        Entity.Kind.PLACE,
        [],
        "The semi-arid belt south of the Sahara, from Senegal to Sudan.",
    ),
    (
        "Persian Gulf",
        "persian-gulf",
        Entity.Kind.PLACE,
        ["Gulf"],
        "The shallow sea between the Arabian Peninsula and Iran, and the states around it.",
    ),
]


@dataclass
class DemoArticle:
    slug: str
    title: str
    dek: str
    section: str
    authors: list[str]
    body: str
    tags: list[str] = field(default_factory=list)
    days_ago: int | None = None  # None leaves the piece as a draft


DEMO_ARTICLES = [
    DemoArticle(
        slug="desalination-gulf-water-politics",
        title="Desalination is quietly rewriting the Gulf's water politics",
        dek=(
            "Plants that turn seawater into drinking water free states from rivers and aquifers, "
            "but they concentrate a nation's thirst in a handful of coastal targets."
        ),
        section="climate",
        authors=["mara-okafor"],
        tags=["Water", "Energy", "Gulf"],
        days_ago=1,
        body="""
<p>For most of history, a state's water came from wherever its rivers and aquifers happened to
be. Desalination breaks that link. A coastline, cheap energy and capital are now enough to supply a
city of millions, and the states that have all three are building plants faster than ever.</p>
<h2>From scarcity to dependency</h2>
<p>The gain is real: cities that once rationed water in summer now grow. But the supply that used
to be spread across wells and springs is now concentrated in a few large plants, each one a
single point of failure. An oil spill near an intake, a cyberattack on a control system or a
missile aimed at the coast can cut a capital's water within days.</p>
<blockquote><p>Water security used to be a question of geography. Increasingly it is a question of
engineering and air defence.</p></blockquote>
<h2>What to watch</h2>
<ul>
<li>Whether governments invest in storage that can carry a city through a week-long outage.</li>
<li>How quickly solar-powered plants replace those burning gas and oil.</li>
<li>Whether brine discharge becomes a diplomatic issue between neighbours sharing shallow seas.</li>
</ul>
<p>None of this argues against desalination. It argues for treating it as critical
infrastructure, with the redundancy and protection that implies.</p>
""",
    ),
    DemoArticle(
        slug="central-banks-gold-reserves",
        title="Why central banks are buying gold again",
        dek=(
            "Purchases by emerging-market central banks are at a multi-decade high. The motive is "
            "less about returns than about what can and cannot be frozen."
        ),
        section="economy",
        authors=["tomas-lindqvist"],
        tags=["Sanctions", "Central banks"],
        days_ago=3,
        body="""
<p>Gold pays no interest, costs money to store and is awkward to move. For decades central banks
treated it as a relic. That has changed, and the reason is <strong>sanctions</strong> more than
inflation.</p>
<h2>Reserves that cannot be switched off</h2>
<p>When reserves held as foreign bonds and deposits can be immobilised by the issuing country,
their value as insurance depends on staying on good terms with that country. Bullion held at home
has no such condition attached. For governments that expect to disagree with Western capitals, that
is worth the cost of storage.</p>
<h2>Limits of the strategy</h2>
<ol>
<li>Gold is hard to spend in a crisis without a counterparty willing to buy it.</li>
<li>Large purchases move the price against the buyer.</li>
<li>Reserves at home are only as safe as the institutions guarding them.</li>
</ol>
<p>The shift is therefore gradual: a hedge, not an exit from the dollar system. But it is a
measurable sign that the weaponisation of finance has a price, paid in the slow erosion of trust in
the reserve currencies themselves.</p>
""",
    ),
    DemoArticle(
        slug="sahel-patrons-small-states",
        title="In the Sahel, small states are learning to court many patrons",
        dek=(
            "Governments that once relied on a single security partner now balance several, "
            "trading access and contracts for protection and recognition."
        ),
        section="mena",
        authors=["mara-okafor", "tomas-lindqvist"],
        tags=["Sahel", "Security", "Diplomacy"],
        days_ago=6,
        body="""
<p>A decade ago the security of much of the Sahel rested on one foreign partner. Today the same
capitals host delegations from several powers in a single month, and their leaders speak openly of
<em>diversifying</em> their partnerships.</p>
<h2>Leverage through choice</h2>
<p>Courting many patrons raises the price of each one's support. A government that can credibly
turn elsewhere can ask for more: equipment without conditions, silence on elections, investment in
mines and ports. Patrons, competing with each other, often pay.</p>
<h2>The costs fall on citizens</h2>
<p>The bargain is struck between governments, and its costs are borne by the governed. Private
military contractors answer to those who pay them, not to local courts. Mining concessions signed in
haste are hard to renegotiate. And when patrons compete for a government's favour, none of them
has much incentive to press it on human rights.</p>
<p>The question for the coming years is whether regional bodies can set common rules for foreign
security partners, or whether each capital will continue to negotiate alone.</p>
""",
    ),
    DemoArticle(
        slug="draft-port-concessions-red-sea",
        title="Port concessions on the Red Sea: who holds the keys",
        dek="A survey of which foreign operators run which terminals, and on what terms.",
        section="mena",
        authors=["mara-okafor"],
        tags=["Ports", "Trade"],
        days_ago=None,
        body="""
<p>Draft: the table of concessions still needs checking against the operators' annual reports
before this goes to the desk.</p>
""",
    ),
]


class Command(BaseCommand):
    help = (
        "Create demo sections, authors, editor and writer accounts, and articles. Safe to run "
        "again: anything that already exists is left as it is."
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
                username=username, defaults={"is_staff": True, "email": f"{username}@example.org"}
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
        for position, (name, slug, description) in enumerate(DEMO_SECTIONS):
            section, was_created = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "description": description, "position": position}
            )
            if was_created:
                created.append(f"section {name}")
            sections[slug] = section
        return sections

    def _authors(self, users, created):
        authors = {}
        for name, slug, bio, username in DEMO_AUTHORS:
            author, was_created = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "bio": bio, "user": users.get(username)}
            )
            if was_created:
                created.append(f"author {name}")
            authors[slug] = author
        return authors

    def _entities(self, created):
        # Registered before the articles, so that creating them links the mentions.
        for name, slug, kind, aliases, description in DEMO_ENTITIES:
            if not Entity.objects.filter(slug=slug).exists():
                entity_create(
                    name=name, slug=slug, kind=kind, aliases=aliases, description=description
                )
                created.append(f"entity {name}")

    def _articles(self, sections, authors, users, created):
        now = timezone.now()
        for demo in DEMO_ARTICLES:
            if Article.objects.filter(slug=demo.slug).exists():
                continue
            article = article_create(
                slug=demo.slug,
                title=demo.title,
                dek=demo.dek,
                body=demo.body,
                section=sections[demo.section],
                authors=[authors[slug] for slug in demo.authors],
                tags=demo.tags,
                by=users["writer"],
            )
            if demo.days_ago is None:
                created.append(f"draft {demo.title}")
                continue
            # Through the real workflow, so the demo pieces carry a history like any other.
            article_submit(article=article, by=users["writer"])
            article_approve(article=article, by=users["editor"])
            article_publish(article=article, by=users["editor"])
            # Spread the demo pieces over the past week so listings look lived-in.
            published_at = now - timedelta(days=demo.days_ago)
            Article.objects.filter(pk=article.pk).update(
                publish_at=published_at, first_published_at=published_at, updated_at=published_at
            )
            created.append(f"article {demo.title}")
