"""Identity: an account for every active employee, reached through the institution's SSO (OpenID Connect, matched
by NIP) or a one-time activation link. Usernames are neutral handles, never the NIP (see docs/identity.md)."""
