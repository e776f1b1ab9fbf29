"""The `transbench segment` command as a translator runs it."""

import json
import subprocess
import sys

from transbench.cli import main

from .conftest import EXAMPLE


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "transbench", *args],
        input=stdin,
        capture_output=True,
        check=False,
    )


def test_example_article_jsonl(capsys) -> None:
    assert main(["segment", str(EXAMPLE), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    original = EXAMPLE.read_text(encoding="utf-8")
    assert len(records) >= 15
    for rec in records:
        assert {"id", "text", "start", "end", "paragraph", "lang", "translate"} <= rec.keys()
        assert original[rec["start"] : rec["end"]] == rec["text"]
    tweet = [r for r in records if r["text"].startswith('"Russian vehicles')]
    assert len(tweet) == 1 and tweet[0]["lang"] == "en" and tweet[0]["translate"] is False
    quote = [r for r in records if "لن نتراجع عن مهمتنا." in r["text"]]
    assert quote[0]["text"].endswith("المحليين”.")


def test_text_format_marks_pass_through(capsys) -> None:
    assert main(["segment", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "en=keep" in out
    assert "\n\n" in out  # paragraphs stay visible


def test_stdin_is_read_when_file_is_dash() -> None:
    done = run_cli("segment", "-", "--format", "jsonl", stdin="وصل. ثم عاد.".encode())
    assert done.returncode == 0
    assert [json.loads(x)["text"] for x in done.stdout.decode().splitlines()] == ["وصل.", "ثم عاد."]


def test_bad_bytes_exit_2_without_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok \xc3\x28")
    done = run_cli("segment", str(bad))
    err = done.stderr.decode()
    assert done.returncode == 2
    assert f"{bad}: not valid UTF-8 at byte 3" in err
    assert "Traceback" not in err


def test_missing_file_and_bad_option_exit_2() -> None:
    missing = run_cli("segment", "does-not-exist.txt")
    assert missing.returncode == 2 and "no such file" in missing.stderr.decode()
    bad_option = run_cli("segment", str(EXAMPLE), "--format", "xml")
    assert bad_option.returncode == 2 and "xml" in bad_option.stderr.decode()


def test_debug_shows_traceback(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    done = run_cli("--debug", "segment", str(bad))
    assert done.returncode != 0 and "Traceback" in done.stderr.decode()


def test_help_explains_commands() -> None:
    done = run_cli("segment", "--help")
    assert done.returncode == 0
    assert "jsonl" in done.stdout.decode() and "standard input" in done.stdout.decode()


def test_commands_that_do_not_translate_never_import_torch(tmp_path) -> None:
    """torch costs about a second to import; --help, segment and glossary must not pay it."""
    import subprocess
    import sys

    from .conftest import EXAMPLE

    code = (
        "import contextlib, io, sys\n"
        "from transbench.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['segment', {str(EXAMPLE)!r}])\n"
        "    main(['glossary', 'list'])\n"
        "print('torch' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=EXAMPLE.parents[1],
    )
    assert out.stdout.strip() == "False", out.stderr
