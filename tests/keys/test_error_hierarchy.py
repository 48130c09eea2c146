"""The error hierarchy drawn in keys/errors.py is the one the code defines."""

from __future__ import annotations

import pytest

from keys import errors


@pytest.mark.parametrize(
    "error",
    [
        errors.EnvelopeError,
        errors.CaseOpenError,
        errors.SignatureError,
        errors.KeyFileError,
        errors.DirectoryError,
        errors.ReceiptError,
        errors.RequestAuthError,
    ],
)
def test_every_domain_error_is_a_keys_error(error: type[Exception]) -> None:
    # Given a domain error of the keys package
    # Then callers can catch it as KeysError, and it is listed in the module docstring
    assert issubclass(error, errors.KeysError)
    assert error.__name__ in (errors.__doc__ or "")
