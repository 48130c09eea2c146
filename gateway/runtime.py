"""Builders the composition root uses: store, redactor, model registry, worker, services.

Each function takes the settings (and already-built collaborators) and returns one object. The CLI
commands compose them; nothing here is a global.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from gateway.datadir import (
    DataDir,
    ensure_private_dir,
    load_or_create_pepper,
    load_trusted_roots,
    load_worker_keys,
    worker_orgs,
)
from gateway.services import DirectoryBook, GatewayServices
from gateway.settings import ConfigError, Settings
from gateway.storage.database import create_database_engine, migrate
from gateway.storage.store import Store
from gateway.training_cache import CachedRedaction, redactor_fingerprint
from gateway.worker import TriageWorker
from redaction.config import RedactionConfig
from redaction.engine import Redactor
from redaction.organisation import load_organisation_rules
from redaction.types import RedactedText
from triage_models.corpus import load_corpus, load_corrections, merge
from triage_models.holdout import split_for_evaluation
from triage_models.model import TriageModel
from triage_models.registry import ModelRegistry
from triage_models.reporting import write_evaluation_report
from triage_models.training import TrainingConfig, train

log = logging.getLogger("reportgw")


def open_store(settings: Settings) -> Store:
    """Open (and migrate) the database named by the settings."""
    ensure_private_dir(DataDir(settings.data_dir).root)
    engine = create_database_engine(settings.effective_database_url)
    migrate(engine)
    return Store(engine)


def build_redactor(settings: Settings) -> Redactor:
    """The redactor, loaded once per process (spaCy loading takes about a second)."""
    rules = (
        None
        if settings.redaction_rules is None
        else load_organisation_rules(settings.redaction_rules)
    )
    return Redactor(RedactionConfig(max_chars=settings.max_report_chars, organisation=rules))


def model_registry(settings: Settings) -> ModelRegistry:
    return ModelRegistry(DataDir(settings.data_dir).models)


def redact_batch(redactor: Redactor) -> Callable[[Sequence[str]], list[RedactedText]]:
    """Adapt the redactor to what training needs: raw texts in, redacted texts out."""

    def redact(texts: Sequence[str]) -> list[RedactedText]:
        return [result.redacted for result in redactor.redact_many(list(texts))]

    return redact


class TqdmProgress:
    """Adapts training's ``progress(stage, done, total)`` callback to a tqdm bar per stage."""

    def __init__(self, *, enabled: bool) -> None:
        self._enabled = enabled
        self._stage: str | None = None
        self._bar: Any = None

    def __enter__(self) -> TqdmProgress:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._bar.close()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self._enabled:
            return
        if stage != self._stage:
            if self._bar is not None:
                self._bar.close()
            self._stage = stage
            self._bar = tqdm(total=total, desc=stage, unit="step", file=sys.stderr)
        self._bar.n = done
        self._bar.refresh()


def cached_redaction(settings: Settings, redactor: Redactor) -> CachedRedaction:
    """Batch redaction of our own corpus, cached in the data directory (see training_cache)."""
    return CachedRedaction(
        redact_batch(redactor),
        DataDir(settings.data_dir).root / "cache" / "redacted-corpus.jsonl",
        fingerprint=redactor_fingerprint(),
    )


def evaluate_model(
    settings: Settings,
    redactor: Redactor,
    *,
    out_dir: Path,
    version: str | None = None,
    corpus_dir: Path | None = None,
) -> dict[str, Any]:
    """Score a registered model (the promoted one by default) on the evaluation split of the
    corpus, which training leaves out, and write the admin report into `out_dir`."""
    registry = model_registry(settings)
    chosen = version or registry.promoted_version()
    if chosen is None:
        raise ConfigError("no model to evaluate: run `reportgw train` first")
    model = registry.load(chosen)
    _training, held_out = split_for_evaluation(load_corpus(corpus_dir or settings.corpus_dir))
    texts = cached_redaction(settings, redactor)([example.text for example in held_out])
    return write_evaluation_report(model, texts, [e.labels for e in held_out], out_dir)


def train_model(
    settings: Settings,
    redactor: Redactor,
    *,
    corpus_dir: Path | None = None,
    corrections: Path | None = None,
    folds_by_source: bool = False,
    progress: bool = True,
) -> str:
    """Train on the corpus (plus corrections, newest wins), register it, return its version.

    With ``folds_by_source`` cross-validation holds out whole batch files (and the corrections),
    so the recorded figures and tuned thresholds are those of a writer the model never saw.
    """
    examples = load_corpus(corpus_dir or settings.corpus_dir)
    if corrections is not None:
        examples = merge(examples, load_corrections(corrections))
    # The evaluation split stays out of training so `reportgw evaluate` scores unseen reports
    # (recorded in the model's metadata and card).
    config = TrainingConfig(exclude_evaluation_split=True, folds_by_source=folds_by_source)
    with TqdmProgress(enabled=progress) as report:
        trained = train(
            examples, redact=cached_redaction(settings, redactor), progress=report, config=config
        )
    return model_registry(settings).register(trained)


def ensure_default_model(settings: Settings, redactor: Redactor) -> str:
    """Train and promote the default model if the registry has no promoted model yet."""
    registry = model_registry(settings)
    current = registry.promoted_version()
    if current is not None:
        return current
    log.info("training the default triage model (first run only)")
    version = train_model(settings, redactor)
    registry.promote(version)
    return version


class PromotedModel:
    """Hands the worker the promoted model, reloading it when an admin promotes or rolls back."""

    def __init__(self, registry: ModelRegistry) -> None:
        self._registry = registry
        self._lock = threading.Lock()
        self._loaded: tuple[str, TriageModel] | None = None

    def __call__(self) -> TriageModel:
        version = self._registry.promoted_version()
        with self._lock:
            if self._loaded is None or self._loaded[0] != version:
                self._loaded = (str(version), self._registry.load_promoted())
            return self._loaded[1]


def build_services(settings: Settings, store: Store) -> GatewayServices:
    return GatewayServices(
        store=store,
        directories=DirectoryBook(store, load_trusted_roots(settings)),
        locator_pepper=load_or_create_pepper(DataDir(settings.data_dir)),
        max_skew_seconds=settings.request_max_skew_seconds,
    )


def build_worker(settings: Settings, store: Store, redactor: Redactor) -> TriageWorker:
    """The triage worker, with the key files of every organisation it holds keys for.

    It verifies key directories against the root keys pinned in its own key files, never
    against the database (see `DirectoryBook`).
    """
    keys = {org: load_worker_keys(settings, org) for org in worker_orgs(settings)}
    return TriageWorker(
        store=store,
        directories=DirectoryBook(store, {org: k.root for org, k in keys.items()}),
        keys=keys,
        redactor=redactor,
        classifier=PromotedModel(model_registry(settings)),
        max_report_chars=settings.max_report_chars,
        lease_seconds=settings.job_lease_seconds,
        max_attempts=settings.max_job_attempts,
    )
