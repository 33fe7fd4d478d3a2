"""Entry point of the provider process: migrate its SQLite file, register the portal as a client and the people from
OIDC_PROVIDER_SETUP (JSON), then serve on the given loopback port until terminated.

    python -m tests.oidc_provider.serve 127.0.0.1:PORT
"""

import json
import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    import django
    from django.core.management import call_command

    django.setup()
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0, interactive=False)
    setup = json.loads(os.environ["OIDC_PROVIDER_SETUP"])
    client = setup["client"]
    Application.objects.update_or_create(client_id=client["id"], defaults={
        "name": "Portal Agen Perubahan", "client_secret": client["secret"],
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": " ".join(client["redirect_uris"]), "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": True,
    })
    for person in setup["users"]:
        first, _sp, last = person["name"].partition(" ")
        user, _created = User.objects.get_or_create(username=person["nip"])
        user.first_name, user.last_name, user.email = first, last, person.get("email", "")
        user.set_password(person["password"])
        user.save()
    call_command("runserver", sys.argv[1], use_reloader=False, use_threading=True, skip_checks=True)


if __name__ == "__main__":
    main()
