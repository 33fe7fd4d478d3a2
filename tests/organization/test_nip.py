import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from organization import nip as nip_rules
from organization.nip import build_nip, format_nip, nip_errors, parse_nip

TODAY = dt.date(2026, 11, 28)


@st.composite
def valid_pns_nips(draw):
    birth = draw(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2006, 11, 1)))
    year = draw(st.integers(min_value=birth.year + 18, max_value=TODAY.year))
    max_month = TODAY.month if year == TODAY.year else 12
    month = draw(st.integers(min_value=1, max_value=max_month))
    sex = draw(st.sampled_from("LP"))
    seq = draw(st.integers(min_value=1, max_value=999))
    return build_nip(birth, (year, month), sex, seq)


def errors(nip, employee_type="PNS"):
    return nip_errors(nip, employee_type, today=TODAY)


@given(valid_pns_nips())
def test_every_valid_nip_passes(nip):
    assert errors(nip) == []
    info = parse_nip(nip)
    assert info.sex in "LP"
    assert format_nip(nip).replace(" ", "") == nip


@given(valid_pns_nips(), st.sampled_from("03456789"))
def test_a_wrong_sex_digit_fails_with_the_sex_message(nip, digit):
    assert str(nip_rules.ERR_SEX) in errors(nip[:14] + digit + nip[15:])


@given(valid_pns_nips())
def test_sequence_000_fails_with_the_sequence_message(nip):
    assert errors(nip[:15] + "000") == [str(nip_rules.ERR_SEQUENCE)]


@given(valid_pns_nips(), st.sampled_from(["00", "13", "21", "99"]))
def test_month_outside_1_12_fails_for_pns_but_not_for_pppk(nip, month):
    broken = nip[:12] + month + nip[14:]
    assert str(nip_rules.ERR_APPOINTMENT_MONTH) in errors(broken)
    assert str(nip_rules.ERR_APPOINTMENT_MONTH) not in errors(broken, "PPPK")


@given(valid_pns_nips(), st.integers(min_value=1, max_value=17))
def test_appointment_before_age_18_fails(nip, years_after_birth):
    year = int(nip[:4]) + years_after_birth
    assert str(nip_rules.ERR_APPOINTMENT_YEAR) in errors(nip[:8] + f"{year:04d}" + nip[12:])


@given(valid_pns_nips(), st.integers(min_value=2027, max_value=2099))
def test_appointment_in_the_future_fails(nip, year):
    assert str(nip_rules.ERR_APPOINTMENT_FUTURE) in errors(nip[:8] + f"{year:04d}" + nip[12:])


@given(valid_pns_nips(), st.sampled_from(["0230", "0431", "1300", "0000", "0631"]))
def test_an_impossible_birth_date_fails(nip, mmdd):
    assert str(nip_rules.ERR_BIRTH_DATE) in errors(nip[:4] + mmdd + nip[8:])


@given(st.text(max_size=25).filter(lambda s: not nip_rules.normalize_nip(s).isdigit() or len(nip_rules.normalize_nip(s)) != 18))
def test_anything_but_18_digits_fails_with_the_format_message(value):
    assert errors(value) == [str(nip_rules.ERR_FORMAT)]


def test_spaces_are_accepted_and_display_groups_the_digits():
    assert errors("19860926 201505 1 001") == []
    assert format_nip("198609262015051001") == "19860926 201505 1 001"


def test_a_pppk_number_with_code_21_in_the_month_position_is_valid():
    assert errors("199001012021211001", "PPPK") == []


def test_without_an_explicit_today_the_rules_use_the_date_in_jakarta(monkeypatch):
    # 1 December in Jakarta while the server's clock (UTC) still reads 30 November: an appointment in December is
    # not in the future.
    monkeypatch.setattr(nip_rules.timezone, "localdate", lambda: dt.date(2026, 12, 1))
    nip = build_nip(dt.date(1990, 5, 17), (2026, 12), "L", 1)
    assert nip_errors(nip) == []
    monkeypatch.setattr(nip_rules.timezone, "localdate", lambda: dt.date(2026, 11, 30))
    assert str(nip_rules.ERR_APPOINTMENT_FUTURE) in nip_errors(nip)
