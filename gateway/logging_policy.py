"""Logging policy: log records never carry exception text or tracebacks from request handling.

Threat: Starlette re-raises an unexpected exception after the error response is sent, and the
server then logs it with a traceback. Exception messages and tracebacks can quote request data,
SQL parameters (case ids, locators) or report content. This filter keeps the fact and the type of
the failure and drops everything else.
"""

from __future__ import annotations

import logging


class ExceptionTextFilter(logging.Filter):
    """Replace a record's exception and arguments with the exception type's name."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[0] is not None:
            record.msg = "unhandled error type=%s"
            record.args = (record.exc_info[0].__name__,)
            record.exc_info = None
            record.exc_text = None
            record.stack_info = None
        return True


def install(logger_names: tuple[str, ...] = ("uvicorn.error", "uvicorn", "reportgw")) -> None:
    """Attach the filter to the loggers that can see request-handling exceptions."""
    for name in logger_names:
        logging.getLogger(name).addFilter(ExceptionTextFilter())
