"""Inputs and outputs named by URL (s3://bucket/wire, gs://..., memory://...) as well as by
local path, through fsspec: the same batch runs on files every node of a cluster can reach
without a shared disk."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transbench.errors import InputError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_LOCAL = ("file", "local")


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and bool(_URL.match(location))


def is_local(location: str | Path) -> bool:
    return not is_url(location) or str(location).split("://", 1)[0].lower() in _LOCAL


def local_path(location: str | Path) -> Path:
    """A path, or a file:// URL, as a Path."""
    text = str(location)
    return Path(text.split("://", 1)[1]) if is_url(text) else Path(text)


def open_url(url: str) -> tuple[Any, str]:
    """The fsspec file system of a URL and the path within it; a store whose library is
    not installed, or an unknown scheme, is a clear error naming the URL."""
    import fsspec

    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        raise InputError(f"{url}: cannot be opened here: {exc}") from None
    except ValueError as exc:
        raise InputError(f"{url}: {exc}") from None
