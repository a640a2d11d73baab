"""URL converters for the public site."""


class TopicSlugConverter:
    """A tag's slug: taggit keeps letters of any script ("нефть", "café"), which Django's own
    ``slug`` converter (ASCII only) would refuse, leaving such topics without an address."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
