"""English: 14 Feb 1956 and 14 Feb 1956, 10:30:00 (day first: read the same worldwide)."""

DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = SHORT_DATETIME_FORMAT = "j M Y, H:i:s"
