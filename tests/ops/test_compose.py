"""The documented deployment is the safe one: only the reverse proxy publishes a port,
gunicorn is reachable on the compose network alone, the portal trusts exactly that one
hop, and the proxy refuses oversized bodies before they reach Django."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_only_the_proxy_publishes_a_port():
    services = _compose()["services"]
    published = {name for name, service in services.items() if service.get("ports")}
    assert published == {"proxy"}
    assert "8000" in [str(port) for port in services["web"].get("expose", [])]
    assert services["proxy"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_portal_trusts_exactly_the_one_proxy_hop():
    services = _compose()["services"]
    for name in ("web", "worker", "beat", "migrate"):
        assert str(services[name]["environment"]["NUM_PROXIES"]) == "1", name


def test_the_proxy_config_is_mounted_and_limits_the_body():
    proxy = _compose()["services"]["proxy"]
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in proxy["volumes"]
    caddyfile = (ROOT / "deploy" / "Caddyfile").read_text()
    size = re.search(r"request_body\s*\{\s*max_size\s+(\d+)MB", caddyfile)
    assert size and 10 <= int(size.group(1)) <= 50
    assert "reverse_proxy web:8000" in caddyfile
    # The client's own X-Forwarded-For is replaced, not extended.
    assert "header_up X-Forwarded-For {remote_host}" in caddyfile


def test_the_image_installs_every_package_the_project_lists():
    """`pip install .` in the Dockerfile sees only what was copied before it: a package
    missing there is silently left out of the install."""
    import tomllib

    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {name.rstrip("*") for name in listed["packages"]["find"]["include"]}
    dockerfile = (ROOT / "Dockerfile").read_text()
    before_install = dockerfile[: dockerfile.index("RUN pip install .")]
    copied = set(re.findall(r"^COPY (\w+) \./\1$", before_install, re.MULTILINE))
    assert packages <= copied, sorted(packages - copied)
    assert all((ROOT / name / "__init__.py").exists() for name in packages)
