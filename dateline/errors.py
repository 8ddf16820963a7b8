"""Domain exceptions. The CLI maps them to exit codes, the HTTP layer to 4xx JSON errors."""


class DatelineError(Exception):
    """Base class of every error dateline raises on purpose."""


class UsageError(DatelineError):
    """A bad argument or option value (CLI exit code 2, HTTP 400)."""


class NotFound(DatelineError):
    """An id, entity or path that does not exist (HTTP 404)."""


class StoreError(DatelineError):
    """The store cannot be opened, or has a schema this version does not understand."""


class NothingRead(DatelineError):
    """No input document could be read at all (CLI exit code 2)."""
