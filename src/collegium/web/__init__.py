"""The web layer's shared part: what every page and every API endpoint needs
(`lookups`, `refusals`, `api_auth`, `api_errors`), and the pages and endpoints that span
features (`pages`, `api`: the organization's home shows its bodies, a member's page their
seats). Each feature keeps its own pages and API in its package (docs/architecture.md)."""
