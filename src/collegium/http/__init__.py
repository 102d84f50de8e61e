"""What every page and API endpoint shares, below the features that use it: how a caller
is authenticated (api_auth), who acts for a page or an API call (actors: `page_actor`;
api_auth: `api_actor`), how refusals and missing objects are answered (api_errors
for the API, refusals for pages), and the 404 a lookup raises (errors). It imports
access, journal.actors and rules, never a feature: each feature's views and API import
it, so it must sit below them (docs/architecture.md)."""
