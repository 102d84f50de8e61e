"""The standing-orders document of a body: its settings, validation, and the bundled
presets."""
