"""Domain errors of the triage models package.

Every failure the package can report is one of these, so callers (the worker, the CLI) catch
one hierarchy and never a third-party exception. Messages name files, line numbers, labels and
versions; they never contain report text.

::

    TriageModelError
    ├── LabelError               a label set breaks the contract (also a ValueError)
    ├── CorpusError              a corpus or corrections file is malformed (names file:line)
    ├── TrainingError            training cannot proceed (too little data, bad redactor output)
    ├── ModelLoadError           a persisted model must not be used
    │   ├── ModelIntegrityError      hash mismatch, untrusted types, inconsistent content
    │   └── ModelCompatibilityError  library versions or artifact format differ
    └── RegistryError            unknown version, nothing to roll back, bad registry state
"""

from __future__ import annotations


class TriageModelError(Exception):
    """Base class of every error raised by ``triage_models``."""


class LabelError(TriageModelError, ValueError):
    """A label set uses an unknown label or breaks a labelling rule."""


class CorpusError(TriageModelError):
    """A corpus or corrections file is malformed; the message names ``file:line``."""


class TrainingError(TriageModelError):
    """Training cannot proceed with the given examples, configuration or redactor."""


class ModelLoadError(TriageModelError):
    """A persisted model was refused; it must not be used."""


class ModelIntegrityError(ModelLoadError):
    """The artifact does not match its pinned hash, holds untrusted types or is inconsistent."""


class ModelCompatibilityError(ModelLoadError):
    """The artifact was written by other library versions or in an unknown format."""


class RegistryError(TriageModelError):
    """The registry was asked for something it does not hold or cannot do."""
