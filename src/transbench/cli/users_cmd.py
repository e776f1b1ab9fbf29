"""`transbench users`: the accounts of a shared editor (`serve` on a network)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from transbench.cli.app import app

users_app = typer.Typer(
    help="Accounts of a shared editor: names, roles (translator, reviser, terminologist, "
    "admin) and passwords, kept hashed in a users file.",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")

UsersOption = Annotated[
    Path | None,
    typer.Option(
        "--users",
        help="Users file (default: $TRANSBENCH_USERS, else users.json in the user data folder).",
    ),
]
RoleArgument = Annotated[
    str, typer.Argument(help="translator, reviser, terminologist or admin.", metavar="ROLE")
]


def _file(path: Path | None):
    from transbench.accounts import UsersFile, default_users_path

    return UsersFile(path or default_users_path())


def _password(name: str) -> str:
    """Asked for on a terminal (twice), else one line of standard input; never an
    argument, which `ps` would show to everyone on the machine."""
    if sys.stdin.isatty():
        return typer.prompt(f"password for {name}", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Account name (letters, digits, . _ -).")],
    role: Annotated[
        str,
        typer.Option("--role", "-r", help="translator, reviser, terminologist or admin."),
    ] = "translator",
    users: UsersOption = None,
) -> None:
    """Add an account; the password is asked for (or read from standard input)."""
    from transbench.accounts import check_role

    f = _file(users)
    check_role(role)  # before the password is asked for
    f.add(name, role, _password(name))
    typer.echo(f"transbench: {name} ({role}) added to {f.path}", err=True)


@users_app.command("list")
def list_command(users: UsersOption = None) -> None:
    """Every account and its role."""
    for account in _file(users).accounts():
        typer.echo(f"{account.name}\t{account.role}")


@users_app.command("role")
def role_command(
    name: Annotated[str, typer.Argument(help="Account name.")],
    role: RoleArgument,
    users: UsersOption = None,
) -> None:
    """Give an account another role (a running editor applies it at once)."""
    f = _file(users)
    f.set_role(name, role)
    typer.echo(f"transbench: {name} is now a {role}", err=True)


@users_app.command("password")
def password_command(
    name: Annotated[str, typer.Argument(help="Account name.")], users: UsersOption = None
) -> None:
    """Set a new password for an account."""
    f = _file(users)
    f.set_password(name, _password(name))
    typer.echo(f"transbench: new password set for {name}", err=True)


@users_app.command("remove")
def remove_command(
    name: Annotated[str, typer.Argument(help="Account name.")], users: UsersOption = None
) -> None:
    """Remove an account (a running editor refuses its requests from then on)."""
    f = _file(users)
    f.remove(name)
    typer.echo(f"transbench: {name} removed from {f.path}", err=True)
