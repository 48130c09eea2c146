"""Table definitions (SQLAlchemy Core), shared by the store and the migrations' tests.

What is stored is what routing needs and nothing else: ciphertext, opaque ids, the coarse day,
status, priority bucket. There is no column for an IP address, a user agent, a report body in the
clear or a precise submission time, and `tests/privacy` proves none is ever written.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
)

metadata = MetaData()

# The signed key directory of each organisation, served verbatim to clients who verify it against
# the pinned root key. The gateway never holds a private key.
org_directories = Table(
    "org_directories",
    metadata,
    Column("org", String(64), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("signed", LargeBinary, nullable=False),
    Column("root_public_key", LargeBinary, nullable=False),
)

# Sealed reports waiting for the triage worker. A row is deleted in the same transaction that
# stores the sealed case, so intake ciphertext is short-lived (forward secrecy at key rotation).
intake_jobs = Table(
    "intake_jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("org", String(64), nullable=False),
    Column("case_id", String(32), nullable=False),
    Column("msg_id", String(32), nullable=False, unique=True),
    Column("envelope", LargeBinary, nullable=False),
    Column("state", String(16), nullable=False),  # queued | claimed | failed
    Column("attempts", Integer, nullable=False, default=0),
    # Lease expiry (epoch seconds) while claimed; lets a crashed worker's job be claimed again.
    Column("lease_until", Integer, nullable=True),
    Column("claimed_by", String(64), nullable=True),
    Column("failure_code", String(64), nullable=True),
)

cases = Table(
    "cases",
    metadata,
    Column("case_id", String(32), primary_key=True),
    Column("org", String(64), nullable=False, index=True),
    Column("status", String(16), nullable=False),  # queued | new | failed
    Column("priority", String(16), nullable=False),  # pending | urgent | normal
    Column("created_day", String(10), nullable=False),  # YYYY-MM-DD only: no precise time
    Column("updated_day", String(10), nullable=False),
    Column("sealed", LargeBinary, nullable=True),  # the multi-recipient case envelope
)

# Every message id ever accepted, so a replayed envelope is recognised after its job is gone.
seen_messages = Table(
    "seen_messages",
    metadata,
    Column("msg_id", String(32), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("envelope_sha256", String(64), nullable=False),
)

# HMAC(server pepper, lookup token) -> case. The reporter's receipt never reaches the server; the
# lookup token does, and only its keyed hash is stored.
case_locators = Table(
    "case_locators",
    metadata,
    Column("locator", String(64), primary_key=True),
    Column("case_id", String(32), nullable=False),
    Column("org", String(64), nullable=False),
)

# Nonces of signed responder requests, kept for the replay window only.
request_nonces = Table(
    "request_nonces",
    metadata,
    Column("kid", String(64), nullable=False),
    Column("nonce", String(64), nullable=False),
    Column("expires_at", Integer, nullable=False),
    PrimaryKeyConstraint("kid", "nonce"),
)
