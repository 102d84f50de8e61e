"""The bundled example: the Twentieth Congress of the CPSU (1956), loaded through the same
actions as everything else (so the demo's journal verifies like any other)."""
