"""The named-entity registry and the recognition of names in text.

``names`` normalises names; ``lexicon`` and ``gazetteer`` hold the word lists and place data;
``recognition`` finds registry names in a text (pure: it is handed the names); ``discovery``
proposes names the registry does not know; ``registry`` holds the write services on Entity rows.
"""
