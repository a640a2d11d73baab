"""Structured data (schema.org JSON-LD) for public pages, built from rows already fetched."""

import json

from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

# Inside <script>, these could end the element or start markup; JSON can spell them escaped.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """Return ``data`` as JSON that is safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def article_json_ld(article: Article, *, base_url: str) -> SafeString:
    """Return the article as a schema.org NewsArticle whose ``mentions`` list its entities (with
    their Wikidata items as ``sameAs``). Uses the byline and mentions the view prefetched."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "url": base_url + article.get_absolute_url(),
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "dateModified": article.updated_at.isoformat() if article.updated_at else None,
        "author": [
            {"@type": "Person", "name": author.name, "url": base_url + author.get_absolute_url()}
            for author in article.byline_authors
        ],
    }
    if article.dek:
        data["description"] = article.dek
    if article.section_id:
        data["articleSection"] = article.section.name
    mentions = []
    for mention in article.mentions.all():
        entity = mention.entity
        item = {
            "@type": entity.schema_type,
            "name": entity.name,
            "url": base_url + entity.get_absolute_url(),
        }
        if entity.wikidata_url:
            item["sameAs"] = entity.wikidata_url
        mentions.append(item)
    if mentions:
        data["mentions"] = mentions
    return json_ld({key: value for key, value in data.items() if value is not None})
