"""One way of writing dates across the site and the admin: "1 December 2026, 14:05 GMT", in the
newsroom's time zone (Django's own British formats mix "2:05 p.m." with 24-hour times)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
