"""Worker processes for ``Redactor.redact_many``: both cores work, plaintext stays in pipes.

spaCy inference holds the GIL, so threads cannot use a second core; processes can. Each
worker builds its own :class:`~redaction.engine.Redactor` (spaCy loads once per worker) and
receives batches of texts through the executor's pipes. Nothing is written to disk: no
temporary files, no shared-memory segments, no pickled models.

Fail closed: any exception inside a worker is replaced by a fixed ``RedactionError`` before it
crosses the pipe (exceptions from spaCy or a regex may quote the text), and a worker that dies
breaks the pool, which the redactor reports as ``RedactionError`` and then rebuilds.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING

from redaction.config import RedactionConfig
from redaction.errors import RedactionError
from redaction.types import RedactionResult

if TYPE_CHECKING:  # pragma: no cover - import for annotations only (avoids a cycle)
    from redaction.engine import Redactor

_worker_redactor: Redactor | None = None


def _start_worker(config: RedactionConfig) -> None:  # pragma: no cover - runs in a child
    global _worker_redactor  # one redactor per worker process, by design
    from redaction.engine import Redactor

    _worker_redactor = Redactor(replace(config, processes=1))


def _redact_chunk(texts: Sequence[str]) -> list[RedactionResult]:  # pragma: no cover - child
    redactor = _worker_redactor
    if redactor is None:
        raise RedactionError("worker not started")
    try:
        return redactor.redact_many(texts)
    except Exception:  # noqa: BLE001 - the cause may quote plaintext; send a fixed error.
        raise RedactionError("redaction failed") from None


class WorkerPool:
    """A fixed set of spawned worker processes, each with its own spaCy pipeline."""

    def __init__(self, config: RedactionConfig, processes: int) -> None:
        """Prepare the pool; workers start on first use and load spaCy once each.

        Args:
            config: The redactor's settings (workers run them with ``processes=1``).
            processes: Number of worker processes.
        """
        self._processes = processes
        self._batch_size = config.batch_size
        # "spawn": a fresh interpreter per worker, so no lock or thread state of the parent
        # (which may be a server) is inherited mid-operation, as it can be with fork.
        self._executor = ProcessPoolExecutor(
            max_workers=processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(config,),
        )

    def redact(self, texts: Sequence[str]) -> list[RedactionResult]:
        """Redact texts in order, spread over the workers in chunks.

        Args:
            texts: Length-checked plaintext reports.

        Returns:
            One result per text, in order.

        Raises:
            Exception: Whatever the executor raises (a worker's ``RedactionError`` or
                ``BrokenProcessPool``); the redactor turns it into ``RedactionError``.
        """
        per_chunk = max(4, min(self._batch_size, math.ceil(len(texts) / (self._processes * 4))))
        chunks = [list(texts[i : i + per_chunk]) for i in range(0, len(texts), per_chunk)]
        results: list[RedactionResult] = []
        for part in self._executor.map(_redact_chunk, chunks):
            results.extend(part)
        return results

    def close(self) -> None:
        """Stop the workers (pending chunks are cancelled)."""
        self._executor.shutdown(wait=True, cancel_futures=True)
