"""The store: every read and write the gateway and the worker make, one method each.

Invariants this module keeps:

- Only ciphertext and routing fields are written (see `tables.py`).
- Accepting a report is one transaction: the job, the case row, the seen message id and the
  locator are stored together or not at all, so bad input never leaves half a case behind.
- Completing a job is one transaction that checks the lease: a worker whose lease expired (and
  whose job another worker took) cannot store a second sealed case.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Row, and_, delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.elements import ColumnElement

from gateway.storage.tables import (
    case_locators,
    cases,
    intake_jobs,
    org_directories,
    request_nonces,
    seen_messages,
)


class StoreError(Exception):
    """Base of the store's domain errors."""


class DuplicateMessageError(StoreError):
    """A message id was accepted before with different content (a replay or a clash)."""


class ReplayedNonceError(StoreError):
    """A signed request's nonce was already used inside the replay window."""


class LeaseLostError(StoreError):
    """The worker's lease on a job expired and the job is no longer its to complete."""


@dataclass(frozen=True)
class StoredDirectory:
    org: str
    version: int
    signed: bytes
    root_public_key: bytes


@dataclass(frozen=True)
class Job:
    id: int
    org: str
    case_id: str
    msg_id: str
    envelope: bytes
    attempts: int
    claimed_by: str


@dataclass(frozen=True)
class CaseRecord:
    case_id: str
    org: str
    status: str
    priority: str
    created_day: str
    updated_day: str
    sealed: bytes | None


class Store:
    """All persistence for the gateway and the worker, over one SQLAlchemy engine."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    # -- key directories -------------------------------------------------------------------

    def put_directory(self, directory: StoredDirectory) -> None:
        """Store or replace an organisation's signed directory (never to an older version)."""
        with self._engine.begin() as conn:
            current = conn.execute(
                select(org_directories.c.version).where(org_directories.c.org == directory.org)
            ).scalar_one_or_none()
            values = {
                "version": directory.version,
                "signed": directory.signed,
                "root_public_key": directory.root_public_key,
            }
            if current is None:
                conn.execute(insert(org_directories).values(org=directory.org, **values))
            elif directory.version < current:
                raise StoreError("refusing to roll a key directory back to an older version")
            else:
                conn.execute(
                    update(org_directories)
                    .where(org_directories.c.org == directory.org)
                    .values(**values)
                )

    def get_directory(self, org: str) -> StoredDirectory | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(org_directories).where(org_directories.c.org == org)
            ).one_or_none()
        if row is None:
            return None
        return StoredDirectory(row.org, row.version, row.signed, row.root_public_key)

    def organisations(self) -> list[str]:
        with self._engine.connect() as conn:
            return list(conn.execute(select(org_directories.c.org)).scalars())

    # -- intake ----------------------------------------------------------------------------

    def enqueue_report(
        self,
        *,
        org: str,
        case_id: str,
        msg_id: str,
        envelope: bytes,
        locator: str | None,
        day: str,
    ) -> bool:
        """Queue a sealed report. Returns False if this exact envelope was already accepted.

        Raises:
            DuplicateMessageError: the message id or case id was used before by a different
                envelope.
        """
        digest = hashlib.sha256(envelope).hexdigest()
        with self._engine.begin() as conn:
            seen = conn.execute(
                select(seen_messages.c.envelope_sha256).where(seen_messages.c.msg_id == msg_id)
            ).scalar_one_or_none()
            if seen is not None:
                if seen == digest:
                    return False  # an idempotent retry of the same submission
                raise DuplicateMessageError
            try:
                conn.execute(
                    insert(seen_messages).values(
                        msg_id=msg_id, case_id=case_id, envelope_sha256=digest
                    )
                )
                conn.execute(
                    insert(cases).values(
                        case_id=case_id,
                        org=org,
                        status="queued",
                        priority="pending",
                        created_day=day,
                        updated_day=day,
                        sealed=None,
                    )
                )
                conn.execute(
                    insert(intake_jobs).values(
                        org=org,
                        case_id=case_id,
                        msg_id=msg_id,
                        envelope=envelope,
                        state="queued",
                        attempts=0,
                    )
                )
                if locator is not None:
                    conn.execute(
                        insert(case_locators).values(locator=locator, case_id=case_id, org=org)
                    )
            except IntegrityError:
                # A case id or locator that already exists: refuse the whole submission.
                raise DuplicateMessageError from None
        return True

    def claim_job(
        self,
        *,
        worker_id: str,
        now: int,
        lease_seconds: int,
        max_attempts: int,
        orgs: Sequence[str] | None = None,
    ) -> Job | None:
        """Claim the oldest queued job (of `orgs`, if given), or one whose lease has run out.

        Each claim gets a fresh lease token, so completion checks this very claim, not merely
        the worker's name.
        """
        claimable = or_(
            intake_jobs.c.state == "queued",
            and_(intake_jobs.c.state == "claimed", intake_jobs.c.lease_until < now),
        )
        if orgs is not None:
            claimable = and_(claimable, intake_jobs.c.org.in_(list(orgs)))
        lease_token = f"{worker_id}:{secrets.token_hex(8)}"
        for _ in range(5):  # another worker may win the race for a candidate; try the next
            with self._engine.begin() as conn:
                row = conn.execute(
                    select(intake_jobs).where(claimable).order_by(intake_jobs.c.id).limit(1)
                ).one_or_none()
                if row is None:
                    return None
                if row.attempts >= max_attempts:
                    # A job that keeps killing workers is parked, not retried, and its ciphertext
                    # wiped: intake ciphertext stays short-lived (forward secrecy at rotation).
                    conn.execute(
                        update(intake_jobs)
                        .where(intake_jobs.c.id == row.id)
                        .values(state="failed", failure_code="too_many_attempts", envelope=b"")
                    )
                    self._mark_case(conn, row.case_id, status="failed")
                    continue
                claimed = conn.execute(
                    update(intake_jobs)
                    .where(and_(intake_jobs.c.id == row.id, claimable))
                    .values(
                        state="claimed",
                        claimed_by=lease_token,
                        lease_until=now + lease_seconds,
                        attempts=row.attempts + 1,
                    )
                ).rowcount
                if claimed == 1:
                    return Job(
                        row.id,
                        row.org,
                        row.case_id,
                        row.msg_id,
                        row.envelope,
                        row.attempts + 1,
                        lease_token,
                    )
        return None

    def complete_job(self, job: Job, *, sealed_case: bytes, priority: str, day: str) -> None:
        """Store the sealed case and delete the intake ciphertext, atomically, if still leased."""
        with self._engine.begin() as conn:
            deleted = conn.execute(delete(intake_jobs).where(_held_by(job))).rowcount
            if deleted != 1:
                raise LeaseLostError
            conn.execute(
                update(cases)
                .where(cases.c.case_id == job.case_id)
                .values(status="new", priority=priority, sealed=sealed_case, updated_day=day)
            )

    def fail_job(self, job: Job, *, code: str, day: str) -> None:
        """Park a job that can never succeed (for example a report that does not open).

        The ciphertext is deleted: it cannot be opened, and keeping it serves no one.
        """
        with self._engine.begin() as conn:
            parked = conn.execute(
                update(intake_jobs)
                .where(_held_by(job))
                .values(state="failed", failure_code=code, envelope=b"")
            ).rowcount
            if parked != 1:
                # Another worker holds it now; this one must not touch its case.
                raise LeaseLostError
            self._mark_case(conn, job.case_id, status="failed", day=day)

    def release_job(self, job: Job) -> None:
        """Give a job back to the queue after a transient failure (the attempt counts)."""
        with self._engine.begin() as conn:
            conn.execute(
                update(intake_jobs)
                .where(_held_by(job))
                .values(state="queued", claimed_by=None, lease_until=None)
            )

    def defer_job(self, job: Job) -> None:
        """Give a job back without using up an attempt: it waits on an operator (a missing key
        file, a directory to renew), and a valid report must not be destroyed for that."""
        with self._engine.begin() as conn:
            conn.execute(
                update(intake_jobs)
                .where(_held_by(job))
                .values(
                    state="queued", claimed_by=None, lease_until=None, attempts=job.attempts - 1
                )
            )

    def job_states(self) -> dict[str, int]:
        """Counts of jobs per state (for health checks and tests)."""
        with self._engine.connect() as conn:
            rows = conn.execute(select(intake_jobs.c.state))
            counts: dict[str, int] = {}
            for (state,) in rows:
                counts[state] = counts.get(state, 0) + 1
        return counts

    @staticmethod
    def _mark_case(conn: Connection, case_id: str, *, status: str, day: str | None = None) -> None:
        values: dict[str, str] = {"status": status}
        if day is not None:
            values["updated_day"] = day
        conn.execute(update(cases).where(cases.c.case_id == case_id).values(**values))

    # -- cases -----------------------------------------------------------------------------

    def list_cases(self, org: str) -> list[CaseRecord]:
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(cases)
                .where(cases.c.org == org)
                .order_by(cases.c.created_day, cases.c.case_id)
            )
            return [_case(row) for row in rows]

    def get_case(self, org: str, case_id: str) -> CaseRecord | None:
        with self._engine.connect() as conn:
            row = conn.execute(
                select(cases).where(and_(cases.c.org == org, cases.c.case_id == case_id))
            ).one_or_none()
        return None if row is None else _case(row)

    # -- replay protection -----------------------------------------------------------------

    def remember_nonce(self, *, kid: str, nonce: str, expires_at: int, now: int) -> None:
        """Record a request nonce; raise if it was seen inside the window."""
        with self._engine.begin() as conn:
            conn.execute(delete(request_nonces).where(request_nonces.c.expires_at < now))
            try:
                conn.execute(
                    insert(request_nonces).values(kid=kid, nonce=nonce, expires_at=expires_at)
                )
            except IntegrityError:
                raise ReplayedNonceError from None


def _held_by(job: Job) -> ColumnElement[bool]:
    """The job row, only while it is still claimed under this very lease."""
    return and_(
        intake_jobs.c.id == job.id,
        intake_jobs.c.state == "claimed",
        intake_jobs.c.claimed_by == job.claimed_by,
    )


def _case(row: Row[tuple[object, ...]]) -> CaseRecord:
    m = row._mapping
    return CaseRecord(
        str(m["case_id"]),
        str(m["org"]),
        str(m["status"]),
        str(m["priority"]),
        str(m["created_day"]),
        str(m["updated_day"]),
        None if m["sealed"] is None else bytes(m["sealed"]),
    )
