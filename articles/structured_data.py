"""Schema.org descriptions of public pages (JSON-LD), for search engines and link previews."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article
from articles.richtext import opening_words

DESCRIPTION_WORDS = 40


def article_description(article: Article) -> str:
    """Return the standfirst, or the opening words of the body when there is none."""
    if article.dek:
        return article.dek
    return opening_words(article.plain_text, DESCRIPTION_WORDS, truncate="…")


def _publisher(request) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": request.build_absolute_uri("/"),
        "logo": {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(static("logo.png")),
            "width": 512,
            "height": 512,
        },
    }


def article_graph(article: Article, request) -> dict:
    """Return the NewsArticle and its BreadcrumbList (uses the article page's prefetches)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    news_article = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "mainEntityOfPage": url,
        "url": url,
        "headline": article.title[:110],
        "description": article_description(article),
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "dateModified": article.updated_at.isoformat(),
        "wordCount": article.word_count,
        "inLanguage": settings.LANGUAGE_CODE,
        "author": [
            {
                "@type": "Person",
                "name": author.name,
                "url": request.build_absolute_uri(author.get_absolute_url()),
            }
            for author in article.byline_authors
        ],
        "publisher": _publisher(request),
        "keywords": [tag.name for tag in article.tags.all()],
    }
    if article.section:
        news_article["articleSection"] = article.section.name
    if article.hero_image:
        news_article["image"] = {
            "@type": "ImageObject",
            "url": request.build_absolute_uri(article.hero_image.url),
            "width": article.hero_image_width,
            "height": article.hero_image_height,
            "caption": article.hero_caption or article.hero_alt,
        }
    sources = [
        {"@type": "CreativeWork", "name": citation.source_title or citation.safe_url}
        | ({"url": citation.safe_url} if citation.safe_url else {})
        | ({"publisher": citation.publisher} if citation.publisher else {})
        for citation in getattr(article, "public_citations", [])
        if citation.source_title or citation.safe_url
    ]
    if sources:
        news_article["citation"] = sources
    mentions = []
    for mention in article.mentions.all():
        entity = mention.entity
        item = {
            "@type": entity.schema_type,
            "name": entity.name,
            "url": request.build_absolute_uri(entity.get_absolute_url()),
        }
        if entity.wikidata_url:
            item["sameAs"] = entity.wikidata_url
        mentions.append(item)
    if mentions:
        news_article["mentions"] = mentions
    corrections = list(article.corrections.all())
    if corrections:
        news_article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": correction.text,
                "datePublished": correction.created_at.isoformat(),
            }
            for correction in corrections
        ]
    crumbs = [("Home", request.build_absolute_uri(reverse("home")))]
    if article.section:
        crumbs.append(
            (article.section.name, request.build_absolute_uri(article.section.get_absolute_url()))
        )
    crumbs.append((article.title, url))
    breadcrumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": item}
            for position, (name, item) in enumerate(crumbs, start=1)
        ],
    }
    return {
        "@context": "https://schema.org",
        "@graph": [{k: v for k, v in news_article.items() if v is not None}, breadcrumbs],
    }


def entity_graph(entity, request) -> dict:
    """Return the entity as a schema.org Person, Organization, Place or Event."""
    data = {
        "@context": "https://schema.org",
        "@type": entity.schema_type,
        "name": entity.name,
        "url": request.build_absolute_uri(entity.get_absolute_url()),
        "alternateName": [alias.name for alias in entity.aliases.all()],
        "description": entity.description,
        "sameAs": entity.wikidata_url,
    }
    return {key: value for key, value in data.items() if value}
