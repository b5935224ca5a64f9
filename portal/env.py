"""Strict readers for settings taken from the environment.

A malformed value stops the process at start-up with the variable's name in the
message, instead of silently falling back to a default.
"""

import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_digits(name: str, default: str, length: int) -> str:
    value = env_str(name, default)
    if len(value) != length or not value.isascii() or not value.isdigit():
        raise ImproperlyConfigured(f"{name}={value!r} must be exactly {length} digits.")
    return value


def database_config(url: str) -> dict:
    import dj_database_url

    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except (ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} cannot be parsed: {exc}") from None
    if not config.get("ENGINE") or not config.get("NAME"):
        raise ImproperlyConfigured(f"DATABASE_URL={url!r} names no database.")
    return config


def email_config(url: str) -> dict:
    """Read `smtp://user:password@host:port` (or `smtps://`, `console://`)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "submission": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {parts.scheme!r} is not one of {', '.join(sorted(backends))}."
        )
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL has a malformed port: {url!r}") from None
    return {
        "EMAIL_BACKEND": backends[parts.scheme],
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port or {"smtps": 465, "submission": 587}.get(parts.scheme, 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "submission",
    }


def client_address_config(num_proxies: int) -> dict:
    """Where the client's address comes from, for lockouts (axes through django-ipware) and
    throttles (DRF) alike: REMOTE_ADDR with no proxy of ours in front; behind
    `num_proxies` of them, the entry of X-Forwarded-For that the outermost one appended
    (`addrs[-num_proxies]`, DRF's rule). Entries to its left are whatever the client sent.

    django-ipware counts the proxies listed *in* the header; the nearest proxy appears only
    as REMOTE_ADDR, hence `num_proxies - 1`, and it is told not to insist on an exact
    chain length, since a client may prepend forged entries."""
    if num_proxies < 0:
        raise ImproperlyConfigured(f"NUM_PROXIES={num_proxies} must not be negative.")
    if not num_proxies:
        return {
            "AXES_IPWARE_PROXY_COUNT": None,
            "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
            "IPWARE_STRICT": True,
        }
    return {
        "AXES_IPWARE_PROXY_COUNT": num_proxies - 1,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
        "IPWARE_STRICT": False,
    }
