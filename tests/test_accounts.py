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


def test_logins_are_hashed_off_the_event_loop_with_a_bounded_queue(tmp_path) -> None:
    """Each login used to run argon2 on the server's event loop: four clients trying
    names without accounts made every other request wait seconds."""
    import asyncio
    import time

    from transbench.accounts import LoginsBusy

    users = UsersFile(tmp_path / "users.json")
    users.add("alice", "reviser", "correct horse")
    logins = Logins(users, workers=1, queue=3, per_client=2)

    async def main():
        gaps, done = [], asyncio.Event()

        async def heartbeat():
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.005)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        beat = asyncio.create_task(heartbeat())
        started = time.perf_counter()
        answers = await asyncio.gather(
            logins.login("nobody0", "guess", "10.0.0.0"),
            logins.login("nobody1", "guess", "10.0.0.1"),
            logins.login("alice", "guess", "10.0.0.1"),
            logins.login("alice", "guess", "10.0.0.1"),  # a third at once from .1: busy
            logins.login("nobody2", "guess", "10.0.0.2"),
            logins.login("nobody3", "guess", "10.0.0.3"),  # 1 hashing + 3 waiting: busy
            return_exceptions=True,
        )
        took = time.perf_counter() - started
        done.set()
        await beat
        return answers, max(gaps), took

    answers, worst_gap, took = asyncio.run(main())
    kinds = ["busy" if isinstance(a, LoginsBusy) else a for a in answers]
    assert kinds == [None, None, None, "busy", None, "busy"]
    assert "try again" in str(answers[3])
    # Four hashes one after another in the worker; the loop turned all the while.
    assert took > 0.2 and worst_gap < min(0.25, took / 4)


def test_failed_logins_are_throttled_per_client_address_too(tmp_path) -> None:
    users = UsersFile(tmp_path / "users.json")
    users.add("alice", "reviser", "correct horse")
    now = [1000.0]
    logins = Logins(users, clock=lambda: now[0], max_client_failures=3)
    for name in ("x1", "x2", "x3"):  # names without accounts, each tried once
        assert logins.check(name, "guess", "203.0.113.9") is None
    assert logins.check("alice", "correct horse", "203.0.113.9") is None  # that address
    assert logins.check("alice", "correct horse", "198.51.100.1").role == "reviser"
    now[0] += 61
    assert logins.check("alice", "correct horse", "203.0.113.9").role == "reviser"


def test_the_shared_login_is_refused_beside_a_users_file(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "users.json"
    UsersFile(path).add("rana", "translator", "correct horse")
    monkeypatch.setenv("TRANSBENCH_USERS", str(path))
    monkeypatch.setenv("TRANSBENCH_AUTH", "rana:another password")
    assert main(["serve", "--host", "0.0.0.0", "-m", "x"]) == 2
    err = capsys.readouterr().err
    assert "TRANSBENCH_AUTH is set and there is a users file" in err and "Traceback" not in err
    assert main(["serve", "--users", str(path), "-m", "x"]) == 2
    assert "users file" in capsys.readouterr().err
    with pytest.raises(InputError, match="beside a users file"):
        Logins(UsersFile(path), ("rana", "another password"))


@pytest.mark.parametrize(
    ("value", "message"),
    [("desk:x", "at least 8 characters"), ("desk:short", "at least 8"), ("a b:long enough", "")],
)
def test_the_shared_login_obeys_the_account_rules(tmp_path, monkeypatch, capsys, value, message):
    monkeypatch.setenv("TRANSBENCH_USERS", str(tmp_path / "none.json"))
    monkeypatch.setenv("TRANSBENCH_AUTH", value)
    assert main(["serve", "--host", "0.0.0.0", "-m", "x"]) == 2
    err = capsys.readouterr().err
    assert "TRANSBENCH_AUTH: " in err and message in err
