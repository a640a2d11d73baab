from django import template

from articles.dashboard import dashboard_panels

register = template.Library()


@register.inclusion_tag("admin/articles/dashboard.html", takes_context=True)
def newsroom_dashboard(context):
    return {"panels": dashboard_panels(context["request"].user)}
