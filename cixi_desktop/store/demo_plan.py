"""The demo ledger's plan: who, what, how much, on which dates, through which moves.

Everything is decided here in pure Python from one seeded random generator, so the demo
is the same on every run; ``demo.py`` then replays the plan through the services. The
figures the 2019 article gives are met by construction: counts of enterprises by part,
investment scaled to its target, equipment shares scaled so the year's subsidy rules give
just over 3.7 亿元, and a few grants trimmed by the bureau (overrides with a reason).
"""

from __future__ import annotations

import math
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any

from cixi_desktop.domain.errors import ValidationError
from cixi_desktop.domain.reference import Town, load_towns
from cixi_desktop.domain.subsidy import SubsidyRuleSet, compute_subsidy
from cixi_desktop.domain.uscc import make_uscc
from cixi_desktop.domain.workflow import Status
from cixi_desktop.store import demo_words as words
from cixi_desktop.store.services.projects import StatusMove

SEED = 20181231
AS_OF = date(2019, 9, 30)
YEARS = (2017, 2018, 2019)
PLANNED_ENTERPRISES = {2017: 300, 2018: 400, 2019: 450}
PLANNED_INVESTMENT = {2017: 400_000, 2018: 500_000, 2019: 550_000}  # 万元
SUBSIDY_TOTAL = Decimal("37000.00")  # 2017–2018, 万元
INVESTMENT_TARGET = 975_000  # 2017–2018, 万元: "近 100 亿元"
INVESTMENT_RANGE = (Decimal(950_000), Decimal(1_000_000))
OVERRIDE_REASON = "经局务会研究，按专项资金额度统筹核定"
# Stored timestamps are naive UTC; the demo's office hours are 慈溪 local time.
UTC_OFFSET = timedelta(hours=8)

# Batch meetings: acceptance by 经信局, payment by 财政局 (any plan year that is ready).
ACCEPTANCE_ROUNDS = tuple(
    date.fromisoformat(d)
    for d in [
        "2017-11-16",
        "2018-03-22",
        "2018-06-14",
        "2018-09-20",
        "2018-11-15",
        "2019-03-21",
        "2019-06-13",
        "2019-09-12",
    ]
)
PAYMENT_ROUNDS = tuple(
    date.fromisoformat(d)
    for d in [
        "2018-01-25",
        "2018-05-17",
        "2018-08-23",
        "2018-12-13",
        "2019-04-18",
        "2019-07-25",
        "2019-09-26",
    ]
)

# How many enterprises play which part (see _plan_jobs).
COMPLETED_2018 = 722
BOTH_YEARS = 140  # of the 722, also completed a 2017 project
ONLY_2017 = 170
ONLY_2019 = 60
SECOND_2018 = (58, 6)  # second 2018 project: completed, terminated
SECOND_2017 = (27, 3)
TERMINATED_ONLY = {2017: 2, 2018: 4}  # enterprises whose only project was terminated
PROJECTS_2019 = 240
# Final fates among completed 2017/2018 projects (the rest are accepted and paid).
FATES = {
    2017: {"hold": 4, "reject_end": 1, "rectify_end": 1, "reaccept": 9},
    2018: {"hold": 130, "late": 60, "reject_end": 6, "rectify_end": 7, "reaccept": 12},
}
FATES_2019 = {"stop_planned": 5, "stop_building": 5, "planned": 60, "complete": 50}

CATEGORY_WEIGHTS = {
    "robot": 30,
    "automation": 18,
    "line": 24,
    "digital_workshop": 12,
    "smart_factory": 4,
    "cloud": 7,
    "other": 5,
}
CATEGORY_SIZE = {
    "robot": 0.7,
    "automation": 0.93,
    "line": 1.07,
    "digital_workshop": 1.45,
    "smart_factory": 2.4,
    "cloud": 0.48,
    "other": 0.7,
}
# Project size before scaling to the investment target: a floor (the ledger takes no
# tiny projects; 2017's threshold was higher) plus a log-normal, with some line and
# workshop projects drawn from a much larger one. 2017 had fewer, bigger projects
# than the 2018 push.
SIZE_FLOOR = {2017: 280, 2018: 120, 2019: 120}
SIZE_MEDIAN = {2017: 300, 2018: 200, 2019: 200}
SIZE_SIGMA = 0.9
TAIL_SHARE, TAIL_TIMES = 0.18, 8
TAIL_CATEGORIES = frozenset({"automation", "line", "digital_workshop", "smart_factory"})
EQUIPMENT_SHARE = {
    "robot": (0.75, 0.92),
    "automation": (0.7, 0.9),
    "line": (0.6, 0.85),
    "digital_workshop": (0.55, 0.8),
    "smart_factory": (0.45, 0.7),
    "cloud": (0.35, 0.7),
    "other": (0.6, 0.85),
}
FLAGSHIPS = 12  # projects of 1–2.6 亿元


# --- the plan --------------------------------------------------------------------------


@dataclass(eq=False)
class PoolProvider:
    raw: dict[str, object]
    roles: tuple[str, ...]
    since: int
    weight: float
    joined: datetime
    row_id: uuid.UUID | None = None
    # The row itself is kept: the batch session's identity map holds objects weakly, and
    # a row still in it spares the services a SELECT for every project that names it.
    row: object = None


@dataclass(eq=False)
class Firm:
    raw: dict[str, object]
    former: tuple[str, ...]
    cluster: str
    industry: words.Industry
    above: bool
    scale: float
    joined: datetime | None = None
    row_id: uuid.UUID | None = None
    row: object = None  # kept for the identity map, as for PoolProvider


@dataclass(eq=False)
class Job:
    """One project: what it is, and the steps it goes through."""

    index: int
    firm: Firm
    year: int
    fate: str
    category: str = ""
    flagship: bool = False
    size: float = 0.0
    share: float = 0.0
    total: Decimal = Decimal(0)
    equipment: Decimal = Decimal(0)
    raw: dict[str, object] = field(default_factory=dict)
    providers: list[tuple[PoolProvider, str]] = field(default_factory=list)
    steps: list[tuple[datetime, str, Any]] = field(default_factory=list)
    subsidy: Decimal | None = None
    override: Decimal | None = None
    row_id: uuid.UUID | None = None
    version: int = 0

    @property
    def created(self) -> datetime:
        return self.steps[0][0]

    @property
    def grant_at(self) -> datetime | None:
        return next((at for at, kind, _ in self.steps if kind == "grant"), None)

    @property
    def counted(self) -> bool:
        """In the 2017–2018 investment and subsidy figures (not terminated)."""
        return self.year in (2017, 2018) and not self.fate.startswith("stop")


@dataclass
class DemoPlan:
    providers: list[PoolProvider]
    firms: list[Firm]
    jobs: list[Job]
    annual: list[tuple[datetime, int, str, int, Decimal]]


def _workday(d: date, step: int = 1) -> date:
    while d.weekday() >= 5:
        d += timedelta(days=step)
    return d


def _moment(rng: random.Random, day: date, after: datetime | None = None) -> datetime:
    """A moment in office hours on ``day`` (or the next workday), strictly after ``after``."""
    day = _workday(day)
    if after is not None and day <= after.date():
        return after + timedelta(minutes=rng.randint(3, 40))
    return datetime.combine(day, time(9)) + timedelta(minutes=rng.randrange(8 * 60))


def _days(d: date, low: int, high: int, rng: random.Random) -> date:
    return d + timedelta(days=rng.randint(low, high))


def document_no(office: str, d: date) -> str:
    # Document numbers grow through the year, as a registry's do.
    return f"{office}〔{d.year}〕{8 + d.timetuple().tm_yday * 2 // 5}号"


def _split(total: int, weights: dict[str, float]) -> dict[str, int]:
    """``total`` shared in proportion to ``weights`` (largest remainder, exact sum)."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    shares = {k: math.floor(v) for k, v in exact.items()}
    left = total - sum(shares.values())
    for k in sorted(exact, key=lambda k: (shares[k] - exact[k], k))[:left]:
        shares[k] += 1
    return shares


def _amount(value: float) -> Decimal:
    """An investment figure as a ledger shows it: whole 万元 above 1000, else 0.1."""
    step = Decimal(1) if value >= 1000 else Decimal("0.1")
    return Decimal(value).quantize(step, ROUND_HALF_UP).quantize(Decimal("0.01"))


def _plan_providers(rng: random.Random) -> list[PoolProvider]:
    used: set[str] = set()
    result = []
    kinds = [kind for kind in words.PROVIDER_KINDS for _ in range(kind.count)]
    rng.shuffle(kinds)
    # A first batch of providers entered the pool in 2017, the rest in 2018.
    for n, kind in enumerate(kinds):
        since = 2017 if n < 26 else 2018
        raw: dict[str, object] = {
            "name": words.provider_name(rng, kind, used),
            "uscc": make_uscc("91330282" + words.org_code(rng, recent=rng.random() < 0.6)),
            "town_code": rng.choice(("330282004", "330282005", "330282006", "330282402")),
            "specialty": kind.specialty,
            "contact": words.person_name(rng),
            "phone": words.phone_number(rng),
            "notes": f"{since} 年{'首批' if since == 2017 else '第二批'}入库智能制造工程服务公司",
        }
        joined = _moment(rng, _days(date(since, 1, 8), 0, 10, rng))
        result.append(PoolProvider(raw, kind.roles, since, rng.uniform(0.4, 3.0), joined))
    return result


def _above_scale_year(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.35:
        return rng.randint(2003, 2010)
    if roll < 0.55:
        return 2011  # the 规上 threshold rose to 2000 万元 in 2011
    if roll < 0.9:
        return rng.randint(2012, 2016)
    return 2017 if roll < 0.96 else 2018


def _plan_firm(
    rng: random.Random, towns: list[Town], *, above: bool, year: int | None, names: set[str]
) -> Firm:
    town = rng.choices(towns, weights=[words.TOWN_WEIGHTS[t.code] for t in towns])[0]
    favourite = words.TOWN_FAVOURITES.get(town.code)
    if favourite and rng.random() < 0.35:
        cluster = favourite
    else:
        clusters = list(words.CLUSTER_WEIGHTS)
        cluster = rng.choices(clusters, weights=list(words.CLUSTER_WEIGHTS.values()))[0]
    industry = rng.choice(words.INDUSTRIES[cluster])
    scale = (
        rng.lognormvariate(math.log(1.17), 0.21)
        if above
        else rng.lognormvariate(math.log(0.7), 0.18)
    )
    name = words.company_name(rng, industry, large=above and scale > 1.15, used=names)
    raw: dict[str, object] = {
        "name": name.name,
        "uscc": make_uscc("91330282" + words.org_code(rng, recent=rng.random() < 0.25)),
        "town_code": town.code,
        "cluster_code": cluster,
        "division_code": industry.division,
        "above_scale": year is not None,
        "above_scale_year": year,
        "contact": words.person_name(rng),
        "phone": words.phone_number(rng),
        "address": words.address(rng, town.name, town.is_zone),
    }
    former = (name.former,) if name.former else ()
    return Firm(raw, former, cluster, industry, above, scale)


def _plan_jobs(rng: random.Random, towns: list[Town]) -> tuple[list[Firm], list[Job]]:
    """Enterprises and their projects, each with the fate it reaches by ``AS_OF``."""
    names: set[str] = set()

    def firm(kind: str) -> Firm:
        if kind == "covered":  # 规上 firms must be among those with a completed project
            above = rng.random() < 0.66
            return _plan_firm(
                rng, towns, above=above, year=_above_scale_year(rng) if above else None, names=names
            )
        if kind == "new2019":
            above = rng.random() < 0.25
            return _plan_firm(rng, towns, above=above, year=2019 if above else None, names=names)
        return _plan_firm(rng, towns, above=False, year=None, names=names)

    firms_2018 = [firm("covered") for _ in range(COMPLETED_2018)]
    firms_2017 = rng.sample(firms_2018, BOTH_YEARS) + [firm("covered") for _ in range(ONLY_2017)]
    jobs: list[Job] = []

    def job(f: Firm, year: int, fate: str) -> None:
        jobs.append(Job(len(jobs), f, year, fate))

    for year, main, (done, stopped) in (
        (2017, firms_2017, SECOND_2017),
        (2018, firms_2018, SECOND_2018),
    ):
        for f in main:
            job(f, year, "done")
        bigger = sorted(main, key=lambda f: -f.scale)[: len(main) // 3]
        for n, f in enumerate(rng.sample(bigger, done + stopped)):
            job(f, year, "done" if n < done else rng.choice(("stop_planned", "stop_building")))
        for _ in range(TERMINATED_ONLY[year]):
            job(firm("terminated"), year, rng.choice(("stop_planned", "stop_building")))
        finished = [j for j in jobs if j.year == year and j.fate == "done"]
        chosen = rng.sample(finished, sum(FATES[year].values()))
        for fate, count in FATES[year].items():
            for j in chosen[:count]:
                j.fate = fate
            chosen = chosen[count:]

    returning = rng.sample(list(dict.fromkeys(firms_2017 + firms_2018)), PROJECTS_2019 - ONLY_2019)
    firms_2019 = returning + [firm("new2019") for _ in range(ONLY_2019)]
    rng.shuffle(firms_2019)
    fates = [f for f, n in FATES_2019.items() for _ in range(n)]
    fates += ["building"] * (PROJECTS_2019 - len(fates))
    for f, fate in zip(firms_2019, fates, strict=True):
        job(f, 2019, fate)

    firms = list(dict.fromkeys(j.firm for j in jobs))
    return firms, jobs


def _plan_amounts(rng: random.Random, jobs: list[Job]) -> None:
    """Category, size and total investment, scaled so 2017–2018 lands near the target."""
    categories = list(CATEGORY_WEIGHTS)
    for j in jobs:
        j.category = rng.choices(categories, weights=list(CATEGORY_WEIGHTS.values()))[0]
        tail = j.category in TAIL_CATEGORIES and rng.random() < TAIL_SHARE
        median = SIZE_MEDIAN[j.year] * (TAIL_TIMES if tail else 1)
        spread = rng.lognormvariate(math.log(median), SIZE_SIGMA)
        size = SIZE_FLOOR[j.year] + spread * CATEGORY_SIZE[j.category] * j.firm.scale
        j.size = min(size, 8_000.0)
        j.share = rng.uniform(*EQUIPMENT_SHARE[j.category])
    big = [
        j for j in jobs if j.counted and j.firm.above and j.firm.scale > 1.17 and j.fate == "done"
    ]
    for n, j in enumerate(rng.sample(big, FLAGSHIPS)):
        j.flagship = True
        j.category = "smart_factory" if n < 8 else "digital_workshop"
        j.size = rng.uniform(10_000, 26_000)
        j.share = rng.uniform(*EQUIPMENT_SHARE[j.category])
    fixed = sum(j.size for j in jobs if j.counted and j.flagship)
    scalable = sum(j.size for j in jobs if j.counted and not j.flagship)
    factor = (INVESTMENT_TARGET - fixed) / scalable
    for j in jobs:
        j.total = _amount(j.size if j.flagship else j.size * factor)


# --- schedule: the dates each project goes through ----------------------------------------


def _round_after(rounds: tuple[date, ...], day: date, skip: bool = False) -> date | None:
    later = [r for r in rounds if r >= day]
    if skip and len(later) > 1:
        later = later[1:]
    return later[0] if later and later[0] <= AS_OF else None


def _outcomes(rng: random.Random, j: Job) -> dict[str, object]:
    people = float(j.total) ** 0.55 * rng.uniform(0.3, 0.9)
    if j.category == "cloud":
        people *= 0.3

    def pct(low: float, high: float) -> Decimal:
        return Decimal(str(round(rng.uniform(low, high), 1)))

    return {
        "labour_reduction": max(2, round(people)),
        "productivity_gain_pct": pct(12, 65),
        "defect_reduction_pct": pct(8, 55),
        "energy_reduction_pct": pct(3, 25),
    }


class _Diary:
    """Writes down one project's steps, each at an office-hours moment after the last."""

    def __init__(self, rng: random.Random, job: Job) -> None:
        self.rng, self.job = rng, job

    def add(self, kind: str, day: date, payload: object = None) -> date:
        steps = self.job.steps
        at = _moment(self.rng, day, steps[-1][0] if steps else None)
        if at.date() > AS_OF:
            raise AssertionError(f"demo plan: {kind} of a {self.job.year} project after {AS_OF}")
        steps.append((at, kind, payload))
        return at.date()

    def move(self, day: date, move: StatusMove) -> date:
        return self.add("move", day, move)

    def days(self, d: date, low: int, high: int) -> date:
        return _days(d, low, high, self.rng)

    def terminate(self, day: date) -> None:
        reason = self.rng.choice(words.TERMINATION_REASONS)
        self.move(
            day,
            StatusMove(Status.TERMINATED, reason=reason, document_no=document_no("慈经信", day)),
        )


def _schedule(rng: random.Random, j: Job) -> None:
    """The project's life up to ``AS_OF``: declared, started, completed, accepted, paid."""
    diary, y = _Diary(rng, j), j.year
    created = diary.add("create", diary.days(date(y, 1, 22), 0, 98))
    planned_start = diary.days(created, 10, 75)
    if j.fate == "planned":  # to start in the fourth quarter
        planned_start = diary.days(date(y, 10, 8), 0, 35)
    planned_done = min(diary.days(planned_start, 120, 300), date(y, 12, 20))
    j.raw["planned_start_date"] = planned_start
    j.raw["planned_completion_date"] = planned_done
    if j.fate == "planned":
        return
    if j.fate == "stop_planned":
        diary.terminate(min(diary.days(created, 40, 160), AS_OF - timedelta(days=10)))
        return

    latest = date(2019, 5, 31) if j.fate == "complete" else min(date(y, 9, 30), date(2019, 8, 31))
    start = min(max(diary.days(planned_start, -20, 40), date(y, 1, 2)), latest)
    diary.move(
        max(diary.days(start, 1, 10), created),
        StatusMove(Status.IN_PROGRESS, actual_start_date=start),
    )
    if j.fate == "building":
        return
    if j.fate == "stop_building":
        diary.terminate(min(diary.days(start, 60, 200), AS_OF - timedelta(days=5)))
        return

    done = min(diary.days(start, 90, 270), date(2019, 9, 5) if y == 2019 else date(y, 12, 28))
    reported = diary.days(done, 2, 20)
    diary.add("outcomes", reported, _outcomes(rng, j))
    diary.move(reported, StatusMove(Status.COMPLETED, actual_completion_date=done))
    if j.fate not in ("hold", "complete"):
        _accept_and_pay(diary, done)


def _accept_and_pay(diary: _Diary, done: date) -> None:
    j, rng = diary.job, diary.rng
    if j.fate == "late":  # papers complete only for the last round before AS_OF
        meeting = _round_after(ACCEPTANCE_ROUNDS, date(2019, 9, 1))
    else:
        meeting = _round_after(ACCEPTANCE_ROUNDS, done + timedelta(days=25), rng.random() < 0.15)
    if meeting is None:
        return
    result = rng.choice(words.ACCEPTANCE_RESULTS[:2])
    if j.fate in ("reject_end", "rectify_end", "reaccept"):
        rejected = StatusMove(
            Status.REJECTED,
            acceptance_date=meeting,
            acceptance_result="验收不通过",
            reason=rng.choice(words.REJECTION_REASONS),
            document_no=document_no("慈经信", meeting),
        )
        diary.move(diary.days(meeting, 1, 6), rejected)
        if j.fate == "reject_end":
            return
        fixed = diary.days(meeting, 10, 25)
        diary.move(fixed, StatusMove(Status.RECTIFYING, reason=rng.choice(words.RECTIFY_REASONS)))
        meeting = _round_after(ACCEPTANCE_ROUNDS, fixed + timedelta(days=30))
        if j.fate == "rectify_end" or meeting is None:
            return
        result = words.ACCEPTANCE_RESULTS[2]
    accepted = StatusMove(
        Status.ACCEPTED,
        acceptance_date=meeting,
        acceptance_result=result,
        document_no=document_no("慈经信", meeting),
    )
    recorded = diary.move(diary.days(meeting, 1, 6), accepted)
    granted = diary.add("grant", diary.days(recorded, 3, 12))
    # Payment amounts are filled in once the subsidy is settled (_settle_payments).
    first = _round_after(PAYMENT_ROUNDS, granted + timedelta(days=15))
    if first is None:
        return
    second = _round_after(PAYMENT_ROUNDS, first + timedelta(days=1))
    if second is not None and rng.random() < 0.3:
        share = rng.choice((Decimal("0.6"), Decimal("0.7")))
        diary.add("pay", diary.days(first, 0, 2), (first, share, words.FIRST_PAYMENT))
        diary.add("pay", diary.days(second, 0, 2), (second, None, words.REST_PAYMENT))
        last = second
    else:
        diary.add("pay", diary.days(first, 0, 2), (first, None, words.WHOLE_PAYMENT))
        last = first
    diary.move(last, StatusMove(Status.PAID, document_no=document_no("慈财企", last)))


def _assign_providers(rng: random.Random, jobs: list[Job], pool: list[PoolProvider]) -> None:
    def pick(role: str, year: int, taken: list[PoolProvider]) -> PoolProvider:
        able = [p for p in pool if role in p.roles and p.since <= year and p not in taken]
        return rng.choices(able, weights=[p.weight for p in able])[0]

    for j in jobs:
        if j.category in ("digital_workshop", "smart_factory"):
            first = "总包" if rng.random() < 0.7 else "软件实施"
            second_odds, seconds = 0.7, ("软件实施", "咨询诊断")
        elif j.category == "cloud":
            first, second_odds, seconds = "软件实施", 0.3, ("咨询诊断",)
        else:
            first = "设备供应" if rng.random() < 0.6 else "总包"
            second_odds, seconds = 0.35, ("软件实施", "咨询诊断")
        lead = pick(first, j.year, [])
        j.providers = [(lead, first)]
        if rng.random() < second_odds:
            role = rng.choice(seconds)
            j.providers.append((pick(role, j.year, [lead]), role))
    # Every provider of the pool worked on at least one 2017–2018 project.
    used = {p for j in jobs if j.counted for p, _ in j.providers}
    for p in pool:
        if p not in used:
            spare = [j for j in jobs if j.counted and j.year >= p.since and len(j.providers) == 1]
            rng.choice(spare).providers.append((p, p.roles[0]))


# --- subsidy: computed by the year's rules, landed on the total by a few overrides ----------


def _grants(jobs: list[Job]) -> list[Job]:
    """Projects granted a subsidy, in the order the grants are made."""
    return sorted((j for j in jobs if j.grant_at), key=lambda j: (j.grant_at, j.index))


def _equipment(j: Job, factor: float) -> Decimal:
    value = min(j.share * factor, 0.95) * float(j.total)
    return Decimal(value).quantize(Decimal("0.1"), ROUND_HALF_UP).quantize(Decimal("0.01"))


def _computed(
    grants: list[Job], rules: dict[int, SubsidyRuleSet], categories: dict[str, str], factor: float
) -> list[Decimal]:
    # The per-enterprise cap counts what the enterprise was granted before in that year.
    granted: dict[tuple[Firm, int], Decimal] = defaultdict(Decimal)
    amounts = []
    for j in grants:
        result = compute_subsidy(
            rules[j.year],
            equipment_investment=_equipment(j, factor),
            total_investment=j.total,
            category=categories[j.category],
            enterprise_granted=granted[j.firm, j.year],
        )
        granted[j.firm, j.year] += result.amount
        amounts.append(result.amount)
    return amounts


def _settle_subsidy(
    rng: random.Random,
    jobs: list[Job],
    rules: dict[int, SubsidyRuleSet],
    categories: dict[str, str],
) -> None:
    """Equipment shares scaled so the rules give just over the total; overrides trim the rest."""
    grants = [j for j in _grants(jobs) if j.counted]
    target = SUBSIDY_TOTAL * Decimal("1.01")
    low, high = 0.3, 1.6
    for _ in range(24):
        middle = (low + high) / 2
        if sum(_computed(grants, rules, categories, middle)) >= target:
            high = middle
        else:
            low = middle
    for j in jobs:
        j.equipment = _equipment(j, high)
    amounts = _computed(grants, rules, categories, high)
    for j, amount in zip(grants, amounts, strict=True):
        j.subsidy = amount
    excess = sum(amounts) - SUBSIDY_TOTAL
    per_firm_year = Counter((j.firm, j.year) for j in grants)
    # Trim a few larger grants, each of an enterprise with one grant that year, so no
    # other grant's per-enterprise cap depends on a trimmed amount.
    trimmable = [
        j
        for j in grants
        if per_firm_year[j.firm, j.year] == 1 and j.subsidy is not None and j.subsidy >= 100
    ]
    for j in rng.sample(trimmable, len(trimmable)):
        if excess <= 0:
            break
        assert j.subsidy is not None
        share = Decimal(rng.randint(10, 25)) / 100
        cut = min(excess, (j.subsidy * share).quantize(Decimal(1), ROUND_DOWN))
        j.override = j.subsidy - cut
        excess -= cut
    if excess != 0:
        # Only when staff have edited the rule sets far from the shipped ones.
        raise ValidationError.single(
            "subsidy_rules",
            "补助规则",
            f"按数据库中现行的补助规则，演示数据的核定补助无法合计为 {SUBSIDY_TOTAL} 万元",
        )
    for j in jobs:
        _settle_payments(j)


def _settle_payments(j: Job) -> None:
    """Payment amounts: the approved subsidy, in one stage or a first share plus the rest."""
    approved = j.override if j.override is not None else j.subsidy
    stages = [n for n, step in enumerate(j.steps) if step[1] == "pay"]
    if approved is None or approved <= 0:
        # Below the rule's threshold: accepted, with nothing to pay.
        j.steps = [s for s in j.steps if s[1] != "pay" and not _is_paid_move(s)]
        return
    left = approved
    for k, n in enumerate(stages):
        at, _, (paid_on, share, note) = j.steps[n]
        amount = left if k == len(stages) - 1 else (approved * share).quantize(Decimal("0.01"))
        left -= amount
        j.steps[n] = (at, "pay", (paid_on, amount, note))


def _is_paid_move(step: tuple[datetime, str, Any]) -> bool:
    return step[1] == "move" and step[2].target == Status.PAID


def _describe(rng: random.Random, j: Job) -> None:
    name, product = words.project_name(rng, j.firm.cluster, j.firm.industry, j.category)
    machines = max(2, min(120, int(float(j.equipment) / rng.uniform(30, 70))))
    j.raw |= {
        "name": name,
        "plan_year": j.year,
        "category_code": j.category,
        "content": words.project_content(rng, j.firm.cluster, j.category, product, machines),
        "total_investment": j.total,
        "equipment_investment": j.equipment,
    }
    if j.flagship:
        j.raw["notes"] = "宁波市重点技术改造项目"


def _plan_annual(
    rng: random.Random, towns: list[Town]
) -> list[tuple[datetime, int, str, int, Decimal]]:
    weights = {t.code: words.TOWN_WEIGHTS[t.code] for t in towns}
    rows = []
    for year in YEARS:
        counts = _split(PLANNED_ENTERPRISES[year], weights)
        money = _split(PLANNED_INVESTMENT[year] // 100, weights)
        at = _moment(rng, date(year, 1, 10))
        for code in weights:
            rows.append((at, year, code, counts[code], Decimal(money[code] * 100)))
            at += timedelta(minutes=rng.randint(1, 4))
    return rows


def build_plan(rules: dict[int, SubsidyRuleSet], categories: dict[str, str]) -> DemoPlan:
    master = random.Random(SEED)

    def stream() -> random.Random:
        return random.Random(master.getrandbits(64))

    towns = [t for t in load_towns() if t.valid_on(date(2017, 1, 1))]
    pool = _plan_providers(stream())
    firms, jobs = _plan_jobs(stream(), towns)
    _plan_amounts(stream(), jobs)
    rng = stream()
    for j in jobs:
        _schedule(rng, j)
    rng = stream()
    for f in firms:
        first = min(j.created for j in jobs if j.firm is f)
        # Registered on a workday before its first project was entered.
        f.joined = _moment(rng, _workday(_days(first.date(), -12, -1, rng), step=-1))
    _assign_providers(stream(), jobs, pool)
    _settle_subsidy(stream(), jobs, rules, categories)
    rng = stream()
    for j in jobs:
        _describe(rng, j)
    total = sum((j.total for j in jobs if j.counted), Decimal(0))
    if not INVESTMENT_RANGE[0] <= total < INVESTMENT_RANGE[1]:
        raise AssertionError(f"demo plan: 2017–2018 investment {total} out of range")
    return DemoPlan(pool, firms, jobs, _plan_annual(stream(), towns))
