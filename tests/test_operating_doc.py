"""The operators' proxy example keeps search words out of logs and sets what the app trusts."""

from __future__ import annotations

import re

from directory.config import PROJECT_ROOT

DOC = PROJECT_ROOT / "docs" / "operating.md"
# nginx variables that hold the query string or the referring page's address (and its query).
_LEAKY = ["$request_uri", "$args", "$query_string", "$is_args", "$http_referer", "$arg_"] + [
    f"$request{end}" for end in (" ", '"', "'")
]


def _nginx_examples() -> list[str]:
    return re.findall(r"```nginx\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _nginx_example() -> str:
    """The proxy example: the one nginx block that says how requests are logged."""
    blocks = [block for block in _nginx_examples() if "log_format" in block]
    assert len(blocks) == 1, "docs/operating.md should hold one nginx example with a log_format"
    return blocks[0]


def _log_format(example: str) -> str:
    match = re.search(r"log_format\s+(\w+)\s+(.*?);", example, re.S)
    assert match, "the example defines a log_format"
    assert f"access_log /var/log/nginx/waymark.access.log {match.group(1)};" in example
    return match.group(2)


def test_the_example_log_format_drops_query_strings_and_referrers():
    log_format = _log_format(_nginx_example())

    assert "$uri" in log_format
    assert [word for word in _LEAKY if word in log_format] == []


def test_the_example_proxy_sets_every_header_the_app_trusts():
    assert "proxy_pass http://127.0.0.1:" in _nginx_example()
    for example in _nginx_examples():
        for header in ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host"):
            assert re.search(rf"proxy_set_header {header} \$\w+;", example), header


def test_no_example_passes_query_strings_or_referrers_anywhere():
    for example in _nginx_examples():
        settings = re.sub(r"#.*", "", example)
        assert [word for word in _LEAKY if word in settings] == []


def test_the_gunicorn_log_format_given_has_no_query_or_referrer():
    formats = re.findall(r"--access-logformat '([^']+)'", DOC.read_text(encoding="utf-8"))

    assert formats and all("%(U)s" in f for f in formats)
    assert not [f for f in formats if re.search(r"%\((r|q|f|\{referer\}i)\)s", f)]
