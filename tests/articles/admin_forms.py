"""Build the POST data the article change form would send, from what the page rendered."""

from django.urls import reverse


def change_form_data(client, article, **changes) -> dict:
    """Return the form's current values as the browser would submit them, with ``changes``."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "tags":
            value = [getattr(tag, "name", tag) for tag in (value or [])]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    data.pop("hero_image", None)
    for inline in (
        admin_formset.formset for admin_formset in response.context["inline_admin_formsets"]
    ):
        data.update(_formset_data(inline, article))
    data.update(changes)
    return data


def _formset_data(inline, article) -> dict:
    """Return an inline formset's management form and its rows' current values."""
    prefix = inline.prefix
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(inline.forms)),
        f"{prefix}-INITIAL_FORMS": str(inline.initial_form_count()),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for inline_form in inline.forms:
        for name, field in inline_form.fields.items():
            if name == "DELETE":
                continue
            value = inline_form.initial.get(name, field.initial)
            if name == "id":
                value = inline_form.instance.pk
            elif name == inline.fk.name:
                value = article.pk
            elif hasattr(value, "pk"):
                value = value.pk
            data[inline_form.add_prefix(name)] = "" if value is None else value
    return data
