"""Slack's request signature, checked strictly before anything reads the body (HTTP mode).

slack_sdk 3.48's `SignatureVerifier.is_valid` (used by slack-bolt 1.30's RequestVerification)
runs `int(timestamp)` on the raw header, so a timestamp such as "x", "", "1.5" or 5,000 digits
raises ValueError instead of refusing the request; bolt then hands the unverified body to its error
handler. Here every header is checked for shape first and nothing raises: the answer is a reason or
None. Pure: the clock comes in as `now`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

VERIFIED = "samverka_verified"  # bolt context key: the signature was checked here (or Socket Mode)
MAX_AGE_SECONDS = 5 * 60  # Slack's own window
_TIMESTAMP = re.compile(r"[0-9]{1,12}")  # ASCII digits only: int() would also take " 1_0", "١٢"
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class SignedRequest:
    """What a verified request was signed with: together they identify it for replay protection."""

    timestamp: int
    signature: str


def check_signature(
    secret: str, body: bytes, timestamps: list[str], signatures: list[str], *, now: float
) -> SignedRequest | str:
    """The verified signature, or why the request is refused ("no signature", "bad timestamp", …).

    `timestamps`/`signatures` are every value of the X-Slack-Request-Timestamp and
    X-Slack-Signature headers: exactly one of each is accepted."""
    if not timestamps or not signatures:
        return "no signature"
    if len(timestamps) != 1 or len(signatures) != 1:
        return "repeated signature header"
    timestamp, signature = timestamps[0], signatures[0]
    if not _TIMESTAMP.fullmatch(timestamp):
        return "bad timestamp"
    if not _SIGNATURE.fullmatch(signature):
        return "bad signature format"
    if abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return "stale timestamp"
    expected = (
        "v0="
        + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    )
    if not hmac.compare_digest(expected, signature):
        return "wrong signature"
    return SignedRequest(int(timestamp), signature)
