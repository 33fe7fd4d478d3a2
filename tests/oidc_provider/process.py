"""Start the test OpenID Connect provider in a subprocess on a free loopback port (no mocking of any HTTP call)."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]
CLIENT_ID = "portal-agen-perubahan"
CLIENT_SECRET = "rahasia-klien-uji-0123456789"


@dataclass
class Provider:
    base_url: str
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET

    @property
    def discovery_url(self) -> str:
        return f"{self.base_url}/o/.well-known/openid-configuration"

    def rp_settings(self) -> dict:
        """The portal's settings for this provider (endpoints come from discovery)."""
        return {"OIDC_RP_CLIENT_ID": self.client_id, "OIDC_RP_CLIENT_SECRET": self.client_secret,
                "OIDC_OP_DISCOVERY": self.discovery_url, "OIDC_RP_SIGN_ALGO": "RS256",
                "OIDC_RP_SCOPES": "openid profile email"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@contextlib.contextmanager
def running_provider(*, tmp_path: Path, users: list[dict], redirect_uris: list[str], timeout: float = 60):
    """``users``: [{"nip", "name", "password", "email"}]. Yields a Provider; stops the process afterwards."""
    port = free_port()
    env = {**os.environ,
           "OIDC_PROVIDER_DB": str(tmp_path / "oidc-provider.sqlite3"),
           "OIDC_PROVIDER_RSA_KEY": rsa_private_key_pem(),
           "OIDC_PROVIDER_SETUP": json.dumps({"client": {"id": CLIENT_ID, "secret": CLIENT_SECRET,
                                                         "redirect_uris": redirect_uris}, "users": users}),
           "PYTHONPATH": str(ROOT)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / "oidc-provider.log", "wb")
    proc = subprocess.Popen([sys.executable, "-m", "tests.oidc_provider.serve", f"127.0.0.1:{port}"], cwd=ROOT,
                            env=env, stdout=log, stderr=subprocess.STDOUT)
    provider = Provider(base_url=f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError("OIDC provider exited:\n" + (tmp_path / "oidc-provider.log").read_text())
            try:
                if requests.get(provider.discovery_url, timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("OIDC provider did not start:\n" + (tmp_path / "oidc-provider.log").read_text())
            time.sleep(0.2)
        yield provider
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
