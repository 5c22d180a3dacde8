"""Q&A commands: participants ask and upvote; the staff moderate (a co-facilitator in the
plenary and in their own teams, which the service checks)."""
from app.core.commands import command
from app.questions import service
from app.questions.schemas import AskSchema, PinSchema, QuestionRef

STAFF = ("facilitator", "cofacilitator")


@command("question.ask", AskSchema, ("participant",))
def question_ask(ctx, data):
    return service.ask(ctx, data)


@command("question.upvote", QuestionRef, ("participant",), burst=True)
def question_upvote(ctx, data):
    return service.upvote(ctx, data["question_id"])


@command("question.approve", QuestionRef, STAFF)
def question_approve(ctx, data):
    return service.approve(ctx, data["question_id"])


@command("question.answer", QuestionRef, STAFF)
def question_answer(ctx, data):
    return service.answer(ctx, data["question_id"])


@command("question.pin", PinSchema, STAFF)
def question_pin(ctx, data):
    return service.pin(ctx, data["question_id"], data["pinned"])


@command("question.hide", QuestionRef, STAFF)
def question_hide(ctx, data):
    return service.hide(ctx, data["question_id"])
