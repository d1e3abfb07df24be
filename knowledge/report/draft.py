"""What the user answered in one report conversation; lives only in memory."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.catalogue import t
from knowledge.report.dates import EventTime
from knowledge.reporting import is_urgent

NATIONAL_KINDS = frozenset({"kementerian", "lembaga"})


@dataclass(frozen=True)
class BodyRef:
    """A body from the knowledge store, copied so a draft does not hold store objects."""

    id: int
    name: str
    kind: str
    province: str | None


@dataclass
class Draft:
    """Everything the user answered; lives only in memory (``context.user_data``)."""

    agency: str = ""
    area: BodyRef | None = None  # the body named, or the area the agency lies in
    agency_is_body: bool = False  # the text names ``area`` itself, not a unit inside it
    what: str = ""
    form: str | None = None
    when: EventTime | None = None
    when_text: str = ""  # as typed; kept alone when no date could be read
    prior: bool | None = None
    prior_detail: str = ""
    evidence: list[str] = field(default_factory=list)
    province: str | None = None
    province_asked: bool = False
    expectation: str = ""

    @property
    def urgent(self) -> bool:
        """The story mentions a threat to life or to urgent basic needs."""
        return is_urgent(self.what)

    @property
    def national(self) -> bool:
        """The agency is a ministry or national agency itself (reported to the head office)."""
        return (
            self.agency_is_body
            and self.area is not None
            and self.area.kind in NATIONAL_KINDS
            and self.area.province is None
        )

    def agency_line(self, lang: str) -> str:
        """The agency as the draft prints it: the user's words, plus the area when known."""
        if self.area is None:
            return self.agency
        if self.agency_is_body:
            if self.area.province:
                return f"{self.area.name} ({self.area.province})"
            return self.area.name
        area = self.area.name
        if self.area.province and self.area.province not in area:
            area = f"{area}, {self.area.province}"
        return t("draft.agency_area", lang, agency=self.agency, area=area)

    def problems(self) -> list[str]:
        """Fields that must be filled before a summary makes sense."""
        missing = []
        if not self.agency.strip():
            missing.append("agency")
        if not self.what.strip():
            missing.append("what")
        return missing
