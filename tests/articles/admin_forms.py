"""Build the POST data the article change form would send, from what the page rendered."""

from django.urls import reverse


def change_form_data(client, article, **changes) -> dict:
    """Return the form's current values as the browser would submit them, with ``changes``."""
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200, response.status_code
    form = response.context["adminform"].form
    inline = response.context["inline_admin_formsets"][0].formset
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name == "tags":
            value = [getattr(tag, "name", tag) for tag in (value or [])]
        elif hasattr(value, "pk"):
            value = value.pk
        data[name] = "" if value is None else value
    data.pop("hero_image", None)
    prefix = inline.prefix
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(len(inline.forms)),
            f"{prefix}-INITIAL_FORMS": str(inline.initial_form_count()),
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    )
    for index, inline_form in enumerate(inline.forms):
        data[f"{prefix}-{index}-id"] = inline_form.instance.pk
        data[f"{prefix}-{index}-article"] = article.pk
        data[f"{prefix}-{index}-author"] = inline_form.instance.author_id
        data[f"{prefix}-{index}-position"] = inline_form.instance.position
    data.update(changes)
    return data
