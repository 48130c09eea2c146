"""Offline domain-suffix lookup.

Presidio's stock ``OfflineEmailRecognizer`` calls the module-level ``tldextract.extract``, which
downloads the public suffix list on first use. The triage worker is isolated and must never
make a network call (a DNS lookup alone would reveal that a report is being processed). This
module builds the one extractor the package uses: no suffix-list URLs and no cache directory,
so tldextract falls back to the snapshot bundled in the pinned wheel.
"""

from __future__ import annotations

import functools

import tldextract


@functools.cache
def offline_extractor() -> tldextract.TLDExtract:
    """Return a tldextract extractor that can only read the bundled suffix snapshot.

    Returns:
        A ``TLDExtract`` with ``suffix_list_urls=()`` and ``cache_dir=None``; it never
        opens a socket or writes a cache file.
    """
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def has_public_suffix(candidate: str) -> bool:
    """Tell whether the host in ``candidate`` ends in a known public suffix (offline).

    Args:
        candidate: An email address, host name or URL.

    Returns:
        True when the bundled public suffix list knows the suffix.
    """
    host = candidate.rsplit("@", 1)[-1]
    return offline_extractor()(host).suffix != ""
