"""Domain exceptions of the ``keys`` package.

Hierarchy::

    KeysError                 base of everything below; never raised itself
    ├── EnvelopeError         an envelope is malformed, out of context, or does not open
    ├── CaseOpenError         a sealed case could not be opened by a responder (one message)
    ├── SignatureError        an Ed25519 signature does not verify
    ├── KeyFileError          a key file is malformed, tampered with, or the passphrase is wrong
    ├── DirectoryError        a key directory is malformed, unsigned, expired or rolled back
    ├── ReceiptError          a receipt is not 26 valid Crockford base32 characters
    └── RequestAuthError      a signed responder request is missing, stale, unknown or forged

Messages are fixed strings. They never contain input, key material, identifiers or
plaintext, so they are safe to log and safe to map to a public error at the HTTP edge.
Invalid *arguments* from our own code (a wrong secret length, an unknown ``typ``) raise
``ValueError``/``TypeError`` instead: those are programming errors, not attacks.
"""

from __future__ import annotations


class KeysError(Exception):
    """Base class of every failure this package raises on purpose."""


class EnvelopeError(KeysError):
    """An envelope is malformed, bound to another context, or does not decrypt."""


class CaseOpenError(KeysError):
    """A sealed case could not be opened; the cause is deliberately not said."""


class SignatureError(KeysError):
    """A signature does not verify under the expected public key."""


class KeyFileError(KeysError):
    """A key file cannot be opened: bad format, tampering, or a wrong passphrase."""


class DirectoryError(KeysError):
    """A signed key directory is not acceptable."""


class ReceiptError(KeysError):
    """A receipt string is not a well-formed receipt."""


class RequestAuthError(KeysError):
    """A signed request does not authenticate."""
