"""Date formats per language (settings.FORMAT_MODULE_PATH): one for dates and one for
moments in each language, whichever name a template asks for (DATE_FORMAT or
SHORT_DATE_FORMAT), so a page never shows the same kind of date two ways. What is not
set here (input formats, number separators) comes from Django's locale."""
