"""The learner notebooks' data and answer checks (book/learn/).

Data: numbers the course already cites, as the studies report them, each with its BibTeX key
(book/references.bib) so a notebook cites where a number comes from. Only figures checked
against the paper are here; where a paper's table could not be checked (Brinjikji's ages 60 and
70), the age is left out rather than guessed.

Checks: each exercise has a plain function that takes the learner's answer and returns a
`Feedback` (right or not, and what is wrong). A check never raises on a wrong or missing
answer, so Run All goes through a notebook whose exercises are still `...`. The expected
answers are computed from the data here (or from the catalogue), never typed twice.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
from numbers import Real

from .causes import load_catalogue
from .evidence import EVIDENCE_SCALE


# --- Data the course cites ----------------------------------------------------------------

@dataclass(frozen=True)
class PainCourse:
    """Average pain (0-100) at weeks after onset, pooled over cohorts."""
    group: str
    weeks: tuple[int, ...]
    pain: tuple[int, ...]
    source: str


# Costa et al. 2012, abstract: variance-weighted mean pain out of 100.
COSTA_PAIN = (
    PainCourse("acute", (0, 6, 26, 52), (52, 23, 12, 6), "costa2012prognosis"),
    PainCourse("persistent", (0, 6, 26, 52), (51, 33, 26, 23), "costa2012prognosis"),
)

# Henschke et al. 2008, abstract: median days to recovery, one Sydney cohort of 973 people with
# new low back pain, by what "recovered" means; and the share completely recovered at 12 months.
HENSCHKE_MEDIAN_DAYS = {"back to usual work": 14, "no disability": 31, "no pain": 58}
HENSCHKE_RECOVERED_12_MONTHS = 72  # percent
HENSCHKE_SOURCE = "henschke2008prognosis"


@dataclass(frozen=True)
class ScanFinding:
    """Percent of people with no back pain whose scan shows the finding, by age."""
    name: str
    percent: dict[int, int]  # age in years -> percent
    source: str = "brinjikji2015imaging"


# Brinjikji et al. 2015: ages 20-50 from the paper's table (as reproduced in Jorgensen et al.
# 2016, PMC4975884), age 80 from the abstract. Ages 60 and 70 are left out: not checked.
BRINJIKJI = (
    ScanFinding("disc degeneration", {20: 37, 30: 52, 40: 68, 50: 80, 80: 96}),
    ScanFinding("disc bulge", {20: 30, 30: 40, 40: 50, 50: 60, 80: 84}),
    ScanFinding("disc protrusion", {20: 29, 30: 31, 40: 33, 50: 36, 80: 43}),
    ScanFinding("annular fissure", {20: 19, 30: 20, 40: 22, 50: 23, 80: 29}),
)


@dataclass(frozen=True)
class TwoGroups:
    """A trial result: the percent with the outcome in the treated and the control group."""
    outcome: str
    treated: float
    control: float
    source: str


# CTT 2022: 19 placebo-controlled trials, 123,940 people, median follow-up 4.3 years.
CTT_MUSCLE = TwoGroups("muscle pain or weakness", 27.1, 26.6, "ctt2022statins")
CTT_RATE_RATIO = 1.03  # the paper's own analysis (95% CI 1.01 to 1.06)
CTT_YEAR_ONE_EXCESS_PER_1000 = 11  # extra reports per 1000 person-years in the first year
# Steffens 2016: risk ratio of a new bout of low back pain in the short term.
STEFFENS_RISK_RATIO = {"exercise and education": 0.55, "exercise alone": 0.65}
STEFFENS_SOURCE = "steffens2016prevention"


# --- Small calculations the notebooks teach -------------------------------------------------

def risk_difference(group: TwoGroups) -> float:
    """Treated minus control, in percentage points."""
    return group.treated - group.control


def risk_ratio(group: TwoGroups) -> float:
    return group.treated / group.control


def number_needed(difference_percent: float) -> int:
    """People treated for one more (or one fewer) event: 100 / difference, rounded up."""
    if difference_percent == 0:
        raise ValueError("a difference of 0 points has no number needed to treat or harm")
    return math.ceil(100 / abs(difference_percent))


@dataclass(frozen=True)
class Survey:
    """A cross-sectional survey as a 2 x 2 table of counts."""
    pain_sitting: int
    pain_not_sitting: int
    no_pain_sitting: int
    no_pain_not_sitting: int

    def odds_ratio(self) -> float:
        """Odds of sitting a lot with pain, over the odds without pain."""
        if 0 in (self.pain_not_sitting, self.no_pain_sitting):
            raise ValueError(f"a zero count leaves the odds ratio undefined: {self}")
        return (self.pain_sitting * self.no_pain_not_sitting) / (
            self.pain_not_sitting * self.no_pain_sitting)


def _share(name: str, value: float) -> float:
    if not 0 <= value <= 1:
        raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")
    return value


def simulate_survey(people: int = 2000, pain_share: float = 0.3, sit_if_pain: float = 0.6,
                    sit_if_no_pain: float = 0.4, seed: int = 1) -> Survey:
    """A made-up town where pain comes first and makes people sit more; sitting itself does
    nothing to pain. Then one survey asks everyone at once: pain? sits a lot?"""
    if people < 1:
        raise ValueError(f"people must be at least 1, got {people!r}")
    for name in ("pain_share", "sit_if_pain", "sit_if_no_pain"):
        _share(name, locals()[name])
    rng = random.Random(seed)
    counts = [0, 0, 0, 0]
    for _ in range(people):
        pain = rng.random() < pain_share
        sits = rng.random() < (sit_if_pain if pain else sit_if_no_pain)
        counts[(0 if pain else 2) + (0 if sits else 1)] += 1
    return Survey(*counts)


def expected_odds_ratio(sit_if_pain: float, sit_if_no_pain: float) -> float:
    """The odds ratio a very large survey of the simulated town would find."""
    odds = [_share(n, p) / (1 - _share(n, p)) for n, p in
            (("sit_if_pain", sit_if_pain), ("sit_if_no_pain", sit_if_no_pain))]
    return odds[0] / odds[1]


# --- The course catalogue as data -----------------------------------------------------------

FOR = ("recommended", "consider", "with-exercise")  # a guideline verdict in favour
AGAINST = ("against",)


def treatments():
    """The catalogue's treatments (referrals such as "ask your doctor" have no label)."""
    return [a for a in load_catalogue().actions if a.kind == "treatment"]


def label_counts() -> dict[str, int]:
    """How many treatments carry each evidence label, in the order of the scale."""
    counts = {lvl.label: 0 for lvl in EVIDENCE_SCALE}
    for action in treatments():
        counts[action.level_label] += 1
    return counts


def guideline_disagreements() -> set[str]:
    """Ids of treatments that one guideline supports and the other advises against."""
    out = set()
    for action in treatments():
        verdicts = {action.guidelines.get("nice"), action.guidelines.get("acp")}
        if verdicts & set(FOR) and verdicts & set(AGAINST):
            out.add(action.id)
    return out


# --- Feedback -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Feedback:
    correct: bool
    message: str

    def __str__(self) -> str:
        return f"{'Right' if self.correct else 'Not yet'}: {self.message}"

    def _repr_pretty_(self, printer, cycle) -> None:  # how IPython shows it under a cell
        printer.text(str(self))


NOT_ANSWERED = Feedback(False, "replace the ... with your answer, then run the cell again.")


def _number(answer, expected: float, tolerance: float, unit: str, hints=()) -> Feedback:
    """A numeric answer within `tolerance` of `expected`; `hints` are (wrong value, why)."""
    if answer is Ellipsis:
        return NOT_ANSWERED
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return Feedback(False, f"the answer should be a number, got {answer!r}.")
    if abs(answer - expected) <= tolerance:
        return Feedback(True, f"{answer:g} {unit}.".replace(" .", "."))
    for wrong, why in hints:
        if abs(answer - wrong) <= tolerance:
            return Feedback(False, why)
    direction = "too high" if answer > expected else "too low"
    return Feedback(False, f"{answer:g} is {direction}. Look again at the numbers you used.")


def _choice(answer, expected: str, options, what: str, hints=None) -> Feedback:
    if answer is Ellipsis:
        return NOT_ANSWERED
    if answer not in options:
        return Feedback(False, f"{answer!r} is not one of the {what}: {', '.join(map(repr, options))}.")
    if answer == expected:
        return Feedback(True, f"{expected}.")
    return Feedback(False, (hints or {}).get(answer, f"{answer!r} is not the one. Compare the numbers again."))


def _ids(answer, expected: set[str], what: str) -> Feedback:
    if answer is Ellipsis:
        return NOT_ANSWERED
    if isinstance(answer, str) or not hasattr(answer, "__iter__"):
        return Feedback(False, f"give a set or list of ids, got {answer!r}.")
    answer = set(answer)
    missing, extra = sorted(expected - answer), sorted(answer - expected)
    if not missing and not extra:
        return Feedback(True, f"{len(expected)} {what}: {', '.join(sorted(expected))}.")
    parts = ([f"missing {', '.join(missing)}"] if missing else []) + \
            ([f"should not include {', '.join(extra)}"] if extra else [])
    return Feedback(False, "; ".join(parts) + ".")


# --- Checks: 1. Getting better in numbers ---------------------------------------------------

def check_fall_by_6_weeks(answer) -> Feedback:
    """Percent fall in average pain from the start to 6 weeks, new (acute) pain."""
    acute = COSTA_PAIN[0]
    start, six = acute.pain[0], acute.pain[acute.weeks.index(6)]
    expected = (start - six) / start * 100
    return _number(answer, expected, 1, "percent", hints=[
        ((start - six) / start, "that is a share between 0 and 1: multiply it by 100 for percent."),
        (start - six, "that is the fall in points. Divide it by the starting score, then "
                      "multiply by 100."),
        (six / start * 100, "that is the pain left at 6 weeks as a percent of the start, "
                            "not the fall.")])


def check_gap_at_one_year(answer) -> Feedback:
    """Points between persistent and acute average pain at 52 weeks."""
    acute, persistent = COSTA_PAIN
    gap = persistent.pain[-1] - acute.pain[-1]
    start_gap = persistent.pain[0] - acute.pain[0]
    return _number(answer, gap, 0.5, "points", hints=[
        (-gap, "the sign is the wrong way round: take persistent minus acute."),
        (start_gap, "that is the gap at the start. Use the last time point, 52 weeks.")])


def check_slowest_recovery(answer) -> Feedback:
    """Which meaning of "recovered" took the longest in Henschke 2008."""
    slowest = max(HENSCHKE_MEDIAN_DAYS, key=HENSCHKE_MEDIAN_DAYS.get)
    fastest = min(HENSCHKE_MEDIAN_DAYS, key=HENSCHKE_MEDIAN_DAYS.get)
    return _choice(answer, slowest, tuple(HENSCHKE_MEDIAN_DAYS), "three meanings", hints={
        fastest: f"{fastest!r} came first, at {HENSCHKE_MEDIAN_DAYS[fastest]} days. "
                 "The question asks for the slowest."})


def check_not_recovered(answer) -> Feedback:
    """Percent not completely recovered at 12 months in Henschke 2008."""
    expected = 100 - HENSCHKE_RECOVERED_12_MONTHS
    return _number(answer, expected, 0.5, "percent", hints=[
        (HENSCHKE_RECOVERED_12_MONTHS, "that is the percent who had recovered. "
                                       "The question asks for those who had not."),
        (expected / 100, "that is a share: give it as a percent.")])


# --- Checks: 2. Scans in people with no pain ------------------------------------------------

def _finding(name: str) -> ScanFinding:
    for finding in BRINJIKJI:
        if finding.name == name:
            return finding
    raise ValueError(f"no scan finding {name!r}; there are {[f.name for f in BRINJIKJI]}")


def check_bulges_in_ten(answer) -> Feedback:
    """Of 10 people aged 50 with no back pain, how many have a disc bulge on a scan."""
    expected = _finding("disc bulge").percent[50] / 10
    return _number(answer, expected, 0.01, "in 10", hints=[
        (expected * 10, "that is the percent. The question asks how many out of 10 people."),
        (10 - expected, "that is how many do not have a bulge.")])


def check_fastest_rising(answer) -> Feedback:
    """The finding whose percent rises the most from age 20 to age 80."""
    rise = {f.name: f.percent[80] - f.percent[20] for f in BRINJIKJI}
    best = max(rise, key=rise.get)
    highest_at_80 = max(BRINJIKJI, key=lambda f: f.percent[80]).name
    hints = {name: f"{name!r} rises {rise[name]} points. Another rises more." for name in rise}
    if highest_at_80 != best:
        hints[highest_at_80] = "that one is highest at 80, but the question is about the rise."
    return _choice(answer, best, tuple(rise), "findings", hints)


def check_expected_bulges(answer) -> Feedback:
    """Disc bulges expected among 200 people aged 40 with no back pain."""
    percent = _finding("disc bulge").percent[40]
    expected = 200 * percent / 100
    return _number(answer, expected, 0.5, "people", hints=[
        (percent, "that is the percent. Multiply 200 people by the share (percent / 100)."),
        (200 - expected, "that is how many would not show a bulge.")])


def check_first_age_over_half(answer) -> Feedback:
    """First age in the table at which more than half show disc degeneration."""
    ages = _finding("disc degeneration").percent
    expected = min(age for age, percent in ages.items() if percent > 50)
    if answer is Ellipsis:
        return NOT_ANSWERED
    if answer not in ages:
        return Feedback(False, f"{answer!r} is not an age in the table: {sorted(ages)}.")
    if answer == expected:
        return Feedback(True, f"age {expected}, at {ages[expected]}%.")
    if answer > expected:
        return Feedback(False, f"at an earlier age in the table it is already over 50% "
                               f"(at {answer} it is {ages[answer]}%).")
    return Feedback(False, f"at {answer} it is {ages[answer]}%, not more than half.")


# --- Checks: 3. Risk in numbers ---------------------------------------------------------------

def check_statin_difference(answer) -> Feedback:
    """Percentage points more people on a statin reported muscle pain or weakness."""
    expected = risk_difference(CTT_MUSCLE)
    return _number(answer, expected, 0.05, "percentage points", hints=[
        (-expected, "the sign is the wrong way round: statin minus placebo."),
        (risk_ratio(CTT_MUSCLE), "that is the ratio. The question asks for the difference."),
        (CTT_MUSCLE.treated, "that is the statin group alone. Subtract the placebo group.")])


def check_statin_ratio(answer) -> Feedback:
    """Crude risk ratio: statin percent over placebo percent (2 decimals)."""
    expected = risk_ratio(CTT_MUSCLE)
    return _number(answer, expected, 0.006, "times the placebo risk", hints=[
        (risk_difference(CTT_MUSCLE), "that is the difference. Divide, do not subtract."),
        (1 / expected, "that is placebo over statin. Put the statin group on top."),
        (CTT_RATE_RATIO, "1.03 is the paper's own rate ratio from its full analysis. Here, "
                         "divide the two percents you have.")])


def check_year_one_harm(answer) -> Feedback:
    """People treated for a year for one extra report of muscle symptoms (year one)."""
    expected = 1000 / CTT_YEAR_ONE_EXCESS_PER_1000
    return _number(answer, expected, 1.0, "people treated for a year", hints=[
        (CTT_YEAR_ONE_EXCESS_PER_1000, "11 is the number of extra reports per 1000. "
                                       "Divide 1000 by it."),
        (CTT_YEAR_ONE_EXCESS_PER_1000 / 1000, "that is the extra risk per person. "
                                             "The number needed is one over it.")])


def check_helped_per_100(answer, baseline: float = 40) -> Feedback:
    """New bouts prevented per 100 people by exercise and education, if `baseline` in 100
    would have one without it (a made-up baseline, not from the study)."""
    rr = STEFFENS_RISK_RATIO["exercise and education"]
    expected = baseline - baseline * rr
    return _number(answer, expected, 0.5, "fewer people in 100", hints=[
        (baseline * rr, "that is how many still get a new bout with the programme. "
                        "Subtract it from the baseline."),
        ((1 - rr) * 100, "that is the relative fall in percent. Apply it to the baseline "
                         "of 40 in 100.")])


def check_number_needed_to_treat(answer, baseline: float = 40) -> Feedback:
    """People who need the programme for one fewer new bout (rounded up)."""
    rr = STEFFENS_RISK_RATIO["exercise and education"]
    difference = baseline - baseline * rr
    expected = number_needed(difference)
    return _number(answer, expected, 0, "people", hints=[
        (100 / difference, "round up to a whole person: you cannot treat part of one."),
        (math.floor(100 / difference), "round up, not down: rounding down overstates the benefit."),
        (difference, "that is the number helped per 100. The number needed is 100 divided by it.")])


# --- Checks: 4. Association is not cause ------------------------------------------------------

WORKED_SURVEY = Survey(pain_sitting=180, pain_not_sitting=120, no_pain_sitting=280,
                       no_pain_not_sitting=420)


def check_odds_ratio(answer, survey: Survey = WORKED_SURVEY) -> Feedback:
    expected = survey.odds_ratio()
    risk_ratio_value = (survey.pain_sitting / (survey.pain_sitting + survey.no_pain_sitting)) / (
        survey.pain_not_sitting / (survey.pain_not_sitting + survey.no_pain_not_sitting))
    return _number(answer, expected, 0.01, "", hints=[
        (1 / expected, "that is the odds ratio turned upside down. Put the odds with pain on top."),
        (risk_ratio_value, "that is a ratio of risks of pain. The question asks for odds.")])


def check_no_link_survey(answer) -> Feedback:
    """A simulated survey in which sitting and pain are not linked at all."""
    if answer is Ellipsis:
        return NOT_ANSWERED
    if not isinstance(answer, Survey):
        return Feedback(False, f"give the Survey that simulate_survey returns, got {answer!r}.")
    total = (answer.pain_sitting + answer.pain_not_sitting + answer.no_pain_sitting
             + answer.no_pain_not_sitting)
    if total < 1000:
        return Feedback(False, f"only {total} people: chance alone moves the odds ratio a lot. "
                               "Use at least 1000.")
    ratio = answer.odds_ratio()
    if 0.8 <= ratio <= 1.25:
        return Feedback(True, f"odds ratio {ratio:.2f}, close to 1: no link.")
    return Feedback(False, f"odds ratio {ratio:.2f}. For no link, people with and without pain "
                           "must sit a lot equally often: make sit_if_pain equal sit_if_no_pain.")


CAUSE_DIRECTIONS = ("sitting causes pain", "pain causes sitting", "neither")


def check_direction(answer) -> Feedback:
    """What the simulated town built in."""
    return _choice(answer, "pain causes sitting", CAUSE_DIRECTIONS, "choices", hints={
        "sitting causes pain": "look at simulate_survey: pain is drawn first, and it changes "
                               "the chance of sitting. Sitting never changes pain.",
        "neither": "there is a link in the simulation: the chance of sitting depends on pain."})


def check_expected_odds_ratio(answer) -> Feedback:
    """The odds ratio a huge survey would find with sit_if_pain 0.6 and sit_if_no_pain 0.4."""
    expected = expected_odds_ratio(0.6, 0.4)
    return _number(answer, expected, 0.01, "", hints=[
        (0.6 / 0.4, "that is a ratio of chances (risks). Turn each into odds first: p / (1 - p)."),
        (0.6 - 0.4, "that is a difference. Turn each chance into odds, then divide.")])


# --- Checks: 5. The catalogue as data ---------------------------------------------------------

def check_label_counts(answer) -> Feedback:
    """{evidence label: number of treatments}."""
    if answer is Ellipsis:
        return NOT_ANSWERED
    if not isinstance(answer, dict):
        return Feedback(False, f"give a dict of label -> count, got {type(answer).__name__}.")
    expected = label_counts()
    total = sum(expected.values())
    if {k: v for k, v in answer.items() if v} == {k: v for k, v in expected.items() if v}:
        return Feedback(True, f"{total} treatments: " +
                        ", ".join(f"{k} {v}" for k, v in expected.items()) + ".")
    if sum(answer.values()) == len(load_catalogue().actions) > total:
        return Feedback(False, f"{sum(answer.values())} in all, but there are {total} treatments. "
                               "Leave out referrals (kind 'referral'): they have no label.")
    wrong = [f"{k} ({answer.get(k, 0)}, should be {v})" for k, v in expected.items()
             if answer.get(k, 0) != v]
    unknown = sorted(set(answer) - set(expected))
    return Feedback(False, "; ".join(
        ([f"not labels on the scale: {unknown}"] if unknown else []) +
        ([f"counts differ for {', '.join(wrong)}"] if wrong else [])) + ".")


def check_disagreements(answer) -> Feedback:
    """Ids of treatments one guideline supports and the other advises against."""
    return _ids(answer, guideline_disagreements(), "treatments split the guidelines")


def check_good_share(answer) -> Feedback:
    """Percent of treatments labelled Good evidence."""
    counts = label_counts()
    good = EVIDENCE_SCALE[0].label
    expected = counts[good] / sum(counts.values()) * 100
    with_referrals = counts[good] / len(load_catalogue().actions) * 100
    return _number(answer, expected, 0.5, "percent", hints=[
        (with_referrals, "you divided by every action. Referrals have no label: divide by the "
                         "number of treatments."),
        (counts[good], "that is the count. Divide it by the number of treatments, times 100.")])


def check_acp_only(answer) -> Feedback:
    """Ids of treatments the ACP recommends that NICE gives no advice on."""
    expected = {a.id for a in treatments()
                if a.guidelines.get("acp") == "recommended" and a.guidelines.get("nice") == "none"}
    return _ids(answer, expected, "treatments the ACP recommends and NICE does not mention")


# --- Checks: Explore the models -----------------------------------------------------------

def check_load_at_20(answer) -> Feedback:
    """The modelled neck load in kg at 20 degrees (between the 15 and 30 degree points)."""
    from .posture import HANSRAJ_TABLE, neck_load_kg
    low, high = HANSRAJ_TABLE[1], HANSRAJ_TABLE[2]
    return _number(answer, neck_load_kg(20), 0.05, "kg", hints=[
        (low.kg, f"that is the {low.angle} degree point. Ask the model for 20 degrees."),
        (high.kg, f"that is the {high.angle} degree point. Ask the model for 20 degrees."),
        (neck_load_kg(20) * 2.20462, "that looks like pounds. Give kilograms.")])


def check_ratio_at_45(answer) -> Feedback:
    """How many times the upright load the model gives at 45 degrees."""
    from .posture import neck_load_kg
    expected = neck_load_kg(45) / neck_load_kg(0)
    return _number(answer, expected, 0.05, "times the upright load", hints=[
        (neck_load_kg(45), "that is the load itself. Divide it by the upright load (0 degrees)."),
        (1 / expected, "that is upright over 45 degrees. Put the 45 degree load on top.")])


def check_error_type(answer) -> Feedback:
    """The kind of error the model raises for an angle outside 0-60 degrees."""
    if answer is Ellipsis:
        return NOT_ANSWERED
    name = answer.__name__ if isinstance(answer, type) else answer
    if name == "ValueError":
        return Feedback(True, "ValueError, and its message names the bad angle.")
    return Feedback(False, f"{name!r} is not it. Run the call inside try/except Exception as err "
                           "and print type(err).__name__.")


def check_neck_causes(answer) -> Feedback:
    """Ids of the causes whose region is "neck" only."""
    return _ids(answer, {c.id for c in load_catalogue().causes if c.region == "neck"},
                "neck-only causes")


def check_alert_level(answer) -> Feedback:
    """The alert when a reader ticks "poor-posture" and the warning sign "both-legs"."""
    from .causes import LEVEL_IDS, assess
    expected = assess(["poor-posture", "both-legs"]).alert
    return _choice(answer, expected, LEVEL_IDS, "warning-sign levels", hints={
        level_id: f"{level_id!r} is not the level of the both-legs sign. Print assess(...).alert."
        for level_id in LEVEL_IDS})


def check_first_in_plan(answer) -> Feedback:
    """Name of the first treatment in the plan for "long-sitting" and "stress"."""
    from .causes import assess
    names = [a.name for a in assess(["long-sitting", "stress"]).actions]
    return _choice(answer, names[0], tuple(names), "treatments in this plan", hints={
        name: f"{name!r} is in the plan but not first: the plan lists the strongest evidence "
              "first." for name in names[1:]})


def check_slider_load(answer) -> Feedback:
    """The load in kg the slider `mine` (50 degrees) shows: the model's value at 50 degrees."""
    from .posture import neck_load_kg
    return _number(answer, neck_load_kg(50), 0.05, "kg, the same as neck_load_kg(50)", hints=[
        (50, "that is the angle. Read the slider's load_kg.")])
