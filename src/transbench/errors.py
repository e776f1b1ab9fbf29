"""Errors that reach the user as one clear sentence instead of a traceback."""


class TransbenchError(Exception):
    """A problem the user can fix; the CLI prints the message and exits with `exit_code`."""

    exit_code = 2


class InputError(TransbenchError):
    """Unreadable or malformed input (a file, stdin, a command-line value)."""


class TransbenchWarning(UserWarning):
    """Something the user should know that does not stop the work (an unusable glossary
    entry left out); the CLI prints it as one `transbench: warning:` line."""
