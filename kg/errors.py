"""The errors newskg raises. Only the CLI turns them into messages and exit codes."""


class KgError(Exception):
    """A failure the user can act on; the message says what and where."""

    exit_code = 1


class UsageError(KgError):
    """The command was called wrongly (a missing path, a bad option value)."""

    exit_code = 2


class InputError(KgError):
    """One input file or line cannot be read; callers skip it and report."""


class ModelError(KgError):
    """No spaCy pipeline could be loaded."""


class QueryError(KgError):
    """A SPARQL query is malformed or failed."""
