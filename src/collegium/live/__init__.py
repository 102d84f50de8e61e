"""Live updates: what the journal recorded reaches every open page within a second.

`bus` carries events between server processes (in-process, or over Redis); the journal
publishes one batch per committed action. Pages subscribe through the server-sent-events
endpoint and re-fetch their fragments."""
