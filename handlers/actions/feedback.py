"""👍/👎 under an answer: remembered (as a salted hash of the person) for the maintainers' report,
and thanked privately, so the answer others see in the channel stays as it was."""

from __future__ import annotations

from typing import Any

from bot.rendering.blocks import build_text_message
from bot.rendering.feedback import decode_feedback, rating_of
from bot.rendering.phrases import ui
from bot.slack.middleware.request_log import current_trace, set_outcome
from bot.slack.replies import runtime_of, services_of


async def feedback(
    ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any, context: Any
) -> None:
    await ack()
    runtime = runtime_of(context)
    ref = decode_feedback(action["value"])
    rating = rating_of(action["action_id"])
    user_id = body["user"]["id"]
    # The matcher is cheap and deterministic: it gives the language, places and themes to file under.
    _snapshot, answer = runtime.answer(ref.question)
    trace = current_trace()
    channel_type = trace.channel_type if trace else ""
    services_of(context).upkeep.rated(answer, rating, ref.results, user_id, channel_type)
    set_outcome("rated_up" if rating > 0 else "rated_down")
    lang = runtime.languages.get(user_id) if not ref.question.strip() else answer.language
    await respond(
        response_type="ephemeral", replace_original=False, **build_text_message(ui("feedback.thanks", lang))
    )
