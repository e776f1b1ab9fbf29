"""`transbench serve`: the editors' web UI."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app
from transbench.errors import InputError

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port.")] = 7860,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model to draft with.")] = None,
    glossary_dir: Annotated[
        Path | None,
        typer.Option(
            "--glossary",
            "-g",
            "--glossary-dir",
            help="Glossary folder the editor uses and edits (default ./glossary).",
        ),
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Workspace database (default: user data folder).")
    ] = None,
    users: Annotated[
        Path | None,
        typer.Option(
            "--users",
            help="Accounts file from `transbench users add` (default: $TRANSBENCH_USERS, "
            "else users.json in the user data folder, when it exists). Without a users "
            "file, TRANSBENCH_AUTH=user:password (a password of 8 characters or more) is "
            "one shared login; it is refused beside a users file. With neither, the "
            "editor serves only this machine.",
        ),
    ] = None,
    auth: Annotated[str | None, typer.Option("--auth", hidden=True)] = None,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="A host name the editor may be reached by besides localhost and IP "
            "addresses (e.g. behind a reverse proxy); repeatable. Pages of that name are "
            "trusted on https 443 and http 80 only; NAME:PORT or https://NAME:PORT names "
            "another.",
        ),
    ] = None,
) -> None:
    """Start the editor: translate, correct, approve and export in the browser."""
    from platformdirs import user_data_dir

    from transbench.memory import TranslationMemory, default_tm_path
    from transbench.pipeline import DEFAULT_GLOSSARY, build_pipeline
    from transbench.ui.app import launch
    from transbench.ui.guard import HostPolicy
    from transbench.ui.service import EditorService
    from transbench.workspace import Workspace

    if auth is not None:
        raise InputError(
            "--auth is gone: a password on the command line is visible to everyone on the "
            "machine (ps); create accounts with `transbench users add NAME --role ROLE`, or "
            "set TRANSBENCH_AUTH=user:password for one shared login"
        )
    logins = _logins(users)
    if host not in LOCAL_HOSTS and logins is None:
        raise InputError(
            f"binding to {host} exposes the editor to the network; create accounts with "
            "`transbench users add NAME --role ROLE` (or set TRANSBENCH_AUTH=user:password), "
            "or bind to 127.0.0.1"
        )
    if glossary_dir is not None and not glossary_dir.is_dir():
        raise InputError(f"{glossary_dir}: --glossary must be an existing folder")
    HostPolicy.for_server(host, tuple(allowed_host or ()))  # a bad name is said before work
    pipeline = build_pipeline(
        model=model, glossary=[glossary_dir] if glossary_dir else DEFAULT_GLOSSARY, tm=None
    )
    memory = TranslationMemory(default_tm_path())
    pipeline.memory = memory
    workspace = Workspace(db or Path(user_data_dir("transbench")) / "workspace.sqlite3", memory)
    service = EditorService(pipeline, workspace, glossary_dir, logins=logins)
    if service.demo_warning:
        typer.echo(f"transbench: warning: {service.demo_warning}", err=True)
    where = f"{host}:{port}" + (" (accounts and roles)" if logins else "")
    typer.echo(f"transbench: editor on http://{where}", err=True)
    launch(
        service,
        tuple(allowed_host or ()),
        server_name=host,
        server_port=port,
        auth=logins,
        quiet=True,
    )


def _logins(users: Path | None):
    """The editor's logins: the accounts file, else the one shared login, else none."""
    from transbench.accounts import (
        AUTH_ENV,
        Logins,
        UsersFile,
        default_users_path,
        shared_login,
    )

    if users is not None and not users.is_file():
        raise InputError(f"{users}: no users file; create it with `transbench users add`")
    path = users or default_users_path()
    shared = shared_login()
    if shared is not None and path.is_file():
        raise InputError(
            f"{AUTH_ENV} is set and there is a users file ({path}): the shared login would "
            "stand beside the accounts as an admin no `transbench users` command can remove. "
            f"Unset {AUTH_ENV} (give that person an account with `transbench users add`), "
            "or move the users file away"
        )
    accounts = UsersFile(path) if path.is_file() else None
    if accounts is not None and not accounts.accounts():
        accounts = None
    return Logins(accounts, shared) if accounts or shared else None
