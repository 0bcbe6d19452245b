"""The guarded HTTP layer (ketamine_faers/http/) and the settings that feed it: URL checks,
redaction, origins, JSON decoding, and GuardedSession over real HTTP on 127.0.0.1."""

from __future__ import annotations

import codecs

import pytest

from ketamine_faers.http import (
    BodyTooLargeError,
    GuardedSession,
    InvalidURLError,
    OffOriginError,
    check_base_url,
    decode_json_bytes,
    origin_of,
    redact_url,
    request_key,
    strip_userinfo,
)
from ketamine_faers.settings import Settings, SettingsError
from standins.openfda import LocalOpenFDA

PASSWORD = "hunter2-very-secret"


# -- item 4: credentials in OPENFDA_BASE_URL ---------------------------------------------


def test_settings_refuse_a_base_url_with_user_info_in_one_line(monkeypatch):
    monkeypatch.setenv("OPENFDA_BASE_URL", f"https://someone:{PASSWORD}@api.fda.gov")
    with pytest.raises(SettingsError) as error:
        Settings.from_env()
    message = str(error.value)
    assert "\n" not in message
    assert PASSWORD not in message and "someone" not in message
    assert "OPENFDA_API_KEY" in message and "OPENFDA_BASE_URL" in message


def test_redact_url_hides_user_info_and_key_parameters():
    shown = redact_url(f"http://user:{PASSWORD}@127.0.0.1:8080/x?search=a&api_key={PASSWORD}")
    assert PASSWORD not in shown and "user" not in shown
    assert shown.startswith("http://***@127.0.0.1:8080/x?") and "search=a" in shown
    assert redact_url("https://api.fda.gov") == "https://api.fda.gov"


def test_origins_ignore_user_info_and_default_ports():
    assert origin_of(f"http://u:{PASSWORD}@Host:80/a") == origin_of("http://host/b")
    assert origin_of("https://h") != origin_of("http://h")
    assert origin_of("http://h:8080") != origin_of("http://h:8081")
    assert strip_userinfo(f"http://u:{PASSWORD}@h:1/p?q=1") == "http://h:1/p?q=1"
    assert request_key("http://u@h/p?b=2&a=x%20y") == request_key("http://h/p?a=x+y&b=2")


# -- item 10 (URL part): the base URL and the request rate are checked once --------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("api.fda.gov", "no scheme"),
        ("localhost:8080", "no scheme"),
        ("file:///etc/passwd", "scheme 'file'"),
        ("ftp://api.fda.gov", "scheme 'ftp'"),
        ("http://", "no host"),
        ("http://127.0.0.1:notaport", "invalid port"),
        ("http://127.0.0.1:70000", "invalid port"),
        ("http://127.0.0.1:0", "invalid port"),
        ("http://[::1", "cannot be read"),
        ("https://api.fda.gov/?api_key=x", "query or fragment"),
    ],
)
def test_settings_refuse_an_unusable_base_url_in_one_line(monkeypatch, value, problem):
    monkeypatch.setenv("OPENFDA_BASE_URL", value)
    with pytest.raises(SettingsError, match=problem) as error:
        Settings.from_env()
    assert "\n" not in str(error.value) and "OPENFDA_BASE_URL" in str(error.value)


@pytest.mark.parametrize("value", ["fast", "-5", "nan", "inf", "1e"])
def test_settings_refuse_an_unusable_request_rate_in_one_line(monkeypatch, value):
    monkeypatch.setenv("OPENFDA_REQUESTS_PER_MINUTE", value)
    with pytest.raises(SettingsError, match="OPENFDA_REQUESTS_PER_MINUTE") as error:
        Settings.from_env()
    assert "\n" not in str(error.value)


def test_settings_accept_the_documented_values(monkeypatch):
    monkeypatch.setenv("OPENFDA_BASE_URL", "http://127.0.0.1:8123/")
    monkeypatch.setenv("OPENFDA_REQUESTS_PER_MINUTE", "0")
    settings = Settings.from_env()
    assert settings.base_url == "http://127.0.0.1:8123"
    assert settings.requests_per_minute == 0
    monkeypatch.delenv("OPENFDA_BASE_URL")
    monkeypatch.delenv("OPENFDA_REQUESTS_PER_MINUTE")
    assert Settings.from_env().base_url == "https://api.fda.gov"
    assert check_base_url("https://[::1]:8443/base/") == "https://[::1]:8443/base"


# -- item 6: decode once, by JSON's rules --------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"]
)
def test_json_bytes_decode_in_every_encoding_json_allows(encoding):
    text = '{"term": "DÉPRESSION 抑郁 \U0001f635"}'
    assert decode_json_bytes(text.encode(encoding)) == text
    assert decode_json_bytes(codecs.BOM_UTF8 + text.encode()) == text


def test_bytes_that_are_not_text_are_a_value_error():
    with pytest.raises(ValueError):
        decode_json_bytes(b'{"a": "\xc3"}')  # cut inside a character


# -- GuardedSession over real HTTP ----------------------------------------------------------


def test_the_session_refuses_a_base_url_with_user_info_and_off_origin_targets():
    with pytest.raises(InvalidURLError) as error:
        GuardedSession(f"http://u:{PASSWORD}@127.0.0.1:9")
    assert PASSWORD not in str(error.value)
    session = GuardedSession("http://127.0.0.1:9")
    assert session.check_target(f"http://u:{PASSWORD}@127.0.0.1:9/x") == "http://127.0.0.1:9/x"
    for other in ("http://localhost:9/x", "https://127.0.0.1:9/x", "http://127.0.0.1:10/x"):
        with pytest.raises(OffOriginError):
            session.check_target(other)


def test_the_session_caps_the_body_it_reads():
    records = [{"safetyreportid": str(n), "receivedate": "20230101"} for n in range(50)]
    with LocalOpenFDA(records) as service:
        url = service.url + "/drug/event.json"
        big = GuardedSession(service.url)
        answer = big.fetch(url, {"search": "receivedate:[20230101 TO 20230131]", "limit": "50"})
        assert answer.status == 200 and len(answer.body) > 2_000
        small = GuardedSession(service.url, max_body_bytes=2_000)
        with pytest.raises(BodyTooLargeError, match="larger than 2,000 bytes"):
            small.fetch(url, {"search": "receivedate:[20230101 TO 20230131]", "limit": "50"})
