"""Template translation through the request's catalogue (portal.translation): the same text as
Jinja's new-style gettext, with or without variables."""


def _render(app, source: str, **context) -> str:
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        return app.jinja_env.from_string(source).render(**context)


def test_a_text_without_variables_is_the_catalogues_text(app):
    with app.test_request_context("/"):
        rendered = app.jinja_env.from_string("{{ _('Verify') }}").render()
        assert rendered == "核验通过"
    assert _render(app, "{{ _('Verify') }}") == "Verify"


def test_percent_signs_are_formatted_as_before(app):
    # Jinja's new-style gettext formats every text, so "%%" reads "%" even without variables.
    assert _render(app, "{{ _('100%% sure') }}") == "100% sure"
    assert _render(app, "{{ _('%(n)d%% of %(what)s', n=5, what=w) }}", w="<b>") == "5% of &lt;b&gt;"


def test_translated_text_is_safe_and_its_variables_escaped(app):
    assert _render(app, "{{ _('Verify %(name)s as an owner of %(unit)s?', name=n, unit='1') }}", n="<x>") == (
        "Verify &lt;x&gt; as an owner of 1?"
    )


def test_shown_labels_are_what_the_lazy_labels_showed(app):
    from portal.notices.models import CATEGORY_LABELS
    from portal.translation import shown_labels

    for language in ("en", "zh_Hans_CN"):
        with app.test_request_context("/", headers={"Cookie": f"lang={language}"}):
            template = app.jinja_env.from_string("{% for key in keys %}{{ labels[key] }}|{% endfor %}")
            lazy = template.render(keys=list(CATEGORY_LABELS), labels=CATEGORY_LABELS)
            assert template.render(keys=list(CATEGORY_LABELS), labels=shown_labels(CATEGORY_LABELS)) == lazy
