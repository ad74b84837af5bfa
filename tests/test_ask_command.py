"""`python -m bot ask` and `chat`: the command-line contract (DESIGN.md) on the shipped knowledge."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from bot.cli import main
from bot.commands.chat import session
from tests.matcher_knowledge import ROOT

TODAY = ["--today", "2026-11-23"]


class _Stdin(io.StringIO):
    def isatty(self) -> bool:
        return False


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_ask_prints_a_readable_answer(capsys):
    assert main(["ask", "vem är Anders Bro", *TODAY]) == 0
    out = capsys.readouterr().out
    assert out.startswith("1. Anders Bro — Kontakt")
    assert "019-602 73 94" in out  # exactly as published


def test_ask_json_prints_one_contract_object(capsys):
    assert main(["ask", "--json", "Who can help me in Luleå?", *TODAY]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1
    obj = json.loads(out)
    assert list(obj) == ["question", "language", "intent", "regions", "themes", "results", "answer"]
    # Luleå's own MSI node and Norrbotten's Coompanion come before MSI's national office.
    assert obj["results"][0]["id"] in ("msi-lulea", "coompanion-norrbotten")
    people = [r for r in obj["results"] if r["kind"] == "contact"]
    assert people and all(isinstance(r["organisation"], str) for r in people)  # a person's employer, by name


def test_batch_mode_answers_each_line_in_order(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin("aniara\n\nWhat is the capital of France?\n"))
    assert main(["ask", *TODAY]) == 0
    lines = capsys.readouterr().out.splitlines()
    objects = [json.loads(line) for line in lines]
    assert [o["question"] for o in objects] == ["aniara", "", "What is the capital of France?"]
    assert objects[0]["results"][0]["id"] == "aniara-maskin-och-fastighet"
    assert objects[1]["results"] == [] and objects[2]["results"] == []


def test_empty_question_is_one_clear_line_and_exit_1(capsys):
    assert main(["ask", "   "]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("error: the question is empty")


def test_no_question_at_a_terminal_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Tty(""))
    assert main(["ask"]) == 2
    assert "give a QUESTION" in capsys.readouterr().err


def test_unreadable_knowledge_is_a_clear_error(capsys, tmp_path):
    (tmp_path / "enterprises.yaml").write_text("- id: [unclosed\n", encoding="utf-8")
    assert main(["ask", "aniara", "--knowledge", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the knowledge base")
    assert "Traceback" not in err


def test_bad_today_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["ask", "aniara", "--today", "yesterday"])
    assert exc.value.code == 2
    assert "is not a date" in capsys.readouterr().err


def test_ask_runs_as_a_real_process():
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "missbruksvård", *TODAY],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "KNOWLEDGE_DIR": str(ROOT / "knowledge")},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["results"][0]["id"] == "basta"


def test_chat_session_answers_helps_and_quits():
    lines = iter(["", "help", "aniara", "quit", "never read"])
    shown: list[str] = []
    code = session(lambda q: f"answer to {q}", read=lambda prompt: next(lines), write=shown.append)
    assert code == 0
    assert shown[0].startswith("Samverka")
    assert any(s.startswith("I'm Samverka") for s in shown)
    assert "answer to aniara" in shown
    assert not any("never read" in s for s in shown)


def test_chat_session_ends_on_ctrl_d():
    def read(prompt: str) -> str:
        raise EOFError

    assert session(lambda q: q, read=read, write=lambda s: None) == 0


def test_chat_reads_piped_questions(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin("aniara\nexit\n"))
    monkeypatch.setattr("builtins.input", lambda prompt="": sys.stdin.readline().rstrip("\n") or _eof())
    assert main(["chat", "--no-history", *TODAY]) == 0
    assert "Aniara maskin och fastighet" in capsys.readouterr().out


def _eof() -> str:
    raise EOFError
