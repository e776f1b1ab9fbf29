"""Accounts of a shared editor: hashed passwords in a users file, throttled logins, roles."""

import io
import json
import stat
import sys

import pytest

from transbench.accounts import Logins, UsersFile
from transbench.cli import main
from transbench.errors import InputError


def test_passwords_are_hashed_and_the_file_is_the_owners(tmp_path) -> None:
    users = UsersFile(tmp_path / "users.json")
    users.add("alice", "reviser", "correct horse")
    users.add("omar", "translator", "battery staple")
    text = (tmp_path / "users.json").read_text(encoding="utf-8")
    assert "correct horse" not in text and "$argon2" in text
    assert stat.S_IMODE((tmp_path / "users.json").stat().st_mode) == 0o600
    again = UsersFile(tmp_path / "users.json")  # as the server reads it
    assert again.verify("alice", "correct horse").role == "reviser"
    assert again.verify("alice", "wrong password") is None
    assert again.verify("nobody", "correct horse") is None
    for bad in (("alice", "admin", "long enough"), ("x y", "admin", "long enough")):
        with pytest.raises(InputError):
            again.add(*bad)
    with pytest.raises(InputError, match="role 'boss'"):
        again.add("sara", "boss", "long enough")
    with pytest.raises(InputError, match="at least 8"):
        again.add("sara", "admin", "short")


def test_wrong_passwords_in_a_row_lock_the_name_for_a_while(tmp_path) -> None:
    users = UsersFile(tmp_path / "users.json")
    users.add("alice", "reviser", "correct horse")
    now = [1000.0]
    logins = Logins(users, clock=lambda: now[0])
    for _ in range(5):
        assert not logins("alice", "guess")
    assert not logins("alice", "correct horse")  # even the right one, for now
    now[0] += 61
    assert logins("alice", "correct horse")
    assert logins.account("alice").role == "reviser"


def test_a_role_change_or_removal_applies_to_a_running_editor(tmp_path) -> None:
    users = UsersFile(tmp_path / "users.json")
    users.add("omar", "translator", "battery staple")
    logins = Logins(UsersFile(tmp_path / "users.json"))
    assert logins.account("omar").role == "translator"
    users.set_role("omar", "reviser")
    assert logins.account("omar").role == "reviser"
    users.remove("omar")
    assert logins.account("omar") is None


def test_the_users_command_never_takes_a_password_as_an_argument(
    tmp_path, monkeypatch, capsys
) -> None:
    path = tmp_path / "users.json"
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse\n"))
    assert main(["users", "add", "alice", "--role", "reviser", "--users", str(path)]) == 0
    assert main(["users", "list", "--users", str(path)]) == 0
    assert capsys.readouterr().out == "alice\treviser\n"
    assert main(["users", "role", "alice", "admin", "--users", str(path)]) == 0
    assert UsersFile(path).verify("alice", "correct horse").role == "admin"
    assert main(["users", "add", "bob", "--role", "boss", "--users", str(path)]) == 2
    assert "role 'boss'" in capsys.readouterr().err
    assert list(json.loads(path.read_text(encoding="utf-8"))["users"]) == ["alice"]
    assert main(["users", "remove", "alice", "--users", str(path)]) == 0
    assert UsersFile(path).accounts() == []


def test_serve_on_a_network_needs_accounts_and_no_password_on_the_command_line(
    tmp_path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("TRANSBENCH_USERS", str(tmp_path / "none.json"))
    monkeypatch.delenv("TRANSBENCH_AUTH", raising=False)
    assert main(["serve", "--host", "0.0.0.0", "-m", "x"]) == 2
    assert "transbench users add" in capsys.readouterr().err
    assert main(["serve", "--host", "0.0.0.0", "--auth", "desk:secret", "-m", "x"]) == 2
    assert "visible to everyone" in capsys.readouterr().err
    monkeypatch.setenv("TRANSBENCH_AUTH", "nopassword")
    assert main(["serve", "--host", "0.0.0.0", "-m", "x"]) == 2
    assert "TRANSBENCH_AUTH must be user:password" in capsys.readouterr().err
