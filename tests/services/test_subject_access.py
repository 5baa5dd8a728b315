"""Subject access: every record of the client, nothing of any other, readable and audited."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pypdf

from coachdesk.domain import Practice
from coachdesk.domain.enums import AuditAction
from coachdesk.services.mentions import mentions_of_others
from coachdesk.services.subject_access import export_subject_access
from coachdesk.store.governance import CLIENT_TABLES
from coachdesk.store.store import Store
from tests.governance_helpers import fill, service, shots


def test_json_holds_every_record_of_the_client_and_nothing_of_another(
        store: Store, practice: Practice, tmp_path: Path) -> None:
    directory = service(store)
    asked = fill(store, practice, "Ama", "Fenwick", "Quillon", directory)
    other = fill(store, practice, "Bryn", "Tallis", "Zephyrine", directory, nhs_number="")
    pdf_path, json_path, flagged = export_subject_access(store, asked.client.id, tmp_path)
    text = json_path.read_text("utf-8")
    data = json.loads(text)
    # every record of theirs, found independently of the code under test
    conn = store._conn
    theirs = {r[0] for t in CLIENT_TABLES
              for r in conn.execute(f"SELECT id FROM {t} WHERE client_id = ?",
                                    (asked.client.id,))}
    assert len(theirs) >= 8
    missing = [i for i in theirs if i not in text]
    assert missing == []
    assert data["client"]["given_name"] == "Ama"
    bodies = [n["body"] for n in data["case_notes"]]
    assert any("first note" in b for b in bodies)  # the amended original is there
    assert any(n["superseded_by"] for n in data["case_notes"])
    assert {c["field"] for c in data["consent_field_changes"]} >= {"consent_scope"}
    assert [c["given"] for c in data["consent_history"]] == [True, False]
    assert any("printed" in p["what"].lower() for p in data["printed_and_exported"])
    assert any(t["what"] == "Note amended" for t in data["audit_trail"])
    # nothing of the other client
    others = {r[0] for t in CLIENT_TABLES
              for r in conn.execute(f"SELECT id FROM {t} WHERE client_id = ?",
                                    (other.client.id,))} | {other.client.id}
    assert [i for i in others if i in text] == []
    assert [s for s in other.secrets if s in text] == []
    # the note naming a partner is flagged, and the copy is audited as an export
    assert flagged >= 1
    last = store.audit.events(asked.client.id)[-1]
    assert last.action is AuditAction.EXPORT and "subject access" in last.detail
    pages = pypdf.PdfReader(io.BytesIO(pdf_path.read_bytes())).pages
    pdf_text = " ".join(p.extract_text() for p in pages)
    assert "Ama Fenwick" in pdf_text and "Review before release" in pdf_text
    assert "Zephyrine" not in pdf_text
    if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "2", str(pdf_path),
                        str(shots(tmp_path) / "subject-access")], check=True)


def test_mentions_rules_are_simple_and_explainable() -> None:
    own = ["Ama", "Fenwick"]
    assert mentions_of_others("Ama rang about hours. She will try Monday.", own) == []
    found = mentions_of_others("Ama's son is unwell. Saw Dr Osei. Lives with Kofi.", own)
    assert found == ['relationship word "son"', 'names "Dr Osei"', 'capitalised name "Kofi"']
    assert mentions_of_others("Saw Mrs Fenwick (herself) at the Jobcentre.", own) == []
