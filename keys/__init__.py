"""Cryptography for the reporting gateway: envelopes, key files, key directory, receipts.

This package is a leaf: it imports none of our other packages and is the only one that
touches ``cryptography``. Import from the defining module (``keys.sealing``,
``keys.opening``, ...); nothing is re-exported here. ``keys.case_opening`` opens sealed
cases with a responder key and must never be imported by server-side code.
"""
