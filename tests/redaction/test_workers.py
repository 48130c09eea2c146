"""Worker processes: same results as in-process, fail closed when a worker dies."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator

import pytest

from redaction.config import RedactionConfig
from redaction.engine import Redactor
from redaction.errors import RedactionError

pytestmark = [pytest.mark.nlp, pytest.mark.slow]

TEXTS = [
    "My manager Priya Sharma shouted at me on 3 March. Call me on 07712 345678.",
    "will moved desks away from me. i'm 23 and my email is jo.b@example.com",
    "Regards,\nTemitope Adewale",
    "Dr Okafor's office is Room 2.14, Hartley Building.",
] * 3


@pytest.fixture(scope="module")
def pooled() -> Iterator[Redactor]:
    """A redactor that sends any batch of 2+ texts to two worker processes."""
    with Redactor(RedactionConfig(processes=2, min_parallel_batch=2)) as redactor:
        yield redactor


def test_pool_results_equal_in_process_results(pooled: Redactor, redactor: Redactor) -> None:
    # Given the same texts, When redacted by the workers and in-process
    # Then the results are identical and in order
    assert pooled.redact_many(TEXTS) == redactor.redact_many(TEXTS)


def test_dead_worker_fails_closed_then_recovers(pooled: Redactor) -> None:
    # Given a pool whose workers are killed
    pooled.redact_many(TEXTS)
    pool = pooled._pool
    assert pool is not None
    for pid in list(pool._executor._processes):
        os.kill(pid, signal.SIGKILL)
    # When a batch is submitted, Then RedactionError (no partial results), and the next
    # batch gets a fresh pool
    with pytest.raises(RedactionError) as caught:
        pooled.redact_many(TEXTS)
    assert caught.value.__cause__ is None
    assert len(pooled.redact_many(TEXTS)) == len(TEXTS)


def test_small_batches_and_single_process_stay_in_process() -> None:
    redactor = Redactor.__new__(Redactor)
    redactor._config = RedactionConfig(processes=None, min_parallel_batch=16)
    redactor._pool = None
    assert redactor._processes_for(3) == 1
    assert redactor._processes_for(16) == min(2, os.cpu_count() or 1)
    redactor._config = RedactionConfig(processes=1)
    assert redactor._processes_for(100) == 1
    redactor.close()
    redactor.close()


@pytest.mark.parametrize("kwargs", [{"processes": 0}, {"processes": 65}, {"min_parallel_batch": 0}])
def test_invalid_process_settings_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        RedactionConfig(**kwargs)  # type: ignore[arg-type]
