"""Reading Locust's figures, checking the counts, and the table `make load` prints.

Plain Python (no Django, no Locust), so the pieces can be tested on their own.
"""

import csv
from dataclasses import dataclass

# The targets (docs/performance.md): what "passed" means.
MIN_THROUGHPUT_RATIO = 0.5  # the mix's requests per second / the bare page's
MAX_P95_MS = 300  # of the steady mix: a server asked for less than it can do
# The writes Locust counts, in the order the table shows them.
WRITE_KINDS = ("votes", "comments", "web_reports", "open311_reports", "survey_responses")


@dataclass(frozen=True)
class RunFigures:
    """One Locust run, from the "Aggregated" row of its stats CSV."""

    requests: int
    failures: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


def read_stats(path):
    """The aggregated figures of a stats CSV in Locust's ``--csv`` format (the runner
    reads ``PREFIX_final_stats.csv``, which the locustfile writes once every user stopped)."""
    with open(path, newline="") as stats:
        for row in csv.DictReader(stats):
            if row["Name"] == "Aggregated":
                return RunFigures(
                    requests=int(row["Request Count"]),
                    failures=int(row["Failure Count"]),
                    requests_per_second=float(row["Requests/s"]),
                    p50_ms=_number(row["50%"]),
                    p95_ms=_number(row["95%"]),
                    p99_ms=_number(row["99%"]),
                )
    raise ValueError(f"{path} has no Aggregated row: did Locust send any request?")


def _number(text):
    # Locust writes "N/A" for a percentile of no requests.
    return float(text) if text not in ("", "N/A") else float("nan")


def read_failures(path):
    """(method, name, error, occurrences) of a Locust ``PREFIX_failures.csv``."""
    try:
        with open(path, newline="") as failures:
            return [
                (row["Method"], row["Name"], row["Error"], int(row["Occurrences"]))
                for row in csv.DictReader(failures)
            ]
    except FileNotFoundError:
        return []


def count_differences(accepted, before, after):
    """{kind: (accepted by the server, database increase)} for every kind that differs."""
    differences = {}
    for kind in WRITE_KINDS:
        made = accepted.get(kind, 0)
        grew = after[kind] - before[kind]
        if made != grew:
            differences[kind] = (made, grew)
    return differences


def verdict(mix, bare, steady, differences):
    """The list of targets missed (empty: every target met)."""
    missed = []
    if mix.failures or bare.failures or steady.failures:
        missed.append(
            f"errors: {mix.failures} in the mix, {bare.failures} on the bare page, "
            f"{steady.failures} in the steady mix"
        )
    if differences:
        missed.append("counts differ: " + ", ".join(sorted(differences)))
    ratio = throughput_ratio(mix, bare)
    if not ratio >= MIN_THROUGHPUT_RATIO:
        missed.append(
            f"throughput {ratio:.0%} of the bare page's, under {MIN_THROUGHPUT_RATIO:.0%}"
        )
    if not steady.p95_ms < MAX_P95_MS:
        missed.append(f"p95 of the steady mix {steady.p95_ms:.0f} ms, not under {MAX_P95_MS} ms")
    return missed


def pacing(users, tasks, seconds, share):
    """Seconds between the starts of one user's tasks so that ``users`` together ask for
    ``share`` of the ``tasks`` done in ``seconds`` (as fast as the server answered)."""
    if not tasks:
        raise ValueError("the mix finished no task: there is no rate to take a share of")
    return users * seconds / (share * tasks)


def throughput_ratio(mix, bare):
    if not bare.requests_per_second:
        return float("nan")
    return mix.requests_per_second / bare.requests_per_second


def table(mix, bare, steady, accepted, before, after):
    """The table printed at the end of `make load`, as lines of text (the writes are
    those of the mix; ``writes_lines`` gives the steady mix's)."""
    lines = [
        f"{'run':<11} {'requests':>9} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'p99 ms':>7} {'errors':>7}",
    ]
    for label, run in (("mix", mix), ("bare page", bare), ("steady mix", steady)):
        lines.append(
            f"{label:<11} {run.requests:>9} {run.requests_per_second:>8.1f} "
            f"{run.p50_ms:>7.0f} {run.p95_ms:>7.0f} {run.p99_ms:>7.0f} {run.failures:>7}"
        )
    lines.append(f"throughput of the mix / the bare page: {throughput_ratio(mix, bare):.0%}")
    lines.append("")
    lines.extend(writes_lines("mix", accepted, before, after))
    return lines


def writes_lines(label, accepted, before, after):
    """What one run's users saw accepted next to what the database gained (lines)."""
    lines = [f"{'writes (' + label + ')':<24} {'accepted':>9} {'in database':>12}"]
    for kind in WRITE_KINDS:
        grew = after[kind] - before[kind]
        made = accepted.get(kind, 0)
        mark = "" if made == grew else "  DIFFERENT"
        lines.append(f"{kind:<24} {made:>9} {grew:>12}{mark}")
    return lines


def steady_line(share, pacing_seconds, users, steady):
    """What the steady mix asked for, next to what it got."""
    return (
        f"steady mix: {share:.0%} of the mix's tasks per second, a task every "
        f"{pacing_seconds:.2f} s on average for each of {users} users "
        f"({users / pacing_seconds:.1f} tasks/s); "
        f"{steady.requests_per_second:.1f} requests/s answered"
    )


def page_cache_line(*runs):
    """How many of the pages asked for (GET) the page cache answered, per run."""
    parts = []
    for label, counted in zip(("mix", "steady mix"), runs, strict=False):
        pages, hits = counted.get("pages", 0), counted.get("page_cache_hits", 0)
        share = f"{hits / pages:.0%}" if pages else "n/a"
        parts.append(f"{label} {hits} of {pages} ({share})")
    return "pages answered from the page cache: " + ", ".join(parts)


def cpu_ms_per_request(cpu_seconds, run):
    """The web workers' CPU time per request of a run, in ms (NaN for a run of none)."""
    return cpu_seconds * 1000 / run.requests if run.requests else float("nan")


def cpu_line(mix_ms, bare_ms):
    """What a request costs the web workers, whatever else shares the machine's cores."""
    return (
        f"web workers' CPU per request: mix {mix_ms:.1f} ms, bare page {bare_ms:.1f} ms "
        f"(bare / mix: {bare_ms / mix_ms:.0%})"
    )
