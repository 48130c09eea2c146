"""Client pins: root keys pinned after verification; changes refused; versions only go up."""

from __future__ import annotations

from pathlib import Path

import pytest

from gateway.clients.pins import Pin, PinMismatchError, PinStore


def test_record_pins_root_and_version(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    assert pins.get("http://gw", "demo") is None
    assert pins.record("http://gw/", "demo", "KEY1", 3) is True
    assert pins.get("http://gw", "demo") == Pin("KEY1", 3)
    assert pins.record("http://gw", "demo", "KEY1", 2) is False
    # The version never goes down
    assert pins.get("http://gw", "demo") == Pin("KEY1", 3)


def test_changed_root_is_refused(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    pins.record("http://gw", "demo", "KEY1", 1)
    assert pins.check_root("http://gw", "demo", "KEY1") == Pin("KEY1", 1)
    with pytest.raises(PinMismatchError, match="has changed"):
        pins.check_root("http://gw", "demo", "KEY2")


def test_pins_are_per_gateway_and_org(tmp_path: Path) -> None:
    pins = PinStore(tmp_path / "pins.json")
    pins.record("http://gw", "demo", "KEY1", 1)
    assert pins.check_root("http://gw", "other", "KEY2") is None
    assert pins.check_root("http://gw2", "demo", "KEY3") is None


def test_corrupt_pin_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "pins.json"
    path.write_text("[1]")
    with pytest.raises(ValueError, match="not a pin file"):
        PinStore(path).get("http://gw", "demo")
