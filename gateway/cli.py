"""`reportgw`: the one console script. Parses arguments, builds what a command needs, runs it.

Commands (ARCHITECTURE.md and the README):

    serve       gateway + in-process triage worker on the embedded default (initialises DIR)
    worker      the triage worker as a separate process
    init        initialise a data directory (demo organisation, keys, default model)
    report      (reporter) read a report from stdin, seal it here, send it; print the receipt
    responder   (responder) `cases` lists cases; `open CASE` verifies and decrypts one locally
    redact      JSONL in -> redacted JSONL out
    triage      JSONL in -> redacted + suggested labels out
    train       train a model on the corpus (+ corrections) and register it
    evaluate    score a model on the held-out split: Markdown report, PR curves, bias check
    model       list | promote VERSION | rollback
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import logging
import os
import sys
import threading
from pathlib import Path

from gateway import logging_policy
from gateway.settings import ConfigError, Settings, key_passphrase_from_env

log = logging.getLogger("reportgw")


def _configure_logging() -> None:
    # Log records carry ids and fixed codes only. Third-party loggers that may echo input (the
    # NLP stack) are held at ERROR, and uvicorn's access log is off (it would record addresses).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    for noisy in ("presidio-analyzer", "presidio_analyzer", "presidio-anonymizer", "spacy"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging_policy.install()


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    overrides: dict[str, object] = {}
    if getattr(args, "data_dir", None):
        overrides["data_dir"] = Path(args.data_dir)
    if getattr(args, "host", None):
        overrides["host"] = args.host
    if getattr(args, "port", None):
        overrides["port"] = args.port
    return settings.with_overrides(**overrides) if overrides else settings


def _initialise(settings: Settings) -> None:
    from gateway.datadir import init_demo_organisation
    from gateway.runtime import build_redactor, ensure_default_model, open_store

    store = open_store(settings)
    if init_demo_organisation(settings, store):
        log.info("created demo organisation %r in %s", settings.demo_org, settings.data_dir)
    with build_redactor(settings) as redactor:
        ensure_default_model(settings, redactor)


def cmd_init(args: argparse.Namespace) -> int:
    settings = _settings(args)
    _configure_logging()
    _initialise(settings)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.app import create_app
    from gateway.datadir import DataDir, init_demo_organisation
    from gateway.runtime import (
        build_redactor,
        build_services,
        build_worker,
        ensure_default_model,
        model_registry,
        open_store,
    )

    settings = _settings(args)
    _configure_logging()
    store = open_store(settings)
    init_demo_organisation(settings, store)
    services = build_services(settings, store)
    worker_factory = None
    if not args.no_worker or model_registry(settings).promoted_version() is None:
        redactor = build_redactor(settings)
        ensure_default_model(settings, redactor)
        redactor.close()  # first-run training used a process pool; the worker redacts in-process
        if not args.no_worker:
            worker = build_worker(settings, store, redactor)
            worker_factory = lambda: worker  # noqa: E731 - the app takes a factory
    app = create_app(settings, services, worker_factory=worker_factory)
    base = f"http://{settings.host}:{settings.port}"
    mode = "gateway only" if args.no_worker else "gateway + triage worker"
    passphrase_note = (
        "from REPORTGW_KEY_PASSPHRASE"
        if settings.key_passphrase_from_env
        else f"'{settings.key_passphrase}' (demo default)"
    )
    sys.stderr.write(
        f"\nreportgw {mode} on {base} (data: {settings.data_dir})\n"
        f"  send a report:   echo 'what happened...' | reportgw report --gateway {base} "
        f"--org {settings.demo_org}\n"
        f"  list cases:      reportgw responder cases --gateway {base} "
        f"--key {DataDir(settings.data_dir).demo_responder_key}\n"
        f"  open a case:     reportgw responder open CASE --gateway {base} "
        f"--key {DataDir(settings.data_dir).demo_responder_key}\n"
        f"  responder key passphrase: {passphrase_note}\n\n"
    )
    uvicorn.run(
        app,
        host=settings.host,
        port=settings.port,
        access_log=False,  # an access log records client addresses and paths
        proxy_headers=False,
        server_header=False,
        log_config=None,
    )
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from gateway.runtime import build_redactor, build_worker, model_registry, open_store

    settings = _settings(args)
    _configure_logging()
    if model_registry(settings).promoted_version() is None:
        sys.stderr.write("reportgw: no promoted model; run `reportgw init` or `reportgw train`.\n")
        return 2
    store = open_store(settings)
    worker = build_worker(settings, store, build_redactor(settings))
    stop = threading.Event()
    log.info("triage worker %s polling", worker.worker_id)
    try:
        worker.run_until(stop, poll_seconds=settings.worker_poll_seconds)
    except KeyboardInterrupt:
        stop.set()
    return 0


def _passphrase() -> str:
    from_env = key_passphrase_from_env()
    if from_env is not None:
        return from_env
    return getpass.getpass("Responder key passphrase: ")


def cmd_report(args: argparse.Namespace) -> int:
    import httpx2 as httpx

    from gateway.clients.pins import PinStore
    from gateway.clients.reporter import submit_report
    from keys.ids import b64u_decode

    settings = Settings.from_env()
    text = sys.stdin.read()
    root_key = b64u_decode(args.root_key) if args.root_key else None
    with httpx.Client(base_url=args.gateway, timeout=30) as http:
        submitted = submit_report(
            text,
            org=args.org,
            http=http,
            pins=PinStore(settings.client_config_dir / "pins.json"),
            gateway=args.gateway,
            root_public_key=root_key,
        )
    if submitted.newly_pinned:
        sys.stderr.write(
            "note: this organisation's root key was pinned on first use; pass --root-key to "
            "check it against one you were given.\n"
        )
    sys.stdout.write(
        f"Report sealed on this machine and sent. Case: {submitted.case}\n"
        "Keep this receipt secret and safe: it is the only way back to your report.\n"
        f"{submitted.receipt}\n"
    )
    return 0


def cmd_responder(args: argparse.Namespace) -> int:
    import httpx2 as httpx

    from gateway.clients.responder import list_cases, load_session, open_case_here

    session = load_session(Path(args.key), _passphrase())
    with httpx.Client(base_url=args.gateway, timeout=30) as http:
        if args.responder_command == "cases":
            for case in list_cases(http, session):
                sys.stdout.write(json.dumps(case) + "\n")
        else:
            opened = open_case_here(http, session, args.case)
            sys.stdout.write(json.dumps(opened, ensure_ascii=False) + "\n")
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    from gateway.batch import redact_jsonl
    from gateway.runtime import build_redactor

    settings = _settings(args)
    redactor = build_redactor(settings)
    with (
        open(args.input, encoding="utf-8") as source,
        open(args.output, "w", encoding="utf-8") as sink,
    ):
        redact_jsonl(source, sink, redactor, max_chars=settings.max_report_chars)
    return 0


def cmd_triage(args: argparse.Namespace) -> int:
    from gateway.batch import triage_jsonl
    from gateway.runtime import PromotedModel, build_redactor, model_registry

    settings = _settings(args)
    registry = model_registry(settings)
    if registry.promoted_version() is None:
        sys.stderr.write("reportgw: no promoted model; run `reportgw init` or `reportgw train`.\n")
        return 2
    model = PromotedModel(registry)()
    redactor = build_redactor(settings)
    with (
        open(args.input, encoding="utf-8") as source,
        open(args.output, "w", encoding="utf-8") as sink,
    ):
        triage_jsonl(source, sink, redactor, model, max_chars=settings.max_report_chars)
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    from gateway.runtime import build_redactor, model_registry, open_store, train_model

    settings = _settings(args)
    _configure_logging()
    open_store(settings)
    with build_redactor(settings) as redactor:
        version = train_model(
            settings,
            redactor,
            corpus_dir=Path(args.corpus) if args.corpus else None,
            corrections=Path(args.corrections) if args.corrections else None,
            folds_by_source=args.folds_by_source,
        )
    registry = model_registry(settings)
    if args.promote or registry.promoted_version() is None:
        registry.promote(version)
    sys.stdout.write(json.dumps({"model": version, "promoted": registry.promoted_version()}) + "\n")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from gateway.datadir import DataDir
    from gateway.runtime import build_redactor, evaluate_model, model_registry

    settings = _settings(args)
    _configure_logging()
    version = args.model or model_registry(settings).promoted_version()
    out_dir = (
        Path(args.output)
        if args.output
        else DataDir(settings.data_dir).root / "evaluations" / str(version)
    )
    with build_redactor(settings) as redactor:
        result = evaluate_model(
            settings,
            redactor,
            out_dir=out_dir,
            version=version,
            corpus_dir=Path(args.corpus) if args.corpus else None,
        )
    groups = result["metrics"].get("groups", {})
    summary = {
        "model": result["model"],
        "report": str(out_dir / "report.md"),
        "macro_f1": {group: values.get("macro_f1") for group, values in groups.items()},
        "bias_gap_points": result.get("bias", {}).get("misconduct_gap_points"),
    }
    sys.stdout.write(json.dumps(summary) + "\n")
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from gateway.runtime import model_registry

    registry = model_registry(_settings(args))
    if args.model_command == "list":
        for entry in registry.list():
            sys.stdout.write(json.dumps(dataclasses.asdict(entry)) + "\n")
    elif args.model_command == "promote":
        registry.promote(args.version)
    else:
        registry.rollback()
    sys.stdout.write(json.dumps({"promoted": registry.promoted_version()}) + "\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reportgw", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    def with_data_dir(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--data-dir", help="data directory (default ./var or REPORTGW_DATA_DIR)")
        return p

    serve = with_data_dir(sub.add_parser("serve", help="gateway + in-process worker"))
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="serve the gateway only; run `reportgw worker` as a separate process",
    )
    serve.set_defaults(func=cmd_serve)
    with_data_dir(sub.add_parser("worker", help="triage worker process")).set_defaults(
        func=cmd_worker
    )
    with_data_dir(sub.add_parser("init", help="initialise a data directory")).set_defaults(
        func=cmd_init
    )

    report = sub.add_parser("report", help="send a report read from stdin")
    report.add_argument("--gateway", required=True)
    report.add_argument("--org", required=True)
    report.add_argument("--root-key", help="the organisation's root public key (base64url)")
    report.set_defaults(func=cmd_report)

    responder = sub.add_parser("responder", help="responder client")
    rsub = responder.add_subparsers(dest="responder_command", required=True)
    for name in ("cases", "open"):
        p = rsub.add_parser(name)
        if name == "open":
            p.add_argument("case")
        p.add_argument("--gateway", required=True)
        p.add_argument("--key", required=True, help="responder key file")
        p.set_defaults(func=cmd_responder)

    for name, func in (("redact", cmd_redact), ("triage", cmd_triage)):
        p = with_data_dir(sub.add_parser(name, help=f"{name} JSONL"))
        p.add_argument("--input", required=True)
        p.add_argument("--output", required=True)
        p.set_defaults(func=func)

    train_p = with_data_dir(sub.add_parser("train", help="train and register a model"))
    train_p.add_argument("--corpus", help="corpus directory (default training_data/)")
    train_p.add_argument("--corrections", help="JSONL of responder-corrected labels")
    train_p.add_argument("--promote", action="store_true", help="promote the new model")
    train_p.add_argument(
        "--folds-by-source",
        action="store_true",
        help="cross-validate holding out whole corpus files: figures for an unseen writer",
    )
    train_p.set_defaults(func=cmd_train)

    evaluate = with_data_dir(
        sub.add_parser("evaluate", help="score a model on the held-out evaluation split")
    )
    evaluate.add_argument("--model", help="model version (default: the promoted one)")
    evaluate.add_argument("--corpus", help="corpus directory (default training_data/reports)")
    evaluate.add_argument("--output", help="report directory (default DIR/evaluations/VERSION)")
    evaluate.set_defaults(func=cmd_evaluate)

    model = sub.add_parser("model", help="model registry")
    msub = model.add_subparsers(dest="model_command", required=True)
    with_data_dir(msub.add_parser("list"))
    with_data_dir(msub.add_parser("promote")).add_argument("version")
    with_data_dir(msub.add_parser("rollback"))
    model.set_defaults(func=cmd_model)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Everything this process creates (database, WAL, caches, key files) is private to its user.
    os.umask(0o077)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence: a clear, short error
        # Only the exception's class and our own messages are shown; library exception text is
        # not, since it could quote report content.
        sys.stderr.write(f"reportgw: error: {_describe(exc)}\n")
        return 1


def _describe(exc: Exception) -> str:
    from gateway.clients.pins import PinMismatchError
    from gateway.clients.responder import ResponderKeyError
    from gateway.clients.wire import GatewayError
    from keys.errors import KeyFileError, KeysError
    from redaction.errors import RedactionError
    from triage_models.errors import TriageModelError

    if isinstance(exc, KeyFileError):
        return "the key file could not be opened (wrong passphrase, or the file is damaged)"
    # Our domain errors carry fixed messages (never input text), so they are safe to show.
    # Other exceptions (a library's ValueError, say) may quote input: only their type is shown.
    safe = (
        ConfigError,
        GatewayError,
        PinMismatchError,
        ResponderKeyError,
        KeysError,
        RedactionError,
        TriageModelError,
        OSError,  # file errors name the user's own paths
    )
    if isinstance(exc, safe):
        return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return type(exc).__name__


if __name__ == "__main__":
    raise SystemExit(main())
