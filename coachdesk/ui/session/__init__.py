"""Session mode: countdown, note, plan steps and signposting in one focused view."""
