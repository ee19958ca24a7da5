"""Where a page view and a dataset create spend their time (issue 18): cProfile figures.

    .venv/bin/python tests/benchmarks/request_profile.py [--datasets 60] [--views 40] [--creates 20] [--top 25]

Starts its own embedded stack (PostgreSQL, Redis, search) under ``JENA_BENCH_DIR`` (default
``var/bench-profile``, emptied first), creates ``--datasets`` complete datasets and publishes
them, then in this process through the portal's own WSGI app (routing, auth, templates):

* anonymous page views of a dataset page and of the search page (``--views`` each),
* draft creates through ``package_create`` as a department editor (``--creates``),
* the whole release workflow per dataset (``--workflows``): create, the ethics checklist, submit by
  the editor, approve by a second person (data manager); timed per step and profiled,

each first timed (median, p95) and then profiled: the functions with the most cumulative time,
and the share of time spent in ckanext-jena's own code, CKAN, SQLAlchemy, Jinja and rdflib.
Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.benchmarks.bench_stack import bench_stack, portal_app  # noqa: E402 (after the path)

AREAS = {
    "ckanext-jena": "/ckanext/jena/",
    "ckanext-dcat": "/ckanext/dcat/",
    "ckanext-scheming": "/ckanext/scheming/",
    "CKAN": "/ckan/",
    "SQLAlchemy": "/sqlalchemy/",
    "psycopg2": "psycopg2",
    "Jinja": "/jinja2/",
    "rdflib": "/rdflib/",
    "pyshacl": "/pyshacl/",
    "requests/urllib3 (search service)": "/urllib3/",
}


def _say(message: str) -> None:
    print(f"[request_profile] {message}", flush=True)


def _timed(call: Callable[[int], Any], count: int) -> dict[str, float]:
    samples = []
    for number in range(count):
        started = time.perf_counter()
        call(number)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(samples[max(0, int(len(samples) * 0.95) - 1)], 1),
    }


def _profiled(call: Callable[[int], Any], count: int, top: int) -> str:
    profile = cProfile.Profile()
    profile.enable()
    for number in range(count):
        call(number)
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(entry[2] for entry in stats.stats.values())  # own time of every function
    shares = dict.fromkeys(AREAS, 0.0)
    for (filename, _line, _name), entry in stats.stats.items():
        for area, marker in AREAS.items():
            if marker in filename:
                shares[area] += entry[2]
                break
    lines = [f"own time by package ({total:.2f} s profiled):"]
    lines += [f"  {area}: {100 * seconds / total:.0f} %" for area, seconds in shares.items() if seconds]
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top)
    lines.append(out.getvalue().split("\n\n", 1)[-1])
    # The same, only template helpers and actions: what the page asks for while rendering.
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats("helpers|/logic/|/views/", top)
    lines.append("helpers, actions and views:\n" + out.getvalue().split("\n\n", 1)[-1])
    return "\n".join(lines)


def bench(ini: Path, datasets: int, views: int, creates: int, workflows: int, top: int) -> None:
    from ckan import model
    from ckan.tests.helpers import call_action

    from ckanext.jena.release import workflow
    from tests.benchmarks.datastore_bench import _department
    from tests.ethics.support import PASSING
    from tests.schemas import data

    flask_app = portal_app(ini)
    client = flask_app.test_client()
    with flask_app.test_request_context():
        admin, org = _department()
        _say(f"creating and publishing {datasets} datasets ...")
        names = []
        for number in range(datasets):
            fields = data.complete("dataset", owner_org=org["id"], name=f"profil-{number:04d}")
            dataset = call_action("package_create", {"user": admin["name"]}, **fields)
            workflow.publish_without_review(model.Package.get(dataset["id"]), reason="Benchmark", actor_id=admin["id"])
            model.Session.commit()
            names.append(dataset["name"])

        def create(number: int) -> None:
            fields = data.complete("dataset", owner_org=org["id"], name=f"entwurf-{number:05d}-{time.time_ns()}")
            call_action("package_create", {"user": admin["name"]}, **fields)

        _say("timing draft creates ...")
        create_times = _timed(create, creates)
        create_profile = _profiled(create, creates, top)

        reviewer = _second_admin(org)
        steps: dict[str, list[float]] = {"create": [], "checklist": [], "submit": [], "approve": []}

        def whole_workflow(number: int) -> None:
            fields = data.complete("dataset", owner_org=org["id"], name=f"ablauf-{number:05d}-{time.time_ns()}")
            calls = (
                ("create", lambda: call_action("package_create", {"user": admin["name"]}, **fields)),
                (
                    "checklist",
                    lambda: call_action(
                        "jena_checklist_update", {"user": admin["name"]}, id=fields["name"], answers=PASSING
                    ),
                ),
                ("submit", lambda: call_action("jena_release_submit", {"user": admin["name"]}, id=fields["name"])),
                ("approve", lambda: call_action("jena_release_approve", {"user": reviewer["name"]}, id=fields["name"])),
            )
            for step, call in calls:
                started = time.perf_counter()
                call()
                steps[step].append((time.perf_counter() - started) * 1000)

        _say("timing whole workflows ...")
        workflow_times = _timed(whole_workflow, workflows) if workflows else None
        step_figures = {step: {"median_ms": round(statistics.median(v), 1)} for step, v in steps.items() if v}
        workflow_profile = _profiled(whole_workflow, workflows, top) if workflows else ""

    def dataset_page(number: int) -> None:
        response = client.get(f"/dataset/{names[number % len(names)]}")
        assert response.status_code == 200, response.status_code

    def search_page(number: int) -> None:
        response = client.get(f"/dataset/?q=Daten&page={1 + number % 3}")
        assert response.status_code == 200, response.status_code

    _say("timing anonymous page views ...")
    dataset_page(0)  # templates compiled, caches warm
    search_page(0)
    figures = {
        "dataset_page": _timed(dataset_page, views),
        "search_page": _timed(search_page, views),
        "draft_create": create_times,
        "workflow": workflow_times,
        "workflow_steps": step_figures,
    }
    for key, value in figures.items():
        _say(f"{key}: {value}")
    print("\n== dataset page ==\n" + _profiled(dataset_page, views, top))
    print("\n== search page ==\n" + _profiled(search_page, views, top))
    print("\n== draft create (package_create) ==\n" + create_profile)
    if workflow_profile:
        print("\n== whole workflow (create, checklist, submit, approve) ==\n" + workflow_profile)


def _second_admin(org: dict[str, Any]) -> dict[str, Any]:
    """A second data manager of the department: approval needs another person than the submitter."""
    from ckan.tests.helpers import call_action

    reviewer = call_action(
        "user_create",
        {"ignore_auth": True, "user": ""},
        name="bench-pruefer",
        email="pruefer@jena.invalid",
        password="Benchmark-Passwort-2031",
    )
    call_action("organization_member_create", id=org["id"], username=reviewer["name"], role="admin")
    return reviewer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=int, default=60)
    parser.add_argument("--views", type=int, default=40)
    parser.add_argument("--creates", type=int, default=20)
    parser.add_argument("--workflows", type=int, default=20)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    var = Path(os.environ.get("JENA_BENCH_DIR") or REPO / "var" / "bench-profile").resolve()
    with bench_stack(var, fresh=True) as (_services, ini):
        bench(ini, args.datasets, args.views, args.creates, args.workflows, args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
