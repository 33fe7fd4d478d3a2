"""Every number input of every edit form holds a value the browser can parse, in Indonesian and in English.

A browser reads ``<input type="number" value="10,00">`` as empty: the form then shows blank fields and saving it
unchanged fails. Django's template engine writes numbers the local way (``10,00`` in Indonesian), so a hand-written
input must unlocalize its value.
"""

import re

import pytest
from django.conf import settings

from organization.models import User
from tests.edit_pages import edit_pages

pytestmark = pytest.mark.django_db

NUMBER_INPUT = re.compile(r"<input[^>]*type=\"number\"[^>]*>")
VALUE = re.compile(r"\bvalue=\"([^\"]*)\"")
BROWSER_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # what HTML's "valid floating-point number" accepts (no comma)


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_number_input_of_every_edit_form_renders_a_browser_number(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    checked = 0
    for name, username, url in edit_pages():
        client.force_login(User.objects.get(username=username))
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        for tag in NUMBER_INPUT.findall(response.content.decode()):
            match = VALUE.search(tag)
            if match and match.group(1):
                assert BROWSER_NUMBER.match(match.group(1)), (name, language, tag)
                checked += 1
    assert checked >= 10  # the cycle's weights and minimums, its bands, the period's quotas and rules, ...


def test_the_cycle_form_writes_its_weights_with_a_dot_in_indonesian(client, tim_rb):
    from evaluations.defaults import BEHAVIOUR_360_CODE, ensure_default_instruments
    from evaluations.models import Instrument
    from tests.evaluations.conftest import new_cycle

    ensure_default_instruments()
    cycle = new_cycle(tim_rb, Instrument.objects.filter(code=BEHAVIOUR_360_CODE).first())
    weight = cycle.rater_groups.order_by("pk").first()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(tim_rb)
    html = client.get(f"/evaluations/cycles/{cycle.pk}/edit/").content.decode()
    assert f'name="{weight.group}-weight" value="{weight.weight:.2f}"' in html
    assert "," not in weight_values(html)


def weight_values(html: str) -> str:
    return "".join(re.findall(r"-weight\" value=\"([^\"]*)\"", html))
