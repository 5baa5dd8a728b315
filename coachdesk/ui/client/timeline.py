"""The record's timeline as escaped HTML: sessions and notes, newest first."""

from __future__ import annotations

from datetime import datetime
from html import escape

from coachdesk.domain.timefmt import uk_datetime
from coachdesk.services.notes import NoteEntry
from coachdesk.services.record import ClientRecord


def _note_html(entry: NoteEntry, written: dict[str, datetime]) -> str:
    note = entry.note
    body = escape(note.body).replace("\n", "<br>")
    tags = f" · {escape(', '.join(note.tags))}" if note.tags else ""
    head = f"<b>Note</b> by {escape(note.author)}, {escape(uk_datetime(note.written_at))}{tags}"
    if note.amends_id and note.amends_id in written:
        head += f" · amends the note of {escape(uk_datetime(written[note.amends_id]))}"
    if entry.superseded:
        newer = written.get(entry.superseded_by or "")
        when = f" of {escape(uk_datetime(newer))}" if newer else ""
        return (f"<div class='superseded'><p style='color:#4c6272'>{head}<br>"
                f"<b>Superseded</b> by the amended note{when}. The original is kept below.</p>"
                f"<p style='color:#4c6272'>{body}</p></div><hr>")
    return f"<p>{head}</p><p>{body}</p><hr>"


def timeline_html(record: ClientRecord) -> str:
    written = {e.note.id: e.note.written_at for e in record.notes}
    items: list[tuple[datetime, str]] = [(e.note.written_at, _note_html(e, written))
                                         for e in record.notes]
    for a in record.sessions:
        text = (f"<p style='background:#e8edee;padding:6px'><b>Session</b> "
                f"{escape(uk_datetime(a.start))}, {a.length_minutes} minutes, "
                f"{escape(a.mode.label.lower())}: <b>{escape(a.state.label)}</b></p>")
        items.append((a.start, text))
    if not items:
        return "<p>No sessions or notes yet.</p>"
    items.sort(key=lambda pair: pair[0], reverse=True)
    return "".join(html for _when, html in items)
