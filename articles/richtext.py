"""The article body's rich text: what the editor offers and what the server keeps.

One configuration drives both the admin editor (django-prose-editor) and the nh3 allow-list that
every save passes through, so the server never stores markup the editor could not have produced,
whatever a browser or an importer sends.
"""

import re

import nh3
from django.utils.html import strip_tags
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

BODY_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    # Our own: the footnote button (static/articles/admin/footnote.js), which makes Links.
    "Footnote": True,
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "History": True,
    "Menu": True,
}


def _build_cleaner() -> nh3.Cleaner:
    allowlist = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    # nh3 sets rel itself on every link, so an editor-supplied rel cannot widen what a link does.
    allowlist["attributes"]["a"].discard("rel")
    allowlist["link_rel"] = "noopener noreferrer"
    return nh3.Cleaner(**allowlist)


_cleaner = _build_cleaner()

# Word and Google Docs fill pasted text with empty paragraphs used as spacing.
_EMPTY_BLOCK = re.compile(r"<(p|h[2-4])>(?:\s|&nbsp;|\u00a0|<br>)*</\1>")
# Word processors say <b>/<i> and use any heading level; the editor's schema says <strong>/<em>
# and keeps <h1> for the headline, so these are renamed before the allow-list would drop them.
_TAG_SYNONYMS = {"b": "strong", "i": "em", "h1": "h2", "h5": "h4", "h6": "h4"}
_SYNONYM_TAG = re.compile(r"<(/?)(b|i|h1|h5|h6)(?=[\s/>])", re.IGNORECASE)
_WORD_RE = re.compile(r"\w+(?:[’'\-]\w+)*")


def sanitize_body(html: str) -> str:
    """Return ``html`` reduced to the body's allow-list, with spacer paragraphs removed."""
    if not html:
        return ""
    renamed = _SYNONYM_TAG.sub(lambda m: f"<{m[1]}{_TAG_SYNONYMS[m[2].lower()]}", html)
    cleaned = _cleaner.clean(renamed)
    cleaned = _EMPTY_BLOCK.sub("", cleaned).strip()
    return cleaned


def count_words(html: str) -> int:
    """Return the number of words a reader sees in ``html``."""
    return len(_WORD_RE.findall(strip_tags(html)))
