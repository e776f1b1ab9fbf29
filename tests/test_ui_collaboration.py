"""What translators and revisers see of each other's work on a segment: revision marks,
comments, the history; and, across a document, concordance and search and replace."""

import pytest

from transbench.accounts import Logins, UsersFile
from transbench.errors import TransbenchError
from transbench.ui.service import EditorService
from transbench.workspace import Workspace

from .conftest import TEXT


def test_the_reviser_sees_what_changed_since_the_draft_and_the_translators_version(
    desk,
) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    draft = service.details(doc, 1)["row"]["target"]
    mine = "The convoy reached Hasakah."
    service.act("confirm", doc, 1, 1, "omar", mine)
    revised = "The convoy reached Hasakah on Sunday."
    service.act("approve", doc, 1, 3, "rana", revised)
    panel = service.details(doc, 1)
    since = {c["since"]: c["pieces"] for c in panel["changes"]}
    assert set(since) == {"the machine draft", "omar's confirmed version"}
    ops = since["omar's confirmed version"]
    assert "".join(t for k, t in ops if k != "+") == mine  # the old text, piece by piece
    assert "".join(t for k, t in ops if k != "-") == revised
    assert ops == [["=", "The convoy reached "], ["-", "Hasakah."], ["+", "Hasakah on Sunday."]]
    assert "".join(t for k, t in since["the machine draft"] if k != "+") == draft
    history = panel["history"]
    assert [(h["editor"], h["action"]) for h in history[:3]] == [
        ("rana", "approved"),
        ("rana", "edited"),
        ("omar", "confirmed"),
    ]
    assert history[0]["target"] == revised and history[-1]["action"] == "drafted"


def test_comments_go_back_and_forth_and_are_counted_until_resolved(desk) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    service.comment(doc, 2, "omar", "Is «ساعة» an hour here, or <b>the clock</b>?")
    panel = service.comment(doc, 2, "rana", "An hour.")
    assert [(c["author"], c["text"]) for c in panel["comments"]] == [
        ("omar", "Is «ساعة» an hour here, or <b>the clock</b>?"),
        ("rana", "An hour."),
    ]
    assert panel["row"]["comments"] == 2
    assert {r["id"]: r["comments"] for r in service.view(doc)["rows"]} == {1: 0, 2: 2}
    first = panel["comments"][0]["id"]
    panel = service.comment(doc, 2, "tariq", resolve=first)  # any account may answer
    assert panel["comments"][0]["resolved_by"] == "tariq" and panel["row"]["comments"] == 1
    with pytest.raises(TransbenchError, match="write the comment first"):
        service.comment(doc, 2, "omar", "   ")
    with pytest.raises(TransbenchError, match="has no account"):
        service.comment(doc, 2, "", "anonymous")


def test_comments_survive_a_restart_and_go_with_their_document(desk, tmp_path) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    service.comment(doc, 1, "omar", "Check the date.")
    again = EditorService(
        service.pipeline,
        Workspace(tmp_path / "ws.sqlite3"),
        service.glossary_dir,
        logins=Logins(UsersFile(tmp_path / "users.json")),
    )
    assert [c["text"] for c in again.details(doc, 1)["comments"]] == ["Check the date."]
    again.workspace.delete(doc)
    assert again.workspace.open_comments(doc) == {}


def test_concordance_finds_a_phrase_however_it_is_spelled_in_memory_and_documents(
    desk, tmp_path
) -> None:
    from transbench.memory import TranslationMemory

    service = desk
    service.workspace.memory = TranslationMemory(tmp_path / "memory.sqlite3")
    service.workspace.memory.add(
        [("انسحبت القوات الأمريكية من القاعدة.", "US forces withdrew from the base.")], "tmx"
    )
    doc = service.translate("وصلت القُوّات الامريكيّة إلى الحسكة.\nوانسحب بعد ساعة.", "patrols")
    service.act("approve", doc, 1, 1, "rana", "US forces reached Hasakah.")
    found = service.concordance("القوات الأمريكية", "omar")["hits"]
    assert [h["where"] for h in found] == ["patrols #1", "memory"]  # the approval is shown once
    document, memory = found
    assert memory["source"][slice(*memory["source_marks"][0])] == "القوات الأمريكية"
    # Written with diacritics and a bare alef in the document: still found, marked as written.
    assert document["source"][slice(*document["source_marks"][0])] == "القُوّات الامريكيّة"
    english = service.concordance("us FORCES", "omar")["hits"]
    assert [h["target"][slice(*h["target_marks"][0])] for h in english] == [
        "US forces",
        "US forces",
    ]
    assert service.concordance("قاعدة عسكرية", "omar")["hits"] == []
    with pytest.raises(TransbenchError, match="has no account"):
        service.concordance("القوات", "")


def test_a_concordance_search_is_linear_whatever_the_text_and_query_hold(desk) -> None:
    """A confirmed segment with a long run of spaces and a query with several spaces in
    it took the old backtracking highlighter ~7 s here (49 s on a desk, 12 spaces), with
    the server blocked meanwhile; growing combinatorially with either."""
    import time

    from transbench import concordance

    service = desk
    doc = service.translate(TEXT, "patrols")
    text = "The convoy" + " " * 90 + "arrived. The convoy   left."
    service.act("confirm", doc, 1, 1, "omar", text, confirmed=True)
    started = time.perf_counter()
    hits = service.concordance("convoy" + " " * 6 + "went", "omar")["hits"]
    assert hits == [] and time.perf_counter() - started < 1.0
    found = service.concordance("CONVOY" + " " * 12 + "left", "omar")["hits"]
    assert [found[0]["target"][slice(*m)] for m in found[0]["target_marks"]] == ["convoy   left"]
    # Far bigger than any segment, and a dozen spaces: still a plain scan, no pattern.
    huge = "convoy" + " " * 200_000 + "x" + "\u064e" * 50_000 + " left"
    started = time.perf_counter()
    needle = concordance.query_key("convoy" + " " * 12 + "left")
    assert concordance.spans(needle, huge) == ()
    assert concordance.spans(concordance.query_key("x left"), huge) == ((200_006, 250_012),)
    assert time.perf_counter() - started < 1.0


def test_find_and_replace_previews_applies_and_is_taken_back(desk) -> None:
    service = desk
    doc = service.translate("وصل الرتل.\nوانسحب الرتل.\nقال المتحدث.", "patrols")
    service.act("save", doc, 1, 1, "omar", "The column arrived.")
    service.act("save", doc, 2, 1, "omar", "The Column withdrew; columnist said.")
    service.act("approve", doc, 3, 1, "rana", "The column's spokesman said.")
    preview = service.replace(doc, "column", "convoy", "omar")
    assert [(c["id"], c["after"]) for c in preview["changes"]] == [
        (1, "The convoy arrived."),
        (2, "The convoy withdrew; columnist said."),  # whole words: columnist stays
    ]
    assert preview["skipped"] == [3] and preview["made"] == []  # approved: a reviser's
    assert service.workspace.segment(doc, 1).target == "The column arrived."  # only a preview
    done = service.replace(doc, "column", "convoy", "omar", apply=True)
    assert [s for s, _ in done["made"]] == [1, 2]
    assert service.workspace.history(doc, 1)[-1].action == "replaced"
    service.act("save", doc, 2, done["made"][1][1], "rana", "The convoy pulled out.")
    back = service.undo_replace(doc, done["undo"], "omar")
    assert back == {"undone": [1], "changed_since": [2]}
    assert service.workspace.segment(doc, 1).target == "The column arrived."
    assert service.workspace.segment(doc, 2).target == "The convoy pulled out."
    by_reviser = service.replace(doc, "column", "convoy", "rana", match_case=True)
    assert [c["id"] for c in by_reviser["changes"]] == [1, 3] and by_reviser["skipped"] == []
    with pytest.raises(TransbenchError, match="needs the translator, reviser or admin"):
        service.replace(doc, "column", "convoy", "tariq")


def test_documents_say_who_works_on_them_where_they_stand_and_how_big_they_are(desk) -> None:
    service = desk
    first = service.translate(TEXT, "patrols")
    second = service.translate("قال المتحدث إن الوضع هادئ.", "statement")
    assert service.assign(first, "omar", "amal") == f"document {first} assigned to omar"
    with pytest.raises(TransbenchError, match="nobody has no account"):
        service.assign(first, "nobody", "amal")
    with pytest.raises(TransbenchError, match="needs the admin role"):
        service.assign(first, "omar", "rana")
    rows = {r[0]: r for r in service.documents()}
    assert rows[first][1:5] == ["patrols", "omar", "new", 7]  # 4 + 3 Arabic words
    assert rows[second][2:4] == ["", "new"]
    service.act("confirm", first, 1, 1, "omar", "The convoy reached Hasakah.")
    assert rows[first][3] == "new" and service.documents("in translation")[0][0] == first
    service.act("confirm", first, 2, 1, "omar", "It withdrew an hour later.")
    assert [r[0] for r in service.documents("in revision")] == [first]
    service.approve_all(first, "rana")
    assert [r[0] for r in service.documents("done")] == [first]
    assert [r[0] for r in service.documents("new")] == [second]
