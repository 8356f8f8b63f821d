"""`assess` and `ruleset`: the assessment and the force ruleset."""

from __future__ import annotations

from electionplan.cli.output import add_edition_options, edition_request, open_plan, print_json
from electionplan.domain.timefmt import fmt_date, fmt_datetime, parse_date


def cmd_assess(args) -> int:
    from electionplan.services.editions import assessed_edition

    as_at = parse_date(args.as_at, "as-at date") if args.as_at else None
    with open_plan(args.plan) as plan:
        view = assessed_edition(plan, edition_request(args), args.ruleset, as_at)
    data = view.assessment.to_dict()
    if args.json:
        print_json(data)
        return 0
    r = data["ruleset"]
    print(f"Ruleset: {r['name']} {r['version']} (sha256 {r['hash'][:12]}), as at {fmt_date(parse_date(data['as_at']))}")
    if data["candidates"]:
        print("\nCandidates")
    for c in data["candidates"]:
        print(f"  {c['level'].replace('_', ' '):<10} {c['score']:>5g}  {c['name']}")
    whole = view.policy.whole
    if whole:
        _print_flashpoints(data)
    else:  # "Flashpoints (0)" and "No shortfalls" would mislead: they are withheld, not absent
        from electionplan.report.editions import ASSESSMENT_WITHHELD

        print(f"\n{ASSESSMENT_WITHHELD}")
        _print_count_presence(data)
    rags = {k: sum(1 for s in data["stations"] if s["rag"] == k) for k in ("red", "amber", "green")}
    print(f"\nPolling stations: {rags['red']:,} red, {rags['amber']:,} amber, {rags['green']:,} green")
    for s in data["stations"]:
        if s["rag"] != "green":
            print(f"  {s['rag']:<6} {s['name']}: {' '.join(s['reasons'])}")
    if whole:
        _print_demand(data)
    return 0


def _print_flashpoints(data: dict) -> None:
    from electionplan.domain.timefmt import parse_time

    print(f"\nFlashpoints ({len(data['flashpoints']):,})")
    for e in data["flashpoints"]:
        print(f"  {e['score']:>3g} {e['level'].replace('_', ' '):<10} {fmt_datetime(parse_time(e['start']))}  {e['name']}")
        for reason in e["reasons"]:
            print(f"       - {reason}")
        print(f"       Presence: {e['presence']['description']}")


def _print_count_presence(data: dict) -> None:
    from electionplan.domain.timefmt import parse_time

    for e in data["events"]:
        if e.get("presence"):
            print(f"  {fmt_datetime(parse_time(e['start']))}  {e['name']}: {e['presence']['description']}")


def _print_demand(data: dict) -> None:
    from electionplan.domain.display import plural

    print("\nOfficer demand against capacity")
    for d in data["demand"]:
        if d["officers_required"] or d["shortfall"]:
            flag = f"  SHORT BY {d['shortfall']:,}" if d["shortfall"] else ""
            print(f"  {fmt_date(parse_date(d['date']))} {d['shift']:<6} {d['officers_required']:>6,} needed, {d['officers_available']:>6,} available{flag}")
    quiet = [d for d in data["demand"] if not (d["officers_required"] or d["shortfall"])]
    if quiet:  # officers recorded for a shift the plan asks nothing of: all spare, as deploy's account says
        when = (", ".join(f"{fmt_date(parse_date(d['date']))} {d['shift']} ({d['officers_available']:,} available)"
                          for d in quiet) if len(quiet) <= 5 else
                f"from {fmt_date(parse_date(quiet[0]['date']))} to {fmt_date(parse_date(quiet[-1]['date']))}")
        print(f"  {plural(len(quiet), 'shift')} with officers recorded need{'s' * (len(quiet) == 1)} "
              f"nothing, {when}: their officers are spare (deploy lists each).")
    if not data["shortfalls"]:
        print("  No shortfalls.")


def cmd_ruleset(args) -> int:
    from electionplan.services.assessment import plan_ruleset, set_plan_ruleset

    with open_plan(args.plan) as plan:
        if args.set or args.clear:
            rules = set_plan_ruleset(plan, args.set)
            print(f"The plan now uses {rules.name} {rules.version} (sha256 {rules.short_hash})")
            return 0
        rules = plan_ruleset(plan)
    print(f"{rules.name} {rules.version} (sha256 {rules.sha256})")
    return 0


def _outcome_words(level: str, flashpoint: bool | None, presence: str | None) -> str:
    words = [level.replace("_", " ")]
    if flashpoint is not None:
        words.append("flashpoint" if flashpoint else "not a flashpoint")
    if presence:
        words.append(presence.replace("_", " "))
    return ", ".join(words)


def cmd_scenarios(args) -> int:
    from electionplan.services.scenarios import run_scenarios

    report = run_scenarios(args.ruleset, args.book)
    if args.json:
        rules = report.ruleset
        print_json({"ruleset": rules.describe(), "vignettes": [r.to_dict() for r in report.results],
                    "passed": len(report.results) - len(report.differing), "differing": len(report.differing)})
        return 1 if report.differing else 0
    rules = report.ruleset
    print(f"Scenario book against {rules.name} {rules.version} (sha256 {rules.short_hash})")
    for r in report.results:
        least = r.expected.presence if r.expected.presence not in (None, "none") else None
        expected = _outcome_words(r.expected.level, r.expected.flashpoint, least and f"at least {least}")
        actual = _outcome_words(r.actual.level, r.actual.flashpoint, r.actual.presence)
        mark = "ok  " if r.passed else "DIFF"
        print(f"{mark} {r.key:<48} expected {expected}; actual {actual}")
        if r.differs_under:
            print(f"     the outcome differs when the candidate stands for: {', '.join(r.differs_under)}")
    print(f"{len(report.results) - len(report.differing)} of {len(report.results)} vignettes as expected"
          + (f"; {len(report.differing)} differ" if report.differing else ""))
    return 1 if report.differing else 0


def register_assess(sub) -> None:
    p = sub.add_parser("assess", help="assess candidates, events, stations and officer demand")
    p.add_argument("plan", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    add_edition_options(p)
    p.add_argument("--ruleset", metavar="FILE", help="assess with this ruleset instead of the plan's")
    p.add_argument("--as-at", metavar="YYYY-MM-DD", help="assess as at this date (default today)")
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("ruleset", help="show or set the ruleset the plan uses")
    p.add_argument("plan", metavar="PLAN")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="FILE", help="keep this ruleset in the plan")
    group.add_argument("--clear", action="store_true", help="go back to the national default")
    p.set_defaults(func=cmd_ruleset)

    p = sub.add_parser("scenarios", help="run the scenario book: each vignette's expected and actual outcome")
    p.add_argument("--ruleset", metavar="FILE", help="a force's ruleset instead of the national default")
    p.add_argument("--book", metavar="FOLDER", help="another folder of vignettes instead of the bundled book")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_scenarios)
