"""Self-assessment commands: the facilitator runs the lifecycle, participants answer."""
from app.assessment import service
from app.assessment.schemas import AssessmentOpenSchema, AssessmentRef, AssessmentSaveSchema
from app.core.commands import command

RUNS = ("facilitator",)


@command("assessment.open", AssessmentOpenSchema, RUNS)
def assessment_open(ctx, data):
    return service.open_assessment(ctx, data["item_id"], data.get("due_at"))


@command("assessment.close", AssessmentRef, RUNS)
def assessment_close(ctx, data):
    return service.close_assessment(ctx, data["run_id"])


@command("assessment.reveal", AssessmentRef, RUNS)
def assessment_reveal(ctx, data):
    return service.reveal_assessment(ctx, data["run_id"])


@command("assessment.save", AssessmentSaveSchema, ("participant",))
def assessment_save(ctx, data):
    return service.save_assessment(ctx, data)
