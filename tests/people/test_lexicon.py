import re

from people.entities.lexicon import SPEECH_VERBS, word_alternation


def test_word_alternation_matches_each_word_and_nothing_else():
    words = {"say", "said", "says", "saying", "told", "put it", "according to"}
    pattern = re.compile(rf"\b{word_alternation(words)}\b", re.IGNORECASE)

    for word in words:
        assert pattern.fullmatch(word), word
    assert pattern.findall("She SAID it; as he put it, according to him, he was told") == [
        "SAID",
        "put it",
        "according to",
        "told",
    ]
    for near_miss in ("sa", "sayings", "sai", "tol", "put", "accordingly", "resaid"):
        assert not pattern.search(near_miss), near_miss


def test_word_alternation_of_the_speech_verbs_finds_what_a_flat_alternation_finds():
    flat = re.compile(
        r"\b(?:" + "|".join(sorted(map(re.escape, SPEECH_VERBS), key=len, reverse=True)) + r")\b",
        re.IGNORECASE,
    )
    factored = re.compile(rf"\b{word_alternation(SPEECH_VERBS)}\b", re.IGNORECASE)
    text = " ".join(sorted(SPEECH_VERBS)) + " unsaid saidx re-told Told, WROTE."

    assert [m.span() for m in factored.finditer(text)] == [m.span() for m in flat.finditer(text)]
