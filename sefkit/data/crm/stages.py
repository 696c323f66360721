"""Reading the export's stage names, loss reasons and other labels as ours.

``stages={"Closed Won": "won", "Demo": "discover"}`` says what each of the
export's stages means: one of our open stages (qualify, discover, propose,
negotiate) or an end (won, lost, no_decision, disqualified). Stages not given
are guessed from the names Salesforce- and HubSpot-style pipelines use
(:data:`STAGE_GUESSES`, matched on letters and digits only); a stage neither
given nor guessed is refused, since what it means decides the win rate.

>>> read_as(pd.Series(["Closed Won", "Negotiation/Review", "closedlost"]), {}, STAGE_GUESSES)[0]
{'Closed Won': ('won', 'guessed'), 'Negotiation/Review': ('negotiate', 'guessed'), 'closedlost': ('lost', 'guessed')}
"""

from __future__ import annotations

import pandas as pd

from ..team import (
    ACTIVITY_OUTCOMES,
    ACTIVITY_TYPES,
    CLOSED_STAGE,
    LOSS_REASONS,
    OPEN_STAGES,
    OUTCOMES,
    SOURCES,
)
from .values import key

#: What an export's stage can be read as.
STAGE_MEANINGS = (*OPEN_STAGES, *OUTCOMES)


def _keyed(guesses: dict[str, str]) -> dict[str, str]:
    return {key(k): v for k, v in guesses.items()}


#: Stage names of common CRM pipelines and what they mean. Salesforce's default
#: opportunity stages, HubSpot's default deal stages (labels and internal names),
#: common variants, and our own (``closed`` takes its outcome from an outcome column).
STAGE_GUESSES = _keyed({
    **{s: s for s in OPEN_STAGES}, **{o: o for o in OUTCOMES}, CLOSED_STAGE: CLOSED_STAGE,
    # Salesforce
    "Prospecting": "qualify", "Qualification": "qualify", "Needs Analysis": "discover",
    "Value Proposition": "discover", "Id. Decision Makers": "discover", "Perception Analysis": "propose",
    "Proposal/Price Quote": "propose", "Negotiation/Review": "negotiate", "Closed Won": "won",
    "Closed Lost": "lost",
    # HubSpot
    "Appointment Scheduled": "qualify", "Qualified To Buy": "discover", "Presentation Scheduled": "propose",
    "Decision Maker Bought-In": "propose", "Contract Sent": "negotiate",
    # common variants
    "Qualify": "qualify", "Qualified": "qualify", "Lead": "qualify", "Discovery": "discover",
    "Demo": "discover", "Solution": "discover", "Proposal": "propose", "Quote": "propose",
    "Negotiation": "negotiate", "Contract": "negotiate", "Commit": "negotiate", "Won": "won",
    "Closed - Won": "won", "Lost": "lost", "Closed - Lost": "lost", "No Decision": "no_decision",
    "Closed No Decision": "no_decision", "Closed - No Decision": "no_decision", "No Decision / Stalled": "no_decision",
    "Disqualified": "disqualified", "Closed Disqualified": "disqualified", "Closed - Disqualified": "disqualified",
    "Unqualified": "disqualified",
})
#: Loss reasons of common exports and which of ours they are (:data:`~sefkit.data.team.LOSS_REASONS`).
REASON_GUESSES = _keyed({
    **{r: r for r in LOSS_REASONS},
    "Competitor": "competitor", "Lost to Competitor": "competitor", "Competition": "competitor",
    "Price": "price", "Pricing": "price", "Too Expensive": "price",
    "Product": "product_gap", "Product Gap": "product_gap", "Missing Feature": "product_gap",
    "Features": "product_gap", "Functionality": "product_gap",
    "No Decision": "status_quo", "Status Quo": "status_quo", "Do Nothing": "status_quo",
    "Timing": "status_quo", "No Project": "status_quo",
    "Went Dark": "went_dark", "Unresponsive": "went_dark", "No Response": "went_dark", "Ghosted": "went_dark",
    "Non-Responsive": "went_dark",
    "Not a Fit": "poor_fit", "Poor Fit": "poor_fit", "Bad Fit": "poor_fit",
    "No Budget": "no_budget", "Budget": "no_budget",
})
#: Reasons that mean the buyer made no decision: a lost deal with one of them is a no-decision deal.
NO_DECISION_REASONS = ("status_quo", "went_dark")
SOURCE_GUESSES = _keyed({
    **{s: s for s in SOURCES}, "Outbound": "outbound", "Prospecting": "outbound", "Cold Call": "outbound",
    "Marketing": "marketing", "Inbound": "marketing", "Web": "marketing", "Webinar": "marketing",
    "Trade Show": "marketing", "Advertisement": "marketing", "Organic Search": "marketing",
    "Paid Search": "marketing", "Referral": "referral", "Partner": "referral", "Partner Referral": "referral",
    "Employee Referral": "referral", "Expansion": "expansion", "Upsell": "expansion", "Existing Customer": "expansion",
})
ACTIVITY_TYPE_GUESSES = _keyed({**{t: t for t in ACTIVITY_TYPES}, "Call": "call", "Phone": "call",
                                "Email": "email", "E-mail": "email", "LinkedIn": "social", "InMail": "social"})
ACTIVITY_OUTCOME_GUESSES = _keyed({**{o: o for o in ACTIVITY_OUTCOMES}, "No Answer": "no_answer",
                                   "Left Voicemail": "no_answer", "Busy": "no_answer", "Connected": "connect",
                                   "Conversation": "conversation", "Meeting Booked": "meeting",
                                   "Meeting": "meeting"})


def read_as(values: pd.Series, given: dict, guesses: dict) -> tuple[dict, list]:
    """How each distinct value of a column is read: ``{value: (ours, "given" | "guessed")}``, and the unknown ones.

    ``given`` is matched exactly first, then on letters and digits; guesses on
    letters and digits. Missing values are left out.
    """
    given_keyed = {key(k): v for k, v in given.items()}
    known, unknown = {}, []
    for value in values.dropna().unique():
        k = key(value)
        if value in given:
            known[value] = (given[value], "given")
        elif k in given_keyed:
            known[value] = (given_keyed[k], "given")
        elif k in guesses:
            known[value] = (guesses[k], "guessed")
        else:
            unknown.append(value)
    return known, unknown
