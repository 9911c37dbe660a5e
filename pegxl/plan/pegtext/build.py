"""From the parser's slots to the model: the :class:`~pegxl.model.Plan` of a text export.

Objectives that lost their header get a provisional code (``2025_ND_01``) or the code of a later
continuation page; sectors come from the objectives' centres of responsibility, or are inferred
from an abbreviated centre named in the phases (``SETT. POLIT. CULTURALI``), or created as
provisional; values are parsed the Italian way, ambiguous numbers and misplaced values reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from pegxl.findings import Code
from pegxl.i18n import T, text, tr
from pegxl.kinds import comparable, recognise
from pegxl.model import (
    Indicator,
    Link,
    Objective,
    Phase,
    Plan,
    PriorValue,
    Sector,
    indicator_id,
    phase_id,
)
from pegxl.plan.checks import short
from pegxl.plan.pegtext.lines import L_VALORE, IndB, ObjB, PhaseB, norm_key
from pegxl.plan.pegtext.parser import Parser
from pegxl.values import (
    Kind,
    ParseError,
    Value,
    format_number,
    parse_date,
    parse_number,
    parse_percent,
)

__all__ = ["Builder"]


class Builder:
    """Turns the parser's slots into the model: provisional codes for objectives whose header
    was lost, sectors from the objectives' centres (inferred when only the phases name one),
    phases and indicators with parsed values and stable ids. What it notices is added to the
    parser's findings."""

    def __init__(
        self, p: Parser, taken: set[str] | None = None, known: dict[str, Sector] | None = None
    ) -> None:
        self.p = p
        #: objective codes used elsewhere in the plan (the other exports of a merged import): a
        #: provisional code is never one of them
        self.taken = taken if taken is not None else set()
        #: the sectors of the exports read before this one: a header-less objective may belong to
        #: one of them, and a provisional sector code is never reused for another centre
        self.known = dict(known or {})

    def warn(self, code: Code, line: int | None = None, **kw: object) -> None:
        """A finding about the export at ``line``."""
        self.p.found.add(code, line=line, **kw)

    def year(self) -> int:
        """The plan's year: the one most objective codes start with, else the year in the
        report's Vista."""
        years = Counter(int(o.code[:4]) for o in self.p.objectives if o.code)
        if years:
            return years.most_common(1)[0][0]
        m = re.search(r"(20\d\d)", self.p.meta.get("vista", ""))
        return int(m.group(1)) if m else 0

    def build(self) -> Plan:
        """The plan: provisional codes for the objectives that have none, then sectors,
        objectives, phases and indicators."""
        year = self.year()
        prior_years = self.p.prior_years or [year - 1, year - 2]
        self.p.prior_years = prior_years
        n_prov = 0
        codes: list[str] = []
        taken = self.taken | {ob.code for ob in self.p.objectives if ob.code is not None}
        for ob in self.p.objectives:
            if ob.code is None:  # kept with a provisional code: the plan checks report it
                n_prov += 1
                while f"{year}_ND_{n_prov:02d}" in taken:
                    n_prov += 1
                ob.code = f"{year}_ND_{n_prov:02d}"
                taken.add(ob.code)
            elif ob.recovered_from is not None:
                self.warn(
                    Code.CODE_RECOVERED,
                    ob.line,
                    objective=ob.code,
                    title=short(ob.title),
                    from_line=ob.recovered_from,
                    row_id=ob.code,
                )
            codes.append(ob.code)
        sectors = self.sectors()
        objectives = tuple(self.objective(ob, sectors) for ob in self.p.objectives)
        used = {o.sector_code for o in objectives}
        return Plan(
            entity=self.p.entity,
            year=year,
            view=self.p.meta.get("vista", ""),
            level=self.p.meta.get("livello", ""),
            value_label=self.p.meta.get(L_VALORE, ""),
            sectors=tuple(s for s in sectors.values() if s.code in used),
            objectives=objectives,
        )

    # -- sectors ---------------------------------------------------------------------------------
    def sectors(self) -> dict[str, Sector]:
        """The sectors, by the code inside the objective codes, named after the centre most of
        their objectives give; each other spelling is reported."""
        groups: dict[str, list[ObjB]] = {}
        for ob in self.p.objectives:
            assert ob.code is not None
            if not ob.headerless or ob.recovered_from is not None:
                groups.setdefault(sector_of_code(ob.code), []).append(ob)
        out: dict[str, Sector] = {}
        for code, obs in groups.items():
            names = [o.centro for o in obs if o.centro]
            name = most_common(names)
            for o in obs:
                if o.centro and norm_key(o.centro) != norm_key(name):
                    self.warn(
                        Code.FIELD_CONFLICT,
                        o.line,
                        field="Centro di Responsabilità",
                        where=tr("where.sector", code=code),
                        a=name,
                        b=o.centro,
                        row_id=o.code,
                    )
            out[code] = Sector(
                code=code,
                name=name,
                assessorato=most_common([o.assessorato for o in obs if o.assessorato]),
                responsabile=most_common([o.responsabile for o in obs if o.responsabile]),
            )
        # objectives that never got a header: infer the sector from their phases' centres,
        # among this export's sectors and those of the exports read before it
        for code, sector in self.known.items():
            out.setdefault(code, sector)
        for ob in self.p.objectives:
            if ob.headerless and ob.recovered_from is None:
                assert ob.code is not None
                self.infer_sector(ob, out)
        return out

    def infer_sector(self, ob: ObjB, sectors: dict[str, Sector]) -> None:
        """The sector of an objective whose header was lost, from the centre its phases name (an
        abbreviation of a sector's name), or a provisional sector."""
        centres = (
            [ob.centro]
            if ob.centro
            else [ph.slots["centro"][0] for ph in ob.phases if "centro" in ph.slots]
        )
        centre = most_common(centres)
        match = [s for s in sectors.values() if centre and abbrev_matches(centre, s.name)]
        if len(match) == 1:
            ob.centro = match[0].name
            detail = tr(
                "detail.centre_matches", centre=centre, sector=match[0].code, name=match[0].name
            )
            ob_sector = match[0].code
        else:
            ob_sector = "ND"
            n = 1
            while ob_sector in sectors and norm_key(sectors[ob_sector].name) != norm_key(centre):
                n += 1
                ob_sector = f"ND{n}"
            sectors.setdefault(
                ob_sector, Sector(code=ob_sector, name=centre or text("plan.sector_unknown", "it"))
            )
            ob.centro = sectors[ob_sector].name
            detail = tr("detail.centre_unknown", centre=centre or "—", sector=ob_sector)
        ob.inferred_sector = ob_sector
        self.warn(Code.SECTOR_INFERRED, ob.line, objective=ob.code, detail=detail, row_id=ob.code)

    # -- objectives ------------------------------------------------------------------------------
    def objective(self, ob: ObjB, sectors: dict[str, Sector]) -> Objective:
        """One objective of the model, with its phases and indicators."""
        assert ob.code is not None
        code = ob.code
        sector_code = ob.inferred_sector or sector_of_code(code)
        phases = tuple(self.phase(ph, code, n) for n, ph in enumerate(ob.phases, 1))
        indicators = tuple(self.indicator(ind, code, n) for n, ind in enumerate(ob.indicators, 1))
        return Objective(
            code=code,
            title=ob.title,
            sector_code=sector_code,
            assessorato=ob.assessorato,
            responsabile=ob.responsabile,
            valore_pubblico=ob.valore_pubblico,
            mandate=ob.links.get("mandato", Link()),
            mission=ob.links.get("missione", Link()),
            program=ob.links.get("programma", Link()),
            modalita="\n".join(ob.modalita),
            stato=ob.stato,
            provisional=ob.headerless and ob.recovered_from is None,
            phases=phases,
            indicators=indicators,
            source_line=ob.line,
        )

    def phase(self, b: PhaseB, code: str, n: int) -> Phase:
        """One phase of the model: the first two date rows are planned and actual, the slots give
        weight, progress, responsabili, centro and note."""
        pid = phase_id(code, n)
        where = tr("where.phase", name=short(b.name))
        dates: list[tuple[str, str, int]] = b.date_rows[:2]
        for extra in b.date_rows[2:]:
            self.warn(Code.LINE_NOT_PLACED, extra[2], raw=" ".join(extra[:2]).strip())
        parsed: list[object] = []
        for row in dates:
            for raw in row[:2]:
                parsed.append(self.date(raw, row[2], where, pid))
        while len(parsed) < 4:
            parsed.append(None)
        ps, pe, as_, ae = parsed
        weight = self.number(b.slots.get("weight"), "Peso", where, pid, parse_number)
        progress = self.number(b.slots.get("progress"), "Avanzamento", where, pid, parse_percent)
        resp = b.slots.get("resp", ("", 0))[0]
        phase = Phase(
            id=pid,
            objective_code=code,
            name=b.name,
            planned_start=ps,  # type: ignore[arg-type]
            planned_end=pe,  # type: ignore[arg-type]
            actual_start=as_,  # type: ignore[arg-type]
            actual_end=ae,  # type: ignore[arg-type]
            weight=weight,
            progress=progress,
            responsabili=tuple(r.strip() for r in resp.split(";") if r.strip()),
            centro=b.slots.get("centro", ("", 0))[0],
            note=b.slots.get("note", ("", 0))[0],
            source_line=b.line,
        )
        return phase

    def date(self, raw: str, line: int, where: T, row_id: str) -> object:
        """A date of a phase, or ``None`` (reported) when the text is not one."""
        if not raw:
            return None
        try:
            return parse_date(raw).value
        except ParseError as e:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column=tr("field.date"),
                where=where,
                raw=raw,
                detail=e.message,
                row_id=row_id,
            )
            return None

    def number(
        self, slot: tuple[str, int] | None, column: str, where: T, row_id: str, fn: object
    ) -> float | None:
        """A weight or a progress of a phase, or ``None`` (reported) when the text is not a
        number."""
        if slot is None:
            return None
        raw, line = slot
        try:
            v = fn(raw)  # type: ignore[operator]
        except ParseError as e:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column=column,
                where=where,
                raw=raw,
                detail=e.message,
                row_id=row_id,
            )
            return None
        return float(v.value)

    def indicator(self, b: IndB, code: str, n: int) -> Indicator:
        """One indicator of the model: target, achieved and prior years parsed the Italian way,
        their kinds compared with the target's."""
        iid = indicator_id(code, n)
        where = tr("where.indicator", name=short(b.description))
        tipo = b.tipo.strip().upper()
        target = self.value(b.target, b.line, where, iid)
        achieved = self.value(b.achieved, b.line, where, iid)
        prior = []
        for year in self.p.prior_years:
            raw = b.prior.get(year)
            v = self.value(raw or "", b.line, where, iid)
            if v is None:
                continue
            prior.append(PriorValue(year, v))
            self.compare_kinds(v, target, f"Valore Raggiunto {year}", b.line, where, iid)
        if achieved is not None:
            self.compare_kinds(achieved, target, "Valore Raggiunto", b.line, where, iid)
        return Indicator(
            id=iid,
            objective_code=code,
            description=b.description,
            tipo=tipo,
            target=target,
            achieved=achieved,
            prior=tuple(prior),
            note=b.note,
            source_line=b.line,
        )

    def value(self, raw: str, line: int, where: T, row_id: str) -> Value | None:
        """A value recognised from its text; an ambiguous number is reported with how it was
        read."""
        v = recognise(raw)
        if v is not None and v.note and v.kind in (Kind.NUMBER, Kind.PERCENT):
            self.warn(
                Code.AMBIGUOUS_NUMBER,
                line,
                raw=raw,
                where=where,
                row_id=row_id,
                value=format_number(float(v.value)).replace(".", ""),  # type: ignore[arg-type]
                detail=v.note,
            )
        return v

    def compare_kinds(
        self, v: Value, target: Value | None, column: str, line: int, where: T, row_id: str
    ) -> None:
        """Report a value whose kind differs from the target's: a date where another kind is due
        is misplaced, other differences only noted."""
        if target is None or comparable(v.kind, target):
            return
        if v.kind is Kind.DATE:
            self.warn(
                Code.WRONG_COLUMN,
                line,
                column=column,
                where=where,
                raw=v.raw,
                detail=tr("detail.date_for_kind", kind=tr(f"kind.{target.kind.value}")),
                row_id=row_id,
            )
        else:
            self.warn(
                Code.PRIOR_KIND_DIFFERS,
                line,
                column=column,
                where=where,
                raw=v.raw,
                found=tr(f"kind.{v.kind.value}"),
                expected=tr(f"kind.{target.kind.value}"),
                row_id=row_id,
            )


def most_common(items: Iterable[str]) -> str:
    """The most frequent of ``items`` compared by :func:`norm_key`, as first written (``""`` for
    none)."""
    items = list(items)
    if not items:
        return ""
    counts = Counter(norm_key(x) for x in items)
    best = max(counts.values())
    return next(x for x in items if counts[norm_key(x)] == best)


def sector_of_code(objective_code: str) -> str:
    """The sector code inside an objective code: ``2025_S07_01`` -> ``S07``."""
    parts = objective_code.split("_")
    return "_".join(parts[1:-1]) if len(parts) >= 3 else parts[-1]


STOP_WORDS = {
    "sett",
    "settore",
    "serv",
    "servizio",
    "servizi",
    "ufficio",
    "uff",
    "e",
    "ed",
    "di",
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "ai",
    "a",
    "al",
    "alla",
    "per",
    "la",
    "il",
    "lo",
    "le",
    "gli",
}


def abbrev_matches(abbrev: str, name: str) -> bool:
    """``SETT. POLIT. CULTURALI E SPORT`` matches ``SETTORE POLITICHE CULTURALI E DELLO SPORT``:
    every significant word of the abbreviation is a prefix of a word of the name."""
    a = [t for t in norm_key(abbrev).split() if t not in STOP_WORDS]
    n = [t for t in norm_key(name).split() if t not in STOP_WORDS]
    return bool(a) and all(any(w.startswith(t) for w in n) for t in a)
