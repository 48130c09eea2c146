"""Reporter client: refuses empty reports, a changed root key, and a directory that fails."""

from __future__ import annotations

import pytest

from gateway.clients.pins import PinMismatchError, PinStore
from gateway.clients.reporter import submit_report
from gateway.clients.wire import GatewayError
from tests.gateway.conftest import Gateway
from tests.gateway.helpers import INSECURE_RECEIPT_KDF, send_report


def test_empty_report_is_refused_before_anything_is_sent(gateway: Gateway) -> None:
    with pytest.raises(ValueError, match="empty"):
        send_report(gateway, "   \n")
    assert gateway.services.store.job_states() == {}


def test_changed_root_key_is_refused(gateway: Gateway) -> None:
    pins = PinStore(gateway.settings.client_config_dir / "pins.json")
    pins.check_or_pin("http://gateway.test", "demo", "A" * 43)
    with pytest.raises(PinMismatchError):
        send_report(gateway, "text")
    assert gateway.services.store.job_states() == {}


def test_wrong_out_of_band_root_key_fails_closed(gateway: Gateway) -> None:
    from keys.keypairs import SigningPrivateKey

    with pytest.raises(GatewayError, match="does not verify"):
        submit_report(
            "text",
            org="demo",
            http=gateway.client,
            pins=PinStore(gateway.settings.client_config_dir / "pins.json"),
            gateway="http://gateway.test",
            root_public_key=SigningPrivateKey.generate().public().public_bytes,
            receipt_kdf=INSECURE_RECEIPT_KDF,
        )
    assert gateway.services.store.job_states() == {}


def test_unknown_organisation_is_a_clear_error(gateway: Gateway) -> None:
    with pytest.raises(GatewayError, match="unknown_organisation"):
        submit_report(
            "text",
            org="nope",
            http=gateway.client,
            pins=PinStore(gateway.settings.client_config_dir / "pins.json"),
            gateway="http://gateway.test",
            receipt_kdf=INSECURE_RECEIPT_KDF,
        )
