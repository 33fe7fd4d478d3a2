from oauth2_provider.oauth2_validators import OAuth2Validator


class NipClaimValidator(OAuth2Validator):
    """Sends the NIP as a claim, as the SPBE SSOs of Indonesian local governments do. People sign in at the provider
    with their NIP as username."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "nip": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {"nip": user.username, "name": user.get_full_name(), "email": user.email}
