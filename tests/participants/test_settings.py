import pytest

from tests.ipsweb.test_settings import run_manage


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FOLLOW_UP_MONTHS", "0", "FOLLOW_UP_MONTHS must be at least 1"),
        ("FOLLOW_UP_MONTHS", "six", "FOLLOW_UP_MONTHS must be a whole number"),
        ("SMALL_CELL_THRESHOLD", "-1", "SMALL_CELL_THRESHOLD must be at least 0"),
        ("SELF_COMPLETION_LINK_DAYS", "0", "SELF_COMPLETION_LINK_DAYS must be at least 1"),
    ],
)
def test_a_bad_survey_setting_stops_the_start_with_a_message_naming_it(name, value, message):
    result = run_manage("check", DEBUG="1", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_survey_settings_are_read_from_the_environment():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.FOLLOW_UP_MONTHS, settings.SMALL_CELL_THRESHOLD)",
        DEBUG="1",
        FOLLOW_UP_MONTHS="12",
        SMALL_CELL_THRESHOLD="10",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["12", "10"]
