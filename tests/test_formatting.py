"""Display helpers: the fast paths give exactly what Flask-Babel gives."""

from datetime import UTC, datetime, timedelta

import pytest
from flask import render_template_string
from flask_babel import force_locale, format_datetime

from portal.formatting import NUMERIC_PATTERNS, local_time

MOMENTS = [
    datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
    datetime(2026, 6, 30, 16, 0, 59, tzinfo=UTC),  # next day in Beijing
    datetime(2026, 12, 31, 23, 59, tzinfo=UTC),
    datetime(2026, 3, 8, 12, 30),  # naive values are UTC
]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("pattern", [*NUMERIC_PATTERNS, "yyyy年M月d日 EEEE"])
def test_local_time_matches_babel(app, moment, pattern):
    with app.test_request_context():
        assert local_time(moment, pattern) == format_datetime(moment, pattern)


def test_local_time_is_beijing_time(app):
    with app.test_request_context():
        assert local_time(datetime(2026, 6, 30, 16, 5, tzinfo=UTC)) == "2026-07-01 00:05"
        assert local_time(datetime(2026, 6, 30, 16, 5, tzinfo=UTC) + timedelta(days=1)) == "2026-07-02 00:05"
        assert local_time(None) == ""


def test_template_translation_follows_the_locale(app):
    template = "{{ _('Sign in') }}|{{ ngettext('%(num)d unit', '%(num)d units', 2) }}"
    with app.test_request_context():
        chinese = render_template_string(template)
        with force_locale("en"):
            english = render_template_string(template)
        assert render_template_string(template) == chinese
    assert english == "Sign in|2 units"
    assert chinese.startswith("登录|")


def test_template_translation_escapes_its_variables(app):
    with app.test_request_context(), force_locale("en"):
        html = render_template_string("{{ _('Owner claims of %(name)s', name='<b>x</b>') }}")
    assert html == "Owner claims of &lt;b&gt;x&lt;/b&gt;"
