"""The triage worker: claim a sealed report, open it in memory, redact, classify, re-seal, store.

Trust boundary: this is the only process that holds the intake private key and the worker signing
key, and the only one that ever sees report plaintext. Invariants:

- Plaintext lives in local variables of `_process` only. It is never written to the database, a
  file or a log line; logs carry the job's message id and a fixed failure code, never text, and
  exception messages are not logged (they can quote input).
- Redaction fails closed: a report the redactor cannot process is parked as failed; it is never
  sealed to responders unredacted.
- A crash between claim and completion leaves the job leased; when the lease runs out another
  worker claims it. Completion checks the lease, so a case is never sealed twice.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from gateway.services import DirectoryBook, utc_day
from gateway.storage.store import Job, LeaseLostError, Store
from keys.envelope import read_header
from keys.errors import KeysError
from keys.ids import CaseId, KeyId, b64u_decode, b64u_encode
from keys.keypairs import (
    RecipientPrivateKey,
    RecipientPublicKey,
    SigningPrivateKey,
    SigningPublicKey,
)
from keys.opening import open_message
from keys.sealing import seal_case
from keys.suites import Suite
from redaction.errors import RedactionError
from redaction.types import RedactedText, RedactionResult

log = logging.getLogger("reportgw.worker")

REPORT_PAYLOAD_VERSION = 1
CASE_PAYLOAD_VERSION = 1


class Redactor(Protocol):
    def redact(self, text: str) -> RedactionResult: ...


class Prediction(Protocol):
    def to_json(self) -> dict[str, Any]:
        """Probabilities of every label, suggestions, explanations and model version."""
        ...


class Classifier(Protocol):
    def predict(self, text: RedactedText) -> Prediction: ...


@dataclass(frozen=True)
class WorkerKeys:
    """The secrets one organisation's worker holds: intake keys (by kid) and its signing key."""

    intake: Mapping[KeyId, RecipientPrivateKey]
    signer: SigningPrivateKey
    root: SigningPublicKey  # the organisation root key this worker trusts (from its key file)


class InvalidReportError(Exception):
    """The opened report is not a report payload we understand."""


@dataclass(frozen=True)
class ReportPayload:
    text: str
    reporter_key: Mapping[str, Any] | None


def parse_report_payload(plaintext: bytes, *, max_chars: int) -> ReportPayload:
    """Parse the JSON the reporter client sealed. Raises `InvalidReportError` (no detail)."""
    try:
        value = json.loads(plaintext)
    except (ValueError, UnicodeDecodeError):
        raise InvalidReportError from None
    if not isinstance(value, dict) or value.get("v") != REPORT_PAYLOAD_VERSION:
        raise InvalidReportError
    text = value.get("text")
    if not isinstance(text, str) or not text.strip() or len(text) > max_chars:
        raise InvalidReportError
    return ReportPayload(text=text, reporter_key=_reporter_key(value.get("reporter_key")))


def _reporter_key(value: Any) -> dict[str, Any] | None:
    """Validate the reporter's reply key: an allowed suite and a valid public key, nothing else.

    It is sealed to responders unredacted and will drive reply sealing, so anything beyond a
    well-formed public key (free text, extra fields) is refused rather than passed on.
    """
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"suite", "pub"}:
        raise InvalidReportError
    try:
        key = RecipientPublicKey(Suite.from_ids(value["suite"]), b64u_decode(value["pub"]))
    except (KeysError, ValueError, TypeError):
        raise InvalidReportError from None
    return {"suite": key.suite.ids, "pub": b64u_encode(key.public_bytes)}


class TriageWorker:
    """Processes queued reports one at a time. Built by the composition root."""

    def __init__(
        self,
        *,
        store: Store,
        directories: DirectoryBook,
        keys: Mapping[str, WorkerKeys],
        redactor: Redactor,
        classifier: Callable[[], Classifier],
        max_report_chars: int,
        lease_seconds: int,
        max_attempts: int,
        clock: Callable[[], float] = time.time,
        worker_id: str | None = None,
    ) -> None:
        self._store = store
        self._directories = directories
        self._keys = keys
        self._redactor = redactor
        self._classifier = classifier
        self._max_report_chars = max_report_chars
        self._lease_seconds = lease_seconds
        self._max_attempts = max_attempts
        self._clock = clock
        self.worker_id = worker_id or f"worker-{secrets.token_hex(6)}"

    def run_once(self) -> bool:
        """Process at most one job. Returns True if a job was handled (the queue may have more);
        False if the queue was empty or the job had to wait for an operator (keys, directory),
        so a loop backs off instead of spinning."""
        job = self._store.claim_job(
            worker_id=self.worker_id,
            now=int(self._clock()),
            lease_seconds=self._lease_seconds,
            max_attempts=self._max_attempts,
            orgs=tuple(self._keys),
        )
        if job is None:
            return False
        try:
            return self._process(job)
        except LeaseLostError:
            log.warning("job lease lost msg=%s", job.msg_id)
        except Exception as exc:  # noqa: BLE001 - any failure must release the job, not lose it
            # Only the exception type is logged: its message could quote report text.
            log.error("job failed transiently msg=%s error=%s", job.msg_id, type(exc).__name__)  # noqa: TRY400
            self._store.release_job(job)
        return True

    def run_until(self, stop: threading.Event, *, poll_seconds: float) -> None:
        """Loop until `stop` is set, sleeping `poll_seconds` when there is nothing to do.

        A failure of the loop itself (the database away, say) is logged by type and retried
        after a pause: the worker thread must not die silently while the gateway keeps
        accepting reports.
        """
        while not stop.is_set():
            try:
                busy = self.run_once()
            except Exception as exc:  # noqa: BLE001 - keep the worker alive; see docstring
                log.error("worker loop error=%s", type(exc).__name__)  # noqa: TRY400
                busy = False
            if not busy:
                stop.wait(poll_seconds)

    def drain(self) -> int:
        """Process jobs until the queue is empty; returns how many were claimed."""
        count = 0
        while self.run_once():
            count += 1
        return count

    def _fail(self, job: Job, code: str) -> None:
        log.warning("job parked msg=%s code=%s", job.msg_id, code)
        self._store.fail_job(job, code=code, day=utc_day(self._clock()))

    def _defer(self, job: Job, code: str) -> bool:
        """Give back a job that waits on an operator (keys, directory); it is not used up."""
        log.warning("job deferred msg=%s code=%s", job.msg_id, code)
        self._store.defer_job(job)
        return False

    def _process(self, job: Job) -> bool:
        org_keys = self._keys.get(job.org)
        directory = self._directories.get(job.org)
        if org_keys is None or directory is None:
            # Unverifiable, expired or rolled-back directory: fail closed, keep the report.
            return self._defer(job, "directory_unavailable")
        if directory.worker.kid != org_keys.signer.public().kid:
            # The directory names another worker key: responders would reject our signature.
            return self._defer(job, "worker_key_not_in_directory")
        try:
            classifier = self._classifier()
        except Exception:  # noqa: BLE001 - a missing or refused model is an operator's problem
            # The report is kept for when a model is promoted again, never destroyed for this.
            return self._defer(job, "model_unavailable")
        try:
            header = read_header(job.envelope)
        except KeysError:
            self._fail(job, "unopenable_report")
            return True
        if header.kid not in org_keys.intake and any(
            entry.kid == header.kid for entry in directory.intake
        ):
            # A listed intake key whose key file this worker lacks (rotation in progress).
            return self._defer(job, "intake_key_missing")
        try:
            opened = open_message(
                job.envelope, org_keys.intake, typ="report", org=job.org, case=CaseId(job.case_id)
            )
        except KeysError:
            self._fail(job, "unopenable_report")
            return True
        try:
            report = parse_report_payload(opened.plaintext, max_chars=self._max_report_chars)
        except InvalidReportError:
            self._fail(job, "invalid_report")
            return True
        try:
            redaction = self._redactor.redact(report.text)
        except RedactionError:
            # Fail closed: an unredacted report is never sealed to responders.
            self._fail(job, "redaction_failed")
            return True
        prediction = classifier.predict(redaction.redacted).to_json()
        day = utc_day(self._clock())
        case_payload = {
            "v": CASE_PAYLOAD_VERSION,
            "case": job.case_id,
            "org": job.org,
            "received": day,
            "redacted": redaction.redacted,
            "entities": redaction.summary(),
            **prediction,
            "reporter_key": report.reporter_key,
        }
        # Recipients: every responder of the organisation listed in its signed key directory.
        responder_keys = [entry.encryption for entry in directory.responders]
        sealed = seal_case(
            json.dumps(case_payload, ensure_ascii=False).encode(),
            responder_keys,
            org=job.org,
            case=CaseId(job.case_id),
            signer=org_keys.signer,
        )
        priority = "urgent" if prediction["suggested"].get("urgency") else "normal"
        self._store.complete_job(job, sealed_case=sealed, priority=priority, day=day)
        log.info("job sealed msg=%s", job.msg_id)
        return True
