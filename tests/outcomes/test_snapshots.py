"""Monthly snapshots and the monthly report: a month's figures frozen once, in every language
and for both audiences, with a checksum that proves them; never changed afterwards, even
when the live figures move on; refused when altered; printed as a tagged PDF read back
here; frozen on demand from the dashboard and on schedule by ``snapshot_month``."""

import datetime
import hashlib
import io
import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from pypdf import PdfReader

from engage.accounts.roles import MODERATOR, STAFF
from engage.outcomes import monthly_report, performance
from engage.outcomes.models import MonthlySnapshot
from engage.outcomes.models.snapshots import FrozenSnapshot
from tests.factories import PASSWORD, UserFactory
from tests.outcomes.dashboard_factories import local, plug_report_figures, report_at

pytestmark = pytest.mark.django_db
MARCH = datetime.date(2026, 3, 1)
APRIL_1 = datetime.date(2026, 4, 1)


@pytest.fixture
def use_report_figures(monkeypatch):
    return plug_report_figures(monkeypatch)


@pytest.fixture
def march():
    report_at(local(2026, 3, 2, 9), channel="phone")
    report_at(local(2026, 3, 31, 23, 30))  # 1 April in UTC, 31 March in the city
    report_at(local(2026, 2, 10, 9))


def freeze(month=MARCH, **kwargs):
    return monthly_report.freeze_month(month, today=APRIL_1, **kwargs)


def pdf_text(content):
    reader = PdfReader(io.BytesIO(content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_a_month_is_frozen_in_every_language_for_both_audiences(march, use_report_figures):
    snapshot, created = freeze()
    assert created
    assert snapshot.month == MARCH
    assert snapshot.checksum == hashlib.sha256(snapshot.figures.encode()).hexdigest()
    assert snapshot.is_intact()
    data = json.loads(snapshot.figures)
    assert (data["start"], data["end"]) == ("2026-03-01", "2026-04-01")
    assert set(data["languages"]) == {"en", "es"}
    staff = {section["key"] for section in data["languages"]["en"]["staff"]}
    public = {section["key"] for section in data["languages"]["en"]["public"]}
    assert staff == {"reports", "contact_center"} and public == {"reports"}
    received = data["languages"]["es"]["public"][0]["figures"][0]
    assert (received["key"], received["value"]) == ("received", 2)
    # Counted once per language: the public copy is read out of the staff figures.
    assert len(use_report_figures) == 2
    # Canonical: keys sorted, no spaces, so the same figures always give the same checksum.
    assert snapshot.figures == monthly_report.canonical_json(data)


def test_a_frozen_month_never_changes(march, use_report_figures):
    snapshot, _created = freeze()
    report_at(local(2026, 3, 20, 12))  # filed late, or back-dated
    again, created = freeze()
    assert not created
    assert (again.pk, again.checksum, again.figures) == (
        snapshot.pk,
        snapshot.checksum,
        snapshot.figures,
    )
    (frozen,) = monthly_report.snapshot_sections(again, public=True)
    assert frozen.figures[0].value == 2
    live = performance.figure_sections(monthly_report.snapshot_period(again), public=True)
    assert live[0].figures[0].value == 3


def test_a_month_not_over_is_not_frozen(use_report_figures):
    with pytest.raises(monthly_report.SnapshotError, match="is not over yet"):
        monthly_report.freeze_month(MARCH, today=datetime.date(2026, 3, 31))
    assert not MonthlySnapshot.objects.exists()
    assert use_report_figures == []


def test_a_snapshot_cannot_be_changed_nor_deleted(march, use_report_figures):
    snapshot, _created = freeze()
    snapshot.figures = snapshot.figures.replace('"value":2', '"value":20')
    with pytest.raises(FrozenSnapshot):
        snapshot.save()
    with pytest.raises(FrozenSnapshot):
        snapshot.delete()
    assert MonthlySnapshot.objects.get().is_intact()


def test_frozen_by_someone_else_meanwhile_the_first_stands(march, use_report_figures, monkeypatch):
    computed = monthly_report.month_figures

    def slow_figures(period):
        data = computed(period)
        # The schedule froze the month while these figures were being computed.
        MonthlySnapshot(month=period.start, figures='{"first":true}').save()
        return data

    monkeypatch.setattr(monthly_report, "month_figures", slow_figures)
    snapshot, created = freeze()
    assert not created
    assert snapshot.figures == '{"first":true}'
    assert MonthlySnapshot.objects.count() == 1


def test_the_report_is_a_tagged_pdf_with_the_checksum(march, use_report_figures):
    snapshot, _created = freeze()
    reader, text = pdf_text(monthly_report.render(snapshot))
    assert "Performance report: March 2026" in text
    assert snapshot.checksum in re.sub(r"\s+", "", text)
    assert "Reports received" in text
    assert "For staff only" in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert len(reader.pages) >= 1


def test_the_public_copy_has_only_public_figures(march, use_report_figures):
    snapshot, _created = freeze()
    _reader, text = pdf_text(monthly_report.render(snapshot, public=True))
    assert "Reports received" in text
    assert "For staff only" not in text


def test_the_report_compares_with_the_previous_frozen_month(march, use_report_figures):
    freeze(datetime.date(2026, 2, 1))
    snapshot, _created = freeze()
    _reader, text = pdf_text(monthly_report.render(snapshot, public=True))
    assert "Each figure is shown beside the frozen figure of February 2026" in text
    assert "+1 (+100.0 %)" in text


def test_the_report_in_spanish(march, use_report_figures):
    snapshot, _created = freeze()
    with translation.override("es"):
        reader, _text = pdf_text(monthly_report.render(snapshot))
        assert monthly_report.filename(snapshot).endswith("2026-03-es.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es"


def test_altered_figures_are_not_printed(march, use_report_figures):
    snapshot, _created = freeze()
    monthly_report.render(snapshot)  # kept in the cache
    MonthlySnapshot.objects.filter(pk=snapshot.pk).update(
        figures=snapshot.figures.replace('"value":2', '"value":20')
    )
    altered = MonthlySnapshot.objects.get()
    assert not altered.is_intact()
    with pytest.raises(monthly_report.SnapshotError, match="no longer match their checksum"):
        monthly_report.render(altered)


# On schedule ---------------------------------------------------------------------------------


def test_the_command_freezes_last_month_once(march, use_report_figures, capsys):
    call_command("snapshot_month", "--month", "2026-03")
    assert "Froze 2026-03" in capsys.readouterr().out
    call_command("snapshot_month", "--month", "2026-03")
    assert "Already frozen: 2026-03" in capsys.readouterr().out
    call_command("snapshot_month")
    assert MonthlySnapshot.objects.filter(month=performance.last_month().start).exists()


@pytest.mark.parametrize("month", ["March", "2026-13", str(performance.last_days(1).start)[:7]])
def test_the_command_refuses_a_bad_month(month, use_report_figures):
    with pytest.raises(CommandError):
        call_command("snapshot_month", "--month", month)
    assert not MonthlySnapshot.objects.exists()


# On demand --------------------------------------------------------------------------------


REPORTS = "/admin/performance/monthly/"


def log_in(client, roles):
    user = UserFactory(roles=roles)
    client.login(email=user.email, password=PASSWORD)
    return client, user


def test_staff_freeze_a_month_and_download_its_report(client, march, use_report_figures):
    client, user = log_in(client, [STAFF])
    page = client.get(REPORTS).content.decode()
    assert '<option value="2026-03-01">March 2026</option>' in page
    response = client.post(REPORTS, {"month": "2026-03-01"}, follow=True)
    assert "The figures of March 2026 are frozen." in response.content.decode()
    snapshot = MonthlySnapshot.objects.get()
    assert snapshot.created_by == user
    page = client.get(REPORTS).content.decode()
    assert snapshot.checksum in page
    assert '<option value="2026-03-01">' not in page
    response = client.get(f"{REPORTS}2026-03.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "Every figure of the staff dashboard" in pdf_text(response.content)[1]
    response = client.get(f"{REPORTS}2026-03.pdf?audience=public")
    assert "The figures the city publishes" in pdf_text(response.content)[1]


def test_a_month_not_offered_is_refused_with_a_message(client, use_report_figures):
    client, _user = log_in(client, [STAFF])
    month = performance.last_days(1).start.replace(day=1).isoformat()
    response = client.post(REPORTS, {"month": month})
    assert response.status_code == 400
    assert "Choose a month that is over and not frozen yet." in response.content.decode()
    assert not MonthlySnapshot.objects.exists()


def test_an_altered_snapshot_is_reported_not_printed(client, march, use_report_figures):
    snapshot, _created = freeze()
    MonthlySnapshot.objects.filter(pk=snapshot.pk).update(figures="{}")
    client, _user = log_in(client, [STAFF])
    response = client.get(f"{REPORTS}2026-03.pdf", follow=True)
    assert "no longer match their checksum" in response.content.decode()
    assert client.get("/en/performance/reports/2026-03.pdf").status_code == 503


def test_only_staff_freeze_or_print(client, march, use_report_figures):
    freeze()
    client, _user = log_in(client, [MODERATOR])
    # Wagtail turns a refusal in its admin into a redirect to the dashboard, with a message.
    assert client.get(REPORTS).status_code in (302, 403)
    assert client.post(REPORTS, {"month": "2026-02-01"}).status_code in (302, 403)
    response = client.get(f"{REPORTS}2026-03.pdf")
    assert response.status_code in (302, 403)
    assert response["Content-Type"] != "application/pdf"
    assert MonthlySnapshot.objects.count() == 1
