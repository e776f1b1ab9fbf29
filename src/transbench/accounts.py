"""Who may use a shared editor, and what each may do.

A desk's accounts live in a users file (JSON, written atomically, readable by its owner
only) with argon2 password hashes; a password never appears on a command line. A single
shared login can come from the environment (`TRANSBENCH_AUTH=user:password`) instead.
Roles follow the desk: translators edit and confirm, revisers also approve (sign off) and
reopen approved segments, terminologists edit glossaries, admins do all of it and manage
documents. Failed logins are throttled per name and per client address, and the server
checks passwords (argon2: slow on purpose) in a small pool of worker threads with a
bounded queue, never on its event loop.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from transbench.errors import InputError, TransbenchError
from transbench.fsutil import atomic_write_text

ROLES = ("translator", "reviser", "terminologist", "admin")
AUTH_ENV = "TRANSBENCH_AUTH"
USERS_ENV = "TRANSBENCH_USERS"

# What each kind of request needs. The server checks these; the screen only hides buttons.
CAN = {
    "edit": {"translator", "reviser", "admin"},
    "approve": {"reviser", "admin"},  # sign off, approve all, reopen an approved segment
    "glossary": {"terminologist", "admin"},
    "documents": {"admin"},  # rename, delete
}


class NotAllowed(TransbenchError):
    """The logged-in person's role does not allow the action."""


class LoginsBusy(TransbenchError):
    """Too many logins are being checked at once: this one was not tried."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str


def allowed(role: str, what: str) -> bool:
    return role in CAN[what]


def require(account: Account, what: str, doing: str) -> None:
    if not allowed(account.role, what):
        *some, last = [r for r in ROLES if r in CAN[what]]
        roles = f"{', '.join(some)} or {last}" if some else last
        raise NotAllowed(f"{doing} needs the {roles} role; {account.name} is a {account.role}")


def default_users_path() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get(USERS_ENV) or Path(user_data_dir("transbench")) / "users.json")


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


class UsersFile:
    """The accounts in a users file; every change is written at once, atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.users: dict[str, dict[str, str]] = {}
        if path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.users = {
                    str(name): {"role": str(u["role"]), "hash": str(u["hash"])}
                    for name, u in data["users"].items()
                }
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}: not a transbench users file ({exc})") from None

    def add(self, name: str, role: str, password: str, replace: bool = False) -> None:
        _check_name(name)
        check_role(role)
        if name in self.users and not replace:
            raise InputError(f"{self.path}: {name} already has an account")
        _check_password(password)
        self.users[name] = {"role": role, "hash": _hasher().hash(password)}
        self._save()

    def set_role(self, name: str, role: str) -> None:
        check_role(role)
        self._user(name)["role"] = role
        self._save()

    def set_password(self, name: str, password: str) -> None:
        _check_password(password)
        self._user(name)["hash"] = _hasher().hash(password)
        self._save()

    def remove(self, name: str) -> None:
        self._user(name)
        del self.users[name]
        self._save()

    def accounts(self) -> list[Account]:
        return [Account(n, u["role"]) for n, u in sorted(self.users.items())]

    def verify(self, name: str, password: str) -> Account | None:
        from argon2.exceptions import InvalidHashError, VerificationError

        user = self.users.get(name)
        if user is None:
            _hasher().hash(password)  # the same work as for a real name: no timing hint
            return None
        try:
            _hasher().verify(user["hash"], password)
        except (VerificationError, InvalidHashError):
            return None
        return Account(name, user["role"])

    def _user(self, name: str) -> dict[str, str]:
        if name not in self.users:
            raise InputError(f"{self.path}: no account named {name}")
        return self.users[name]

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"users": self.users}, ensure_ascii=False, indent=2) + "\n"
        atomic_write_text(self.path, text)
        os.chmod(self.path, 0o600)  # password hashes: for the owner's eyes only


def _check_name(name: str) -> None:
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise InputError(f"account name {name!r}: use letters, digits, '.', '_' or '-'")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise InputError(f"role {role!r}: one of {', '.join(ROLES)}")


def _check_password(password: str) -> None:
    if len(password) < 8:
        raise InputError("a password needs at least 8 characters")


class Logins:
    """Checks logins for the editor: the users file, or the one shared login from the
    environment. After `max_failures` wrong passwords for a name within `window`
    seconds, that name is refused (even with the right password) until the window has
    passed, so passwords cannot be tried at speed; after `max_client_failures` failed
    logins from one client address (any names, unknown ones included), that address is.

    The server calls `login`: the password hash runs in a pool of `workers` threads, so
    its event loop (every other request) never waits for it. At most `queue` checks wait
    for a worker, and one client has at most `per_client` checks in hand; beyond that a
    login is refused at once with `LoginsBusy` ("try again"), not queued."""

    def __init__(
        self,
        users: UsersFile | None = None,
        shared: tuple[str, str] | None = None,
        max_failures: int = 5,
        window: float = 60.0,
        clock=time.monotonic,
        max_client_failures: int = 20,
        workers: int = 2,
        queue: int = 8,
        per_client: int = 2,
    ) -> None:
        if users is not None and shared is not None:
            # The shared login would shadow an account of its name, as an admin no
            # `transbench users` command can remove or end the sessions of.
            raise InputError(
                f"{AUTH_ENV} cannot be used beside a users file ({users.path}); unset it"
            )
        self.users = users
        self.shared = shared
        self.max_failures = max_failures
        self.max_client_failures = max_client_failures
        self.window = window
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._client_failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self._stamp = users.path.stat().st_mtime_ns if users and users.path.exists() else None
        self._ended: set[str] = set()
        # Called with the names whose sessions must end (the server drops their cookies).
        self.on_end: Callable[[set[str]], None] | None = None
        self.workers, self.queue, self.per_client = workers, queue, per_client
        self._pool: ThreadPoolExecutor | None = None
        self._in_hand = 0  # checks running or waiting for a worker
        self._client_in_hand: dict[str, int] = {}

    def __call__(self, name: str, password: str) -> bool:
        """A login check in the calling thread (what `login` runs in its pool)."""
        return self.check(name, password) is not None

    def check(self, name: str, password: str, client: str = "") -> Account | None:
        now = self.clock()
        if self._throttled(name, client, now):
            return None
        return self._settle(name, client, now, self._verify(name, password))

    async def login(self, name: str, password: str, client: str = "") -> Account | None:
        """Gradio's login check, from `client` (the address the request came from): the
        hash in the worker pool, the event loop free meanwhile."""
        now = self.clock()
        if self._throttled(name, client, now):
            return None
        with self._lock:
            if self._in_hand >= self.workers + self.queue or (
                self._client_in_hand.get(client, 0) >= self.per_client
            ):
                raise LoginsBusy(
                    "the editor is busy checking other logins; nothing was tried, "
                    "try again in a moment"
                )
            self._in_hand += 1
            self._client_in_hand[client] = self._client_in_hand.get(client, 0) + 1
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="login")
            pool = self._pool
        try:
            loop = asyncio.get_running_loop()
            account = await loop.run_in_executor(pool, self._verify, name, password)
        finally:
            with self._lock:
                self._in_hand -= 1
                left = self._client_in_hand.pop(client, 1) - 1
                if left:
                    self._client_in_hand[client] = left
        return self._settle(name, client, now, account)

    def _throttled(self, name: str, client: str, now: float) -> bool:
        with self._lock:
            recent = [t for t in self._failures.get(name, []) if now - t < self.window]
            self._failures[name] = recent
            if not recent:
                del self._failures[name]  # unknown names tried once do not pile up
            from_client = [
                t for t in self._client_failures.get(client, []) if now - t < self.window
            ]
            self._client_failures[client] = from_client
            if not from_client:
                del self._client_failures[client]
            return len(recent) >= self.max_failures or len(from_client) >= self.max_client_failures

    def _settle(self, name: str, client: str, now: float, account: Account | None):
        with self._lock:
            if account is None:
                self._failures.setdefault(name, []).append(now)
                self._client_failures.setdefault(client, []).append(now)
            else:
                self._ended.discard(name)  # a new session, with the current password
        return account

    def account(self, name: str) -> Account | None:
        """The account of a logged-in name, with its role as the users file says now (an
        admin's `transbench users role` takes effect without a restart; a removed account
        can do nothing more)."""
        if self.shared is not None and name == self.shared[0]:
            return Account(name, "admin")
        user = self._users().users.get(name) if self.users else None
        if user is None or name in self._ended:
            return None
        return Account(name, user["role"])

    def _users(self) -> UsersFile:
        assert self.users is not None
        try:
            stamp = self.users.path.stat().st_mtime_ns
        except OSError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                fresh = UsersFile(self.users.path)
                # A new password or a removal ends the sessions begun with the old one.
                ended = {
                    n
                    for n, u in self.users.users.items()
                    if fresh.users.get(n, {}).get("hash") != u["hash"]
                }
                self.users, self._stamp = fresh, stamp
                self._ended |= ended
                if ended and self.on_end is not None:
                    self.on_end(ended)
        return self.users

    def _verify(self, name: str, password: str) -> Account | None:
        if self.shared is not None:
            import hmac

            same = hmac.compare_digest(name.encode(), self.shared[0].encode())
            if same and hmac.compare_digest(password.encode(), self.shared[1].encode()):
                return Account(name, "admin")
        return self._users().verify(name, password) if self.users else None


def shared_login() -> tuple[str, str] | None:
    """`TRANSBENCH_AUTH=user:password`, the one login of a small desk, if set."""
    value = os.environ.get(AUTH_ENV)
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not sep or not user or not password:
        raise InputError(f"{AUTH_ENV} must be user:password")
    try:  # the same rules as an account of `transbench users`
        _check_name(user)
        _check_password(password)
    except InputError as exc:
        raise InputError(f"{AUTH_ENV}: {exc}") from None
    return user, password
