"""Images shared by every image field: validation and metadata cleaning (``images``), renditions
(``renditions``) and the author headshot's renditions (``headshots``)."""
