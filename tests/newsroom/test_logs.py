import copy
import io
import json
import logging
import logging.config
import time

import pytest
from django.urls import path, reverse

from jobs.services import job_enqueue
from tests.factories import UserFactory
from tests.jobs import tasks_for_tests

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log(settings):
    """The production logging configuration, writing into a buffer instead of stderr."""
    from newsroom.logs import json_logging

    config = json_logging(copy.deepcopy(settings.LOGGING))
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.config.dictConfig(settings.LOGGING)


def slow_view(request):
    from django.http import HttpResponse

    time.sleep(0.6)
    return HttpResponse("slow")


urlpatterns = [path("slow/", slow_view)]


def test_each_request_is_a_json_line_with_its_id_user_and_duration(client, json_log):
    user = UserFactory(is_staff=True)
    client.force_login(user)

    response = client.get(reverse("ready"), HTTP_X_REQUEST_ID="lb-1234")

    assert response["X-Request-ID"] == "lb-1234"
    [line] = [entry for entry in json_log() if entry["logger"] == "newsroom.requests"]
    assert line["request_id"] == "lb-1234"
    assert line["user_id"] == user.pk
    assert line["status"] == 200 and line["path"] == "/health/ready/"
    assert isinstance(line["duration_ms"], float)
    assert line["level"] == "INFO"


def test_a_forged_request_id_is_replaced(client, json_log):
    response = client.get(reverse("ready"), HTTP_X_REQUEST_ID='x" injected\nline')

    assert len(response["X-Request-ID"]) == 32
    assert json_log()[-1]["request_id"] == response["X-Request-ID"]


def test_a_slow_request_is_a_warning_with_its_timing(client, json_log, settings):
    settings.ROOT_URLCONF = __name__

    client.get("/slow/")

    [line] = [entry for entry in json_log() if entry["logger"] == "newsroom.requests"]
    assert line["level"] == "WARNING"
    assert line["message"].startswith("slow request: GET /slow/ 200")
    assert line["duration_ms"] >= 500


def test_a_failing_job_logs_its_id_and_stack_trace(json_log):
    job = job_enqueue(task=tasks_for_tests.broken, kind="test", label="Broken")

    [failure] = [entry for entry in json_log() if entry["level"] == "ERROR"]
    assert failure["job_id"] == job.pk
    assert "Traceback" in failure["exc_info"]
    assert "the document is not what it claims to be" in failure["exc_info"]
    assert "duration_ms" in failure
