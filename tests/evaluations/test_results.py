"""Results: who sees what (scope), when scores appear, the subject's own report, and fixed query counts."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations import selectors
from evaluations.models import Cycle, RaterGroup
from organization.models import Employee

from .conftest import answer_all, assign, make_employee, make_user, new_cycle

SELF, SUP, PEER, SUB = (g.value for g in RaterGroup)


def forget_pages():
    """Drop the cached page bodies (agenperubahan/fragments.py), as a write to the evaluations data does."""
    from agenperubahan import data_versions, fragments

    fragments.bump(data_versions.EVALUATIONS)


def rate_subject(cycle, subject, raters, score=4):
    """Self, and ``raters`` peers; every one answers ``score``."""
    answer_all(assign(cycle, subject, subject, SELF), score)
    for r in raters:
        answer_all(assign(cycle, subject, r, PEER), score, comment=f"Catatan dari {r.pk}")


@pytest.fixture
def two_agency_cycle(tim_rb, instrument_360, diskominfo, dinkes, staff_of, agen_diskominfo):
    """An open cycle with three subjects in Diskominfo (agen.diskominfo first) and three in Dinkes, each rated by
    themselves and three peers of their agency (an agency's scores need three subjects: disclosure.py)."""
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.OPEN)
    subject_a = agen_diskominfo.employee
    people_a = staff_of(diskominfo, 6, exclude=[subject_a.pk])
    for subject in [subject_a, *people_a[:2]]:
        rate_subject(cycle, subject, [p for p in people_a if p != subject][:3], score=5)
    people_b = staff_of(dinkes, 6)
    for subject in people_b[:3]:
        rate_subject(cycle, subject, [p for p in people_b if p != subject][:3], score=2)
    return cycle


def close(cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    cycle.refresh_from_db()


def publish(cycle):
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.PUBLISHED)
    cycle.refresh_from_db()


def test_tim_rb_sees_every_agency_and_every_subject_once_the_cycle_is_closed(login, tim_rb, two_agency_cycle,
                                                                             diskominfo, dinkes):
    client = login(tim_rb)
    while_open = client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert not while_open.context["show_scores"] and while_open.context["subjects_page"] is None
    close(two_agency_cycle)
    response = client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert response.status_code == 200
    assert {r["agency"].pk for r in response.context["rows"]} == {diskominfo.pk, dinkes.pk}
    assert response.context["show_scores"]
    assert len(response.context["subject_rows"]) == 6
    cells = {r["agency"].pk: r["cells"] for r in response.context["rows"]}
    assert cells[diskominfo.pk][0].score == pytest.approx(100)
    assert cells[dinkes.pk][0].score == pytest.approx(25)


def test_an_operator_sees_only_their_agencys_aggregates(api, login, operator_diskominfo, two_agency_cycle,
                                                        diskominfo, dinkes):
    publish(two_agency_cycle)
    response = login(operator_diskominfo).get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert response.status_code == 200
    assert [r["agency"].pk for r in response.context["rows"]] == [diskominfo.pk]
    assert response.context["subjects_page"] is None          # aggregates only, no individual reports
    data = api(operator_diskominfo).get(f"/api/v1/cycles/{two_agency_cycle.pk}/results/").json()
    assert [a["agency"] for a in data["by_agency"]] == [diskominfo.pk]
    assert data["scores"]["akuntabel"]["score"] == 100


def test_another_agency_or_a_subject_report_is_404_for_an_operator(api, login, operator_diskominfo, two_agency_cycle,
                                                                   dinkes, agen_diskominfo):
    publish(two_agency_cycle)
    client = login(operator_diskominfo)
    assert client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]), {"agency": dinkes.pk}).status_code == 404
    assert client.get(reverse("evaluations:results_xlsx", args=[two_agency_cycle.pk]), {"agency": dinkes.pk}).status_code == 404
    subject = agen_diskominfo.employee
    assert client.get(reverse("evaluations:subject_result", args=[two_agency_cycle.pk, subject.pk])).status_code == 404
    assert api(operator_diskominfo).get(f"/api/v1/cycles/{two_agency_cycle.pk}/results/?agency={dinkes.pk}").status_code == 404
    assert api(operator_diskominfo).get(
        f"/api/v1/cycles/{two_agency_cycle.pk}/results/?subject={subject.pk}").status_code == 404


def test_kepala_sees_the_response_rate_while_open_and_scores_after_publication(login, kepala_diskominfo, two_agency_cycle):
    client = login(kepala_diskominfo)
    before = client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert before.status_code == 200
    assert not before.context["show_scores"]
    assert before.context["data"].total_rate["rate"] == 100.0
    publish(two_agency_cycle)
    after = client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert after.context["show_scores"]


def test_pimpinan_sees_all_aggregates_but_no_individual_report(login, sekda, two_agency_cycle, agen_diskominfo):
    publish(two_agency_cycle)
    client = login(sekda)
    response = client.get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert len(response.context["rows"]) == 2
    assert response.context["subjects_page"] is None
    url = reverse("evaluations:subject_result", args=[two_agency_cycle.pk, agen_diskominfo.employee_id])
    assert client.get(url).status_code == 404


def test_a_pegawai_cannot_see_cycle_results(login, pegawai_diskominfo, two_agency_cycle):
    publish(two_agency_cycle)
    assert login(pegawai_diskominfo).get(reverse("evaluations:results", args=[two_agency_cycle.pk])).status_code == 404


def test_the_subject_reads_their_own_report_only_once_published(login, api, agen_diskominfo, two_agency_cycle, tim_rb):
    client = login(agen_diskominfo)
    url = reverse("evaluations:my_report", args=[two_agency_cycle.pk])
    assert client.get(url).status_code == 404
    publish(two_agency_cycle)
    from evaluations import disclosure, services
    for comment in disclosure.reviewable_comments(two_agency_cycle):       # Tim RB releases them
        services.comment_review(comment=comment, by=tim_rb, status="published")
    response = client.get(url)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.overall.score == pytest.approx(100)
    assert len(report.comments) == 3
    html = response.content.decode()
    for peer in Employee.objects.filter(rating_assignments__cycle=two_agency_cycle,
                                        rating_assignments__subject=agen_diskominfo.employee,
                                        rating_assignments__group=PEER):
        assert peer.name not in html                    # comments never carry names
    assert api(agen_diskominfo).get(f"/api/v1/cycles/{two_agency_cycle.pk}/my-report/").status_code == 200
    assert client.get(reverse("evaluations:my_report_pdf", args=[two_agency_cycle.pk]))["Content-Type"] == "application/pdf"


def test_someone_else_cannot_read_a_subjects_report(login, pegawai_diskominfo, two_agency_cycle):
    publish(two_agency_cycle)
    # pegawai.diskominfo is not a subject of this cycle.
    assert login(pegawai_diskominfo).get(reverse("evaluations:my_report", args=[two_agency_cycle.pk])).status_code == 404


def test_a_survey_has_no_individual_reports(login, tim_rb, survey_instrument, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, survey_instrument, status=Cycle.Status.PUBLISHED, subject_mode="agencies",
                      agencies=[diskominfo])
    people = staff_of(diskominfo, 4)
    for p in people:
        answer_all(assign(cycle, p, p, SELF), 4)
    response = login(tim_rb).get(reverse("evaluations:results", args=[cycle.pk]))
    assert response.context["subjects_page"] is None
    assert response.context["rows"][0]["cells"][0].score == pytest.approx(75)
    assert login(tim_rb).get(reverse("evaluations:subject_result", args=[cycle.pk, people[0].pk])).status_code == 404


def test_an_agency_below_the_respondent_minimum_is_not_reported(tim_rb, instrument_360, diskominfo, staff_of):
    cycle = new_cycle(tim_rb, instrument_360, status=Cycle.Status.PUBLISHED)
    subject, peer = staff_of(diskominfo, 2)
    answer_all(assign(cycle, subject, subject, SELF), 5)
    answer_all(assign(cycle, subject, peer, PEER), 5)
    summary = selectors.cycle_summary(cycle=cycle)
    assert summary["by_agency"][diskominfo.pk]["scores"]["akuntabel"] is None
    assert summary["scores"]["akuntabel"] is None
    assert summary["response_rate"] is None             # two raters: fewer than the threshold, no counts either


def test_trend_follows_the_same_instrument_across_cycles(tim_rb, instrument_360, diskominfo, staff_of):
    people = staff_of(diskominfo, 6)
    first = new_cycle(tim_rb, instrument_360, name="Semester I", status=Cycle.Status.PUBLISHED)
    second = new_cycle(tim_rb, instrument_360, name="Semester II", status=Cycle.Status.PUBLISHED)
    Cycle.objects.filter(pk=first.pk).update(opens_on=first.opens_on.replace(year=first.opens_on.year - 1))
    for cycle, score in [(first, 3), (second, 5)]:
        for subject in people[:3]:
            rate_subject(cycle, subject, [p for p in people if p != subject][:3], score=score)
    rows = selectors.trend(second)
    assert [r["cycle"].name for r in rows] == ["Semester I", "Semester II"]
    assert [r["cells"]["adaptif"].score for r in rows] == [pytest.approx(50), pytest.approx(100)]
    assert selectors.previous_cycle(second).pk == first.pk
    assert selectors.latest_published_cycle().pk in {first.pk, second.pk}


def test_cycle_summary_has_the_dashboard_shape(two_agency_cycle, diskominfo, dinkes):
    assert selectors.cycle_summary(cycle=two_agency_cycle)["scores"] == {}          # open: no scores at all
    close(two_agency_cycle)
    summary = selectors.cycle_summary(cycle=two_agency_cycle, agency_ids=[diskominfo.pk])
    assert set(summary) == {"response_rate", "by_agency", "scores"}
    assert list(summary["by_agency"]) == [diskominfo.pk]
    assert summary["by_agency"][diskominfo.pk]["response_rate"] == 100.0
    assert summary["scores"]["kolaboratif"] == 100.0


# --- query counts at two sizes ---------------------------------------------------------------------------------

def grow(cycle, agency, staff_of, n):
    """Add ``n`` more rated subjects (self + three peers each) to ``cycle``."""
    people = staff_of(agency, 4 * n + 40)
    taken = set(cycle.assignments.values_list("subject_id", flat=True))
    free = [p for p in people if p.pk not in taken]
    for k in range(n):
        subject, *peers = free[4 * k: 4 * k + 4]
        rate_subject(cycle, subject, peers, score=3 + k % 3)


def count_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["tim_rb", "operator_diskominfo"])
def test_the_results_page_runs_a_fixed_number_of_queries(request, login, two_agency_cycle, diskominfo, dinkes,
                                                         staff_of, who):
    publish(two_agency_cycle)
    client = login(request.getfixturevalue(who))
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client.get(url)

    def cold_and_warm():
        cache.clear()
        return count_queries(lambda: client.get(url)), count_queries(lambda: client.get(url))

    small = cold_and_warm()
    grow(two_agency_cycle, diskominfo, staff_of, 4)
    grow(two_agency_cycle, dinkes, staff_of, 4)
    assert cold_and_warm() == small
    assert small[1] < small[0]


def answer_queries(fn) -> list[str]:
    """Queries that read the answers of a whole scope (the page's own subjects are always read: at most 25)."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries
            if "evaluations_submittedanswer" in q["sql"] or "evaluations_resultsnapshot" in q["sql"]]


def test_published_results_are_computed_once_per_scope_and_then_read_from_the_cache(login, tim_rb, two_agency_cycle,
                                                                                    diskominfo):
    publish(two_agency_cycle)
    client = login(tim_rb)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    assert answer_queries(lambda: client.get(url))
    forget_pages()  # the page body is cached too: render it again, from the cached figures
    assert answer_queries(lambda: client.get(url)) == []
    # Another scope is a slice of the same frozen figures: nothing is computed again.
    assert answer_queries(lambda: selectors.cycle_results(two_agency_cycle, agency_ids={diskominfo.pk})) == []
    forget_pages()
    first = client.get(url).context["rows"]
    cells = {r["agency"].pk: r["cells"] for r in first}
    assert cells[diskominfo.pk][0].score == pytest.approx(100)


def test_results_of_an_open_cycle_stay_live(login, tim_rb, two_agency_cycle, diskominfo, staff_of):
    client = login(tim_rb)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    before = client.get(url).context["data"].total_rate["submitted"]
    grow(two_agency_cycle, diskominfo, staff_of, 1)
    assert client.get(url).context["data"].total_rate["submitted"] == before + 4


def test_results_api_summary_and_subject_report_run_a_fixed_number_of_queries(api, tim_rb, two_agency_cycle,
                                                                              diskominfo, staff_of, agen_diskominfo):
    client = api(tim_rb)
    url = f"/api/v1/cycles/{two_agency_cycle.pk}/results/"
    subject = agen_diskominfo.employee
    client.get(url)

    def fresh():
        return Cycle.objects.select_related("instrument").get(pk=two_agency_cycle.pk)

    def measure():
        cycle = fresh()
        report_cycle = fresh()
        return (count_queries(lambda: client.get(url)),
                count_queries(lambda: selectors.cycle_summary(cycle=cycle)),
                count_queries(lambda: selectors.subject_report(report_cycle, subject)))

    small = measure()
    grow(two_agency_cycle, diskominfo, staff_of, 6)
    assert measure() == small
    assert small[1] <= 7 and small[2] <= 7


def test_lists_run_a_fixed_number_of_queries(login, api, tim_rb, pegawai_diskominfo, instrument_360, diskominfo, staff_of):
    web, rest = login(tim_rb), api(tim_rb)
    rater = api(pegawai_diskominfo)

    def measure():
        return (count_queries(lambda: web.get(reverse("evaluations:cycle_list"))),
                count_queries(lambda: web.get(reverse("evaluations:instrument_list"))),
                count_queries(lambda: rest.get("/api/v1/cycles/")),
                count_queries(lambda: rest.get("/api/v1/instruments/")),
                count_queries(lambda: rater.get("/api/v1/assignments/")),
                count_queries(lambda: login(pegawai_diskominfo).get(reverse("evaluations:index"))))

    def add(n):
        for k in range(n):
            cycle = new_cycle(tim_rb, instrument_360, name=f"Siklus {k}", status=Cycle.Status.OPEN)
            subject = staff_of(diskominfo, 1, exclude=[pegawai_diskominfo.employee_id])[0]
            assign(cycle, subject, pegawai_diskominfo.employee, PEER)

    add(1)
    web = login(tim_rb)
    measure()  # the first visit computes what the cache keeps (roles, unread count, navbar)
    small = measure()
    add(4)
    web = login(tim_rb)
    measure()
    assert measure() == small


def test_the_cycle_list_counts_responses_within_the_operators_scope(api, operator_diskominfo, two_agency_cycle,
                                                                   dinkes, staff_of):
    subject = staff_of(dinkes, 1)[0]
    assign(two_agency_cycle, subject, make_employee(dinkes), PEER)           # one unanswered in Dinkes
    row = api(operator_diskominfo).get("/api/v1/cycles/").json()["results"][0]
    assert row["response_rate"] == 100.0                                     # Diskominfo: all answered


def test_the_cycle_list_counts_a_published_cycle_once_and_an_open_one_live(api, tim_rb, two_agency_cycle, diskominfo,
                                                                           staff_of):
    client = api(tim_rb)
    url = f"/api/v1/cycles/{two_agency_cycle.pk}/"
    assert client.get(url).json()["response_rate"] == 100.0
    subject, rater = staff_of(diskominfo, 2, exclude=list(two_agency_cycle.assignments.values_list("subject_id", flat=True)))
    assign(two_agency_cycle, subject, rater, PEER)  # not answered yet: the open cycle's rate drops at once
    assert client.get(url).json()["response_rate"] < 100.0
    answer_all(two_agency_cycle.assignments.get(subject=subject, rater=rater), 4)
    publish(two_agency_cycle)
    first = client.get("/api/v1/cycles/?status=published").json()["results"]
    with CaptureQueriesContext(connection) as ctx:
        second = client.get("/api/v1/cycles/?status=published").json()["results"]
    assert first == second and first[0]["response_rate"] == 100.0
    assert not any("evaluations_assignment" in q["sql"] for q in ctx.captured_queries)


# --- the results tables as built by template tags, and the figures kept for frozen cycles ----------------------

def subject_answer_queries(fn) -> list[str]:
    """Queries that read the answers of the page's own subjects."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return [q["sql"] for q in ctx.captured_queries
            if "evaluations_submittedanswer" in q["sql"] or "evaluations_resultsnapshot" in q["sql"]]


def test_the_results_tables_show_each_cell_with_its_band_and_the_response_rate(login, tim_rb, two_agency_cycle):
    close(two_agency_cycle)
    html = login(tim_rb).get(reverse("evaluations:results", args=[two_agency_cycle.pk])).content.decode()
    assert '<td class="band-A">100,0</td>' in html                                # Diskominfo, everyone answered 5
    assert '<td class="band-C">25,0</td>' in html                                 # Dinkes, everyone answered 2
    assert '<td class="small">100,0% <span class="text-muted">(12/12)</span></td>' in html
    assert '<td class="small">4/4</td>' in html                                   # a subject's answers received


def test_agency_and_subject_names_in_the_results_tables_are_escaped(login, tim_rb, two_agency_cycle, dinkes,
                                                                   agen_diskominfo):
    type(dinkes).objects.filter(pk=dinkes.pk).update(name="Dinas <b>Kesehatan</b>")
    Employee.objects.filter(pk=agen_diskominfo.employee_id).update(name="Agen <script>x</script>")
    close(two_agency_cycle)
    html = login(tim_rb).get(reverse("evaluations:results", args=[two_agency_cycle.pk])).content.decode()
    assert "Dinas &lt;b&gt;Kesehatan&lt;/b&gt;" in html and "<b>Kesehatan</b>" not in html
    assert "Agen &lt;script&gt;x&lt;/script&gt;" in html and "<script>x</script>" not in html


def test_a_published_cycles_subject_table_is_read_once_and_then_from_the_cache(login, tim_rb, two_agency_cycle):
    publish(two_agency_cycle)
    client = login(tim_rb)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    assert subject_answer_queries(lambda: client.get(url))
    forget_pages()  # the page body is cached too: render it again, from the cached figures
    assert subject_answer_queries(lambda: client.get(url)) == []
    forget_pages()
    response = client.get(url)
    assert response.context["subjects_page"].paginator.count == 6
    assert [r["progress"]["submitted"] for r in response.context["subject_rows"]] == [4] * 6
    assert response.context["subject_rows"][0]["overall"].score is not None


def test_an_open_cycle_has_no_subject_table_and_no_progress_per_person(login, tim_rb, two_agency_cycle):
    response = login(tim_rb).get(reverse("evaluations:results", args=[two_agency_cycle.pk]))
    assert response.context["subjects_page"] is None and response.context["subject_rows"] == []


def test_a_search_counts_only_the_matching_subjects(login, tim_rb, two_agency_cycle, agen_diskominfo):
    publish(two_agency_cycle)
    client = login(tim_rb)
    url = reverse("evaluations:results", args=[two_agency_cycle.pk])
    client.get(url)                                                     # the unfiltered count is now cached
    response = client.get(url, {"q": agen_diskominfo.employee.name})
    assert response.context["subjects_page"].paginator.count == 1
    assert [r["subject"].pk for r in response.context["subject_rows"]] == [agen_diskominfo.employee_id]


# --- response counts of a running cycle: cached under the cycle's answers version -----------------------------

def counting_queries(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return sum('FROM "evaluations_assignment"' in q["sql"] for q in ctx.captured_queries)


def test_a_running_cycles_city_counts_are_kept_until_an_answer_is_submitted(api, tim_rb, two_agency_cycle,
                                                                            diskominfo, staff_of):
    from evaluations import services

    subject, rater_employee = staff_of(diskominfo, 2, exclude=[a.subject_id for a in two_agency_cycle.assignments.all()])
    rater = make_user(rater_employee)
    assignment = assign(two_agency_cycle, subject, rater_employee, PEER)
    client = api(tim_rb)
    url = "/api/v1/cycles/?status=open"
    before = client.get(url).json()["results"][0]["response_rate"]
    assert counting_queries(lambda: client.get(url)) == 0                         # read from the cache
    answers = [{"item": i.pk, "score": 4} for i in selectors.items_for(assignment)]
    services.response_save(assignment=assignment, by=rater, answers=answers, submit=False)
    assert counting_queries(lambda: client.get(url)) == 0                         # a draft changes no count
    services.response_save(assignment=assignment, by=rater, answers=answers, submit=True)
    assert counting_queries(lambda: client.get(url)) == 1                         # counted afresh, at once
    assert before < 100.0 == client.get(url).json()["results"][0]["response_rate"]
    page = api(tim_rb).get(f"/api/v1/cycles/{two_agency_cycle.pk}/").json()
    assert page["response_rate"] == 100.0


def test_removing_or_generating_assignments_counts_a_draft_afresh(login, tim_rb, instrument_360, diskominfo,
                                                                  staff_of):
    from evaluations import services

    cycle = new_cycle(tim_rb, instrument_360)
    subject, rater = staff_of(diskominfo, 2)
    extra = assign(cycle, subject, rater, PEER)
    client = login(tim_rb)
    url = reverse("evaluations:cycle_list")

    def assigned():
        return next(c for c in client.get(url).context["page"].object_list if c.pk == cycle.pk).assigned

    assert assigned() is None                   # one rater: fewer than the threshold, no count is shown
    services.assignment_remove(assignment=extra, by=tim_rb)
    assert assigned() == 0
    for rater in staff_of(diskominfo, 5)[2:]:
        assign(cycle, subject, rater, PEER)
    assert assigned() == 3


def test_an_agencys_counts_of_a_running_cycle_are_counted_live(api, operator_diskominfo, two_agency_cycle):
    client = api(operator_diskominfo)
    url = "/api/v1/cycles/?status=open"
    client.get(url)
    from agenperubahan import data_versions, fragments

    fragments.bump(data_versions.EVALUATIONS)  # the answer is cached (api_base.CachedListMixin): count a built one
    assert counting_queries(lambda: client.get(url)) == 1
