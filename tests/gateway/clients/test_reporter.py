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
    pins.record("http://gateway.test", "demo", "A" * 43, 1)
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


def test_first_contact_with_a_bad_directory_pins_nothing(gateway: Gateway) -> None:
    import httpx2 as httpx

    from keys.ids import b64u_encode
    from keys.keypairs import SigningPrivateKey

    # Given a hostile gateway serving the real directory with a root key of its own
    listing = gateway.client.get("/api/v1/orgs/demo/directory").json()
    listing["root_public_key"] = b64u_encode(SigningPrivateKey.generate().public().public_bytes)
    hostile = httpx.Client(
        transport=httpx.MockTransport(lambda _request: httpx.Response(200, json=listing)),
        base_url="http://gateway.test",
    )
    pins = PinStore(gateway.settings.client_config_dir / "pins.json")
    # When a reporter contacts it first
    with pytest.raises(GatewayError, match="does not verify"):
        submit_report(
            "text",
            org="demo",
            http=hostile,
            pins=pins,
            gateway="http://gateway.test",
            receipt_kdf=INSECURE_RECEIPT_KDF,
        )
    # Then nothing was pinned: the real gateway is not locked out afterwards
    assert pins.get("http://gateway.test", "demo") is None
    send_report(gateway, "text")


def test_rolled_back_directory_is_refused(gateway: Gateway) -> None:
    # Given a reporter who has seen version 5 of the directory
    pins = PinStore(gateway.settings.client_config_dir / "pins.json")
    send_report(gateway, "first")
    pin = pins.get("http://gateway.test", "demo")
    assert pin is not None and pin.version == 1
    pins.record("http://gateway.test", "demo", pin.root_public_key, 5)
    # When the gateway serves the (valid, unexpired) version 1
    with pytest.raises(GatewayError, match="does not verify"):
        send_report(gateway, "second")
