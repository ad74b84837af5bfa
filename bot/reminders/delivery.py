"""Posting a message exactly once, however many replicas try and whenever one of them dies.

The protocol, per message key (a reminder's `event:day:offset:target`, an announcement, a notice):
1. Claim: insert the ledger row as `claimed` with a lease (first one wins), or take over a row
   whose lease ran out (`claimed`: its holder died, outcome unknown) or whose retry time came.
2. If the outcome of an earlier attempt is unknown, look for the message in the conversation:
   every post carries Slack message metadata {event_type: samverka_reminder, event_payload: {key}}.
   Found: record it as sent and post nothing.
3. Post; record `sent` with the message ts. 429: wait Retry-After and try again (bounded). Slack
   said no: retry later, a bounded number of times, then `failed`. No answer at all (timeout,
   reset): retry later, and look in history first since Slack may have posted it.

Database calls are short and synchronous; they run in a worker thread so the event loop that also
answers questions never waits on the database.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from bot.reminders.plan import USER_PREFIX
from bot.storage.store import Delivery, Store, Subscription

log = logging.getLogger(__name__)

METADATA_EVENT_TYPE = "samverka_reminder"
FINISHED = ("sent", "skipped", "failed")
HISTORY_PAGES = 5  # 5 × 200 messages since the first claim: more than a reminder channel sees
HISTORY_MARGIN = timedelta(minutes=5)  # replicas' clocks are not perfectly in step

Outcome = Literal["sent", "already_sent", "busy", "done", "retry", "failed"]


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to post once. `message` holds `chat.postMessage` arguments (text, blocks)."""

    key: str
    kind: str  # reminder | announcement | notice
    target: str  # channel id or name, or "user:U…" for a DM
    send_at: datetime
    message: dict[str, Any]
    event_id: str | None = None
    late: bool = False
    # (user id, kind, value) of the subscription a personal message exists for: it is claimed (or
    # recorded as skipped) only while that subscription exists, in the same transaction, so a tick
    # that read the subscriptions before an unsubscribe cannot send again what the unsubscribe purged.
    subscription: tuple[str, str, str] | None = None


@dataclass(frozen=True, slots=True)
class _Claim:
    attempts: int
    first_claimed_at: datetime
    check_history: bool


@dataclass
class DeliveryPolicy:
    lease: timedelta = timedelta(minutes=5)  # longer than any send, including 429 waits
    max_attempts: int = 5
    retry_after: timedelta = timedelta(minutes=1)  # doubled each failed attempt
    max_rate_limit_wait: float = 120.0  # seconds of Retry-After waits within one attempt
    max_rate_limit_retries: int = 5


def process_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class Ledger:
    """The deliveries table's operations; each is one short transaction."""

    store: Store
    owner: str = field(default_factory=process_id)
    policy: DeliveryPolicy = field(default_factory=DeliveryPolicy)

    def claim(self, item: Outgoing, now: datetime) -> _Claim | None:
        lease_until = now + self.policy.lease
        with self.store.begin() as connection:
            if not self._wanted(connection, item):
                return None
            first = self._insert_new(
                connection,
                item,
                now,
                status="claimed",
                attempts=1,
                claimed_by=self.owner,
                lease_until=lease_until,
                first_claimed_at=now,
                late=item.late,
            )
            if first:
                return _Claim(attempts=1, first_claimed_at=now, check_history=False)
            row = connection.execute(select(Delivery.__table__).where(Delivery.key == item.key)).one()
            if row.status not in ("claimed", "retry") or row.lease_until is None or row.lease_until > now:
                return None
            # A claimer whose lease ran out may have posted before dying: look before posting.
            check = row.check_history or row.status == "claimed"
            if row.attempts >= self.policy.max_attempts:
                connection.execute(
                    update(Delivery)
                    .where(Delivery.key == item.key, Delivery.attempts == row.attempts)
                    .values(status="failed", updated_at=now, detail=f"gave up after {row.attempts} attempts")
                )
                log.error("reminder %s: gave up after %d attempts (%s)", item.key, row.attempts, row.detail)
                return None
            taken = connection.execute(
                update(Delivery)
                .where(
                    Delivery.key == item.key,
                    Delivery.status == row.status,
                    Delivery.attempts == row.attempts,
                )
                .values(
                    status="claimed",
                    claimed_by=self.owner,
                    lease_until=lease_until,
                    attempts=row.attempts + 1,
                    check_history=check,
                    late=item.late,
                    updated_at=now,
                )
            )
            if taken.rowcount != 1:
                return None  # another replica took it over first
            return _Claim(
                attempts=row.attempts + 1,
                first_claimed_at=row.first_claimed_at or now,
                check_history=check,
            )

    def mark_sent(
        self, key: str, now: datetime, *, channel: str, ts: str | None, detail: str | None = None
    ) -> bool:
        with self.store.begin() as connection:
            done = connection.execute(
                update(Delivery)
                .where(Delivery.key == key, Delivery.claimed_by == self.owner, Delivery.status == "claimed")
                .values(
                    status="sent", sent_at=now, channel=channel, message_ts=ts, updated_at=now, detail=detail
                )
            )
        return done.rowcount == 1

    def release(self, key: str, now: datetime, *, attempts: int, unknown: bool, detail: str) -> Outcome:
        """An attempt failed: retry later (after a backoff), or give up after `max_attempts`."""
        give_up = attempts >= self.policy.max_attempts
        backoff = self.policy.retry_after * (2 ** (attempts - 1))
        with self.store.begin() as connection:
            connection.execute(
                update(Delivery)
                .where(Delivery.key == key, Delivery.claimed_by == self.owner, Delivery.status == "claimed")
                .values(
                    status="failed" if give_up and not unknown else "retry",
                    lease_until=now + backoff,
                    check_history=unknown,
                    detail=detail[:2000],
                    updated_at=now,
                )
            )
        # An unknown outcome is never "failed": the next claimant must look in history first.
        return "failed" if give_up and not unknown else "retry"

    def record_skip(self, item: Outgoing, now: datetime, reason: str) -> bool:
        """Remember that `item` will never be sent; True the first time (so it is logged once)."""
        with self.store.begin() as connection:
            if not self._wanted(connection, item):
                return False
            return self._insert_new(connection, item, now, status="skipped", attempts=0, detail=reason)

    @staticmethod
    def _wanted(connection: Connection, item: Outgoing) -> bool:
        """Does the subscription `item` is for still exist? PostgreSQL: the row is share-locked
        until the claim commits, so an unsubscribe either waits for it (and then purges the claimed
        row) or has already removed the subscription (and the claim is refused)."""
        if item.subscription is None:
            return True
        user_id, kind, value = item.subscription
        query = (
            select(Subscription.id)
            .where(Subscription.user_id == user_id, Subscription.kind == kind, Subscription.value == value)
            .with_for_update(read=True)  # SQLite: nothing (BEGIN IMMEDIATE already serialises writers)
        )
        return connection.execute(query).first() is not None

    def _insert_new(self, connection: Connection, item: Outgoing, now: datetime, **values: Any) -> bool:
        """Insert the row for `item` unless its key exists (atomically: the first writer wins)."""
        row = {
            "key": item.key,
            "kind": item.kind,
            "event_id": item.event_id,
            "target": item.target,
            "send_at": item.send_at,
            "check_history": False,
            "late": False,
            "updated_at": now,
            **values,
        }
        inserted = connection.execute(
            self.store.insert(Delivery)
            .values(**row)
            .on_conflict_do_nothing(index_elements=["key"])
            .returning(Delivery.key)
        )
        return inserted.first() is not None

    def finished(self, keys: Iterable[str]) -> set[str]:
        """Which of `keys` are settled (sent, skipped or failed): no need to try them."""
        wanted = list(dict.fromkeys(keys))
        done: set[str] = set()
        with self.store.begin() as connection:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                done.update(
                    connection.execute(
                        select(Delivery.key).where(Delivery.key.in_(chunk), Delivery.status.in_(FINISHED))
                    ).scalars()
                )
        return done

    def row(self, key: str) -> Delivery | None:
        with self.store.sessions() as session:
            return session.get(Delivery, key)


def _retry_after(exc: SlackApiError) -> float:
    headers = getattr(exc.response, "headers", None) or {}
    value = headers.get("Retry-After") or headers.get("retry-after")
    try:
        return max(0.0, float(value)) if value is not None else 1.0
    except ValueError:
        return 1.0


def _metadata_key(message: dict[str, Any]) -> str | None:
    metadata = message.get("metadata")
    if isinstance(metadata, str):
        try:
            metadata = json.loads(metadata)
        except ValueError:
            return None
    if not isinstance(metadata, dict) or metadata.get("event_type") != METADATA_EVENT_TYPE:
        return None
    payload = metadata.get("event_payload") or {}
    return payload.get("key") if isinstance(payload, dict) else None


class _Unknown(Exception):
    """Slack may or may not have acted on the request (no response, or a server error)."""


@dataclass
class Deliverer:
    """Posts `Outgoing` messages through the ledger. One per process; not re-entrant per key."""

    ledger: Ledger
    client: AsyncWebClient
    clock: Callable[[], datetime]
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    _dm_channels: dict[str, str] = field(default_factory=dict)

    async def deliver(self, item: Outgoing) -> Outcome:
        claim = await asyncio.to_thread(self.ledger.claim, item, self.clock())
        if claim is None:
            return "busy"
        # Until history has been read, an earlier attempt's outcome stays unknown: a clean Slack
        # error before then (opening the DM, reading history) must not let the next try skip the look.
        unread = claim.check_history
        try:
            channel = await self._conversation(item.target)
            if claim.check_history:
                found = await self._find_posted(channel, item.key, claim.first_claimed_at - HISTORY_MARGIN)
                unread = False
                if found is not None:
                    await asyncio.to_thread(
                        self.ledger.mark_sent,
                        item.key,
                        self.clock(),
                        channel=channel,
                        ts=found,
                        detail="found in conversation history: posted by an earlier attempt",
                    )
                    log.info("reminder %s was already posted (ts %s); not posting again", item.key, found)
                    return "already_sent"
            ts = await self._post(channel, item)
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            status = getattr(exc.response, "status_code", None)
            log.warning(
                "reminder %s: Slack refused (%s, HTTP %s), attempt %d",
                item.key,
                error,
                status,
                claim.attempts,
            )
            return await self._release(
                item, claim, unknown=unread, detail=f"slack error: {error} (HTTP {status})"
            )
        except (_Unknown, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("reminder %s: no answer from Slack (%r), attempt %d", item.key, exc, claim.attempts)
            return await self._release(item, claim, unknown=True, detail=f"no answer from Slack: {exc!r}")
        except Exception:
            log.exception("reminder %s: unexpected error, attempt %d", item.key, claim.attempts)
            await self._release(item, claim, unknown=True, detail="unexpected error (see logs)")
            raise
        recorded = await asyncio.to_thread(
            self.ledger.mark_sent, item.key, self.clock(), channel=channel, ts=ts
        )
        if not recorded:
            log.warning(
                "reminder %s: posted, but its ledger row had passed to another replica or was purged "
                "by an unsubscribe",
                item.key,
            )
        log.info("reminder %s sent to %s%s", item.key, channel, " (late)" if item.late else "")
        return "sent"

    async def _release(self, item: Outgoing, claim: _Claim, *, unknown: bool, detail: str) -> Outcome:
        outcome = await asyncio.to_thread(
            self.ledger.release,
            item.key,
            self.clock(),
            attempts=claim.attempts,
            unknown=unknown,
            detail=detail,
        )
        if outcome == "failed":
            log.error("reminder %s: gave up after %d attempts: %s", item.key, claim.attempts, detail)
        return outcome

    async def _conversation(self, target: str) -> str:
        """The conversation id to post to and read: a DM is opened first so history can be read."""
        if not target.startswith(USER_PREFIX):
            return target
        user = target.removeprefix(USER_PREFIX)
        if user not in self._dm_channels:
            response = await self._call(self.client.conversations_open, users=user)
            self._dm_channels[user] = response["channel"]["id"]
        return self._dm_channels[user]

    async def _post(self, channel: str, item: Outgoing) -> str | None:
        response = await self._call(
            self.client.chat_postMessage,
            channel=channel,
            unfurl_links=False,
            unfurl_media=False,
            metadata={"event_type": METADATA_EVENT_TYPE, "event_payload": {"key": item.key}},
            **item.message,
        )
        return response.get("ts")

    async def _find_posted(self, channel: str, key: str, since: datetime) -> str | None:
        cursor: str | None = None
        for _ in range(HISTORY_PAGES):
            response = await self._call(
                self.client.conversations_history,
                channel=channel,
                oldest=f"{since.timestamp():.6f}",
                include_all_metadata=True,
                limit=200,
                cursor=cursor,
            )
            for message in response.get("messages") or []:
                if _metadata_key(message) == key:
                    return str(message.get("ts"))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
        return None

    async def _call(self, method: Callable[..., Awaitable[Any]], **kwargs: Any) -> Any:
        """One Web API call; 429 waits Retry-After and tries again (bounded), 5xx is 'unknown'."""
        policy = self.ledger.policy
        waited = 0.0
        arguments = {k: v for k, v in kwargs.items() if v is not None}
        for retry in range(policy.max_rate_limit_retries + 1):
            try:
                return await method(**arguments)
            except SlackApiError as exc:
                status = getattr(exc.response, "status_code", 200)
                if status >= 500:
                    raise _Unknown(f"HTTP {status}") from exc
                delay = _retry_after(exc)
                last_try = retry == policy.max_rate_limit_retries
                if status != 429 or last_try or waited + delay > policy.max_rate_limit_wait:
                    raise  # a 429 past the budget is a clean failure: nothing was posted
                log.info("Slack rate limit: waiting %.0f s (Retry-After)", delay)
                waited += delay
                await self.sleep(delay)
        raise AssertionError("unreachable: the loop returns or raises")
