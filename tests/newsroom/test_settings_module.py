import pytest

from newsroom.settings import settings_module


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        ({}, "newsroom.settings.dev"),
        ({"NEWSROOM_ENV": "production"}, "newsroom.settings.prod"),
        ({"NEWSROOM_ENV": "Development"}, "newsroom.settings.dev"),
        (
            {"NEWSROOM_ENV": "production", "DJANGO_SETTINGS_MODULE": "bench.settings"},
            "bench.settings",
        ),
    ],
)
def test_manage_py_and_wsgi_choose_settings_the_same_way(monkeypatch, environment, expected):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.delenv("NEWSROOM_ENV", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    assert settings_module(default="newsroom.settings.dev") == expected


def test_an_unknown_environment_stops_with_its_name(monkeypatch):
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE", raising=False)
    monkeypatch.setenv("NEWSROOM_ENV", "staging")

    with pytest.raises(SystemExit, match="NEWSROOM_ENV"):
        settings_module(default="newsroom.settings.dev")
