"""Plain words for the codes on referral routes, shared by service and pathway pages."""

from __future__ import annotations

from directory.models import Consent, RouteKind

ROUTE_KIND_TEXT = {
    RouteKind.REPORT: "reports to",
    RouteKind.REFER: "refers people to",
    RouteKind.SELF: "you can go yourself to",
    RouteKind.SIGNPOST: "tells people about",
    RouteKind.NOTIFY: "tells",
    RouteKind.ESCALATE: "passes serious risks to",
    RouteKind.PARALLEL: "works alongside",
    RouteKind.STEP_DOWN: "afterwards, can pass people on to",
}
CONSENT_TEXT = {
    Consent.NOT_NEEDED: "You do not need to agree to anything.",
    Consent.SOUGHT: "They will ask you first.",
    Consent.EXPLICIT: "Only if you agree.",
    Consent.OVERRIDE_IF_RISK: "They will usually ask you first, but may share information "
    "without your agreement if someone is at serious risk.",
    Consent.ANONYMOUS_POSSIBLE: "You can do this without giving your name.",
}


def route_kind_text(kind: str) -> str:
    """What a route of this kind does, as a verb phrase ("refers people to")."""
    return ROUTE_KIND_TEXT.get(RouteKind(kind), kind)


def consent_text(consent: str | None) -> str | None:
    """Who must agree before information moves, in a sentence; None when not recorded."""
    return CONSENT_TEXT.get(Consent(consent)) if consent else None


STEP_KIND_TEXT = {
    RouteKind.REPORT: "Report to",
    RouteKind.REFER: "Referral to",
    RouteKind.SELF: "You can go yourself to",
    RouteKind.SIGNPOST: "You may be pointed to",
    RouteKind.NOTIFY: "They may tell",
    RouteKind.ESCALATE: "If the risk is serious, passed to",
    RouteKind.PARALLEL: "At the same time:",
    RouteKind.STEP_DOWN: "Afterwards:",
}
TIMESCALE_BASIS_TEXT = {
    "statutory": "set in law",
    "code": "set by a code of practice",
    "local_policy": "local policy, so it varies by area",
    "typical": "what usually happens",
}


def step_edge_text(kind: str, number: int, label: str) -> str:
    """A pathway edge in words: "Referral to step 4: Victim support hub"."""
    return f"{STEP_KIND_TEXT.get(RouteKind(kind), kind)} step {number}: {label}"


def timescale_basis_text(basis: str) -> str:
    """Where a timescale comes from, in words."""
    return TIMESCALE_BASIS_TEXT.get(str(basis), str(basis))
