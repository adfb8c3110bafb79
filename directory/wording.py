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
