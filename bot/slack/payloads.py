"""Does a verified Slack payload have the shape the listeners rely on? Pure: a reason, or None.

Slack sends well-formed payloads, but a signed request is only as good as what signed it (a bug in a
proxy, a test tool holding the secret, a future payload version). A slash command without
`response_url`, an action without `user`, or `text` that is a list would otherwise fail deep inside
a listener with a traceback; here it is refused with one short reason instead.
"""

from __future__ import annotations

from typing import Any

_EVENT_STRINGS = ("type", "user", "text", "channel", "channel_type", "ts", "thread_ts", "subtype", "bot_id")


def payload_problem(body: Any) -> str | None:
    """Why `body` cannot be handled (one short phrase, no content from it), or None when it can."""
    if not isinstance(body, dict):
        return "payload is not an object"
    if "command" in body:
        return _command_problem(body)
    kind = body.get("type")
    if not isinstance(kind, str) and kind is not None:
        return "type is not a string"
    if kind == "event_callback":
        return _event_problem(body)
    if kind in ("block_actions", "view_submission", "view_closed", "block_suggestion", "shortcut"):
        return _interaction_problem(body, kind)
    return None


def _not_str(body: dict[str, Any], *names: str) -> str | None:
    for name in names:
        if name in body and not isinstance(body[name], str):
            return name
    return None


def _command_problem(body: dict[str, Any]) -> str | None:
    wrong = _not_str(body, "command", "text", "user_id", "channel_id", "response_url", "trigger_id")
    if wrong:
        return f"slash command field {wrong} is not a string"
    if not body.get("user_id"):
        return "slash command without user_id"
    if not str(body.get("response_url") or "").startswith(("https://", "http://")):
        return "slash command without response_url"
    return None


def _event_problem(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict):
        return "event_callback without an event object"
    wrong = _not_str(event, *_EVENT_STRINGS)
    if wrong:
        return f"event field {wrong} is not a string"
    if not isinstance(event.get("type"), str):
        return "event without a type"
    wrong = _not_str(body, "event_id", "team_id", "api_app_id")
    return f"event_callback field {wrong} is not a string" if wrong else None


def _interaction_problem(body: dict[str, Any], kind: str) -> str | None:
    user = body.get("user")
    if not isinstance(user, dict) or not isinstance(user.get("id"), str) or not user["id"]:
        return f"{kind} without a user"
    wrong = _not_str(body, "response_url", "trigger_id")
    if wrong:
        return f"{kind} field {wrong} is not a string"
    for name in ("channel", "container", "view", "message", "team"):
        if name in body and body[name] is not None and not isinstance(body[name], dict):
            return f"{kind} field {name} is not an object"
    if kind == "block_actions":
        actions = body.get("actions")
        if not isinstance(actions, list) or not actions:
            return "block_actions without actions"
        for action in actions:
            if not isinstance(action, dict) or not isinstance(action.get("action_id"), str):
                return "block_actions with a malformed action"
            if _not_str(action, "value", "block_id"):
                return "block_actions with a malformed action"
    if kind in ("view_submission", "view_closed") and not isinstance(body.get("view"), dict):
        return f"{kind} without a view"
    return None
