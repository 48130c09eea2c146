"""Reporter pins: first use pins the root key; a changed key is refused (fail closed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.clients.pins import PinMismatchError, PinStore


def test_first_use_pins_and_same_key_passes(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    assert pins.check_or_pin("http://gw/", "demo", "KEY1") is True
    assert pins.check_or_pin("http://gw", "demo", "KEY1") is False


def test_changed_key_is_refused(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    pins.check_or_pin("http://gw", "demo", "KEY1")
    with pytest.raises(PinMismatchError, match="has changed"):
        pins.check_or_pin("http://gw", "demo", "KEY2")


def test_pins_are_per_gateway_and_org(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    pins.check_or_pin("http://gw", "demo", "KEY1")
    assert pins.check_or_pin("http://gw", "other", "KEY2") is True
    assert pins.check_or_pin("http://gw2", "demo", "KEY3") is True


def test_corrupt_pin_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pins.json"
    path.write_text("[1]")
    with pytest.raises(ValueError, match="not a pin file"):
        PinStore(path).check_or_pin("http://gw", "demo", "KEY1")
