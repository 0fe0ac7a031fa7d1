#!/usr/bin/env bash
# The whole OAuth 2.0 code flow with PKCE against tern-xsim, with curl, the
# way X's documentation walks through it: consent, code, token, refresh,
# rotation, reuse rejected; and the errors on the way.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/sim-lib.sh"

REDIRECT=http://127.0.0.1:8723/callback
SCOPES="tweet.read tweet.write users.read media.write offline.access"
cat > "$SIM_DIR/config.json" <<JSON
{
  "clients": [
    {"client_id": "tern-public", "redirect_uris": ["$REDIRECT"]},
    {"client_id": "tern-confidential", "client_secret": "s3cret", "redirect_uris": ["$REDIRECT"]}
  ]
}
JSON
start_xsim --config "$SIM_DIR/config.json"

VERIFIER=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
CHALLENGE=$(pkce_challenge "$VERIFIER")

# authorize_url CLIENT [extra query]
authorize_url() {
  local client=$1 extra=${2:-}
  python3 - "$BASE" "$client" "$REDIRECT" "$SCOPES" "$CHALLENGE" "$extra" <<'PY'
import sys, urllib.parse
base, client, redirect, scopes, challenge, extra = sys.argv[1:]
q = {"response_type": "code", "client_id": client, "redirect_uri": redirect,
     "scope": scopes, "state": "state-42", "code_challenge": challenge,
     "code_challenge_method": "S256"}
for pair in filter(None, extra.split("&")):
    k, _, v = pair.partition("=")
    if v == "-":
        q.pop(k, None)
    else:
        q[k] = v
print(base + "/i/oauth2/authorize?" + urllib.parse.urlencode(q, quote_via=urllib.parse.quote))
PY
}

consent_id() {
  body | sed -n 's/.*name="consent" value="\([^"]*\)".*/\1/p'
}

# --- consent page -----------------------------------------------------------
http GET "$(authorize_url tern-public)"
check "authorize shows the consent page" "$STATUS" 200
check_match "the consent page has an Authorize button" "$(body)" 'name="decision" value="allow"'
check_match "the consent page has a Cancel button" "$(body)" 'name="decision" value="deny"'
check_match "the consent page lists the scopes asked for" "$(body)" 'media.write'
CONSENT=$(consent_id)

http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$CONSENT" -d decision=deny
LOCATION=$(header location)
check "Cancel redirects" "$STATUS" 302
check "Cancel redirects to the registered URI" "${LOCATION%%\?*}" "$REDIRECT"
check "Cancel says access_denied" "$(query_param "$LOCATION" error)" access_denied
check "Cancel keeps the state" "$(query_param "$LOCATION" state)" state-42

http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$CONSENT" -d decision=allow
check "a consent cannot be answered twice" "$STATUS" 400

http GET "$(authorize_url tern-public)"
CONSENT=$(consent_id)
http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$CONSENT" -d decision=allow
LOCATION=$(header location)
CODE=$(query_param "$LOCATION" code)
check "Authorize redirects" "$STATUS" 302
check "Authorize redirects to the registered URI" "${LOCATION%%\?*}" "$REDIRECT"
check "Authorize keeps the state" "$(query_param "$LOCATION" state)" state-42
check_ne "Authorize gives a code" "$CODE" "<missing>"

# --- code for tokens ---------------------------------------------------------
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$VERIFIER"
check "the code is exchanged for tokens" "$STATUS" 200
check "token_type is bearer" "$(json token_type)" bearer
check "expires_in is 7200" "$(json expires_in)" 7200
check "scope is what was granted" "$(json scope)" "$SCOPES"
ACCESS=$(json access_token)
REFRESH=$(json refresh_token)
check_ne "an access token is given" "$ACCESS" "<missing>"
check_ne "offline.access gives a refresh token" "$REFRESH" "<missing>"

http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$VERIFIER"
check "a code works once" "$STATUS" 400
check "a spent code answers X's OAuth error" "$(json error)" invalid_request
check "a spent code says why" "$(json error_description)" "Value passed for the authorization code was invalid."

http GET "$BASE/2/users/me?user.fields=profile_image_url" -H "Authorization: Bearer $ACCESS"
check "users/me answers with the token" "$STATUS" 200
check "users/me gives the sandbox user" "$(json data.username)" sandbox
check "users/me gives a 19-digit id string" "$(json data.id)" 1000000000000000001
AVATAR=$(json data.profile_image_url)
check "user.fields=profile_image_url gives the simulator's own avatar" "$AVATAR" \
  "$BASE/sim/avatar/1000000000000000001.png"
check "users/me sends the rate-limit ceiling" "$(header x-rate-limit-limit)" 75
check "users/me counts down the rate limit" "$(header x-rate-limit-remaining)" 74
check_match "users/me says when the limit resets" "$(header x-rate-limit-reset)" '^[0-9]{10}$'
# the sandbox reaches nothing outside: the avatar comes from the simulator
http GET "$AVATAR"
check "the avatar address answers" "$STATUS" 200
check "the avatar is a PNG" "$(header content-type)" image/png
check "the avatar's bytes are a PNG" "$(head -c 8 "$SIM_DIR/body" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a

http GET "$BASE/2/users/me"
check "no token answers 401" "$STATUS" 401
check "401 is X's problem body" "$(json title)/$(json type)/$(json status)" "Unauthorized/about:blank/401"

# --- PKCE ----------------------------------------------------------------------
http GET "$(authorize_url tern-public)"
http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$(consent_id)" -d decision=allow
CODE=$(query_param "$(header location)" code)
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public \
  --data-urlencode "code_verifier=${VERIFIER}x"
check "a wrong PKCE verifier is refused" "$STATUS" 400
check "a wrong verifier answers invalid_request" "$(json error)" invalid_request
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$VERIFIER"
check "a code tried with a wrong verifier is spent" "$STATUS" 400

# X's own SDK sends a 171-character verifier (128 random bytes, base64url),
# longer than RFC 7636's 128, and X accepts it.
long_verifier_exchange() { # VERIFIER-LENGTH-IN-BYTES: sets STATUS
  local verifier challenge saved=$CHALLENGE
  verifier=$(python3 -c 'import secrets, sys; print(secrets.token_urlsafe(int(sys.argv[1])))' "$1")
  CHALLENGE=$(pkce_challenge "$verifier")
  http GET "$(authorize_url tern-public)"
  http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$(consent_id)" -d decision=allow
  CHALLENGE=$saved
  CODE=$(query_param "$(header location)" code)
  http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
    --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$verifier"
}
long_verifier_exchange 128
check "the SDK's 171-character verifier is accepted" "$STATUS" 200
check "and gives a token" "$(json token_type)" bearer
check "the simulator's log says it is longer than RFC 7636 allows" \
  "$(grep -c 'RFC 7636 allows at most 128' "$SIM_DIR/err")" 1
long_verifier_exchange 200
check "a verifier of 267 characters is refused" "$STATUS" 400

# --- code lifetime: 30 s -------------------------------------------------------
http GET "$(authorize_url tern-public)"
http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$(consent_id)" -d decision=allow
CODE=$(query_param "$(header location)" code)
http POST "$BASE/sim/clock?advance=31"
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$VERIFIER"
check "a code older than 30 s is refused" "$STATUS" 400

# --- refresh and rotation ------------------------------------------------------
http POST "$BASE/2/oauth2/token" -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH" \
  -d client_id=tern-public
check "the refresh token gives new tokens" "$STATUS" 200
ACCESS2=$(json access_token)
REFRESH2=$(json refresh_token)
check_ne "refresh gives a new access token" "$ACCESS2" "$ACCESS"
check_ne "refresh rotates the refresh token" "$REFRESH2" "$REFRESH"

http POST "$BASE/2/oauth2/token" -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH" \
  -d client_id=tern-public
check "a spent refresh token is refused" "$STATUS" 400
check "reuse answers invalid_request" "$(json error)" invalid_request
check "reuse says X's words" "$(json error_description)" "Value passed for the token was invalid."

http POST "$BASE/2/oauth2/token" -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH2" \
  -d client_id=tern-public
check "reusing a spent token ends the whole grant" "$STATUS" 400
http GET "$BASE/2/users/me" -H "Authorization: Bearer $ACCESS2"
check "the grant's access token dies with it" "$STATUS" 401

# --- expiry ----------------------------------------------------------------------
http GET "$(authorize_url tern-public)"
http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$(consent_id)" -d decision=allow
CODE=$(query_param "$(header location)" code)
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-public --data-urlencode "code_verifier=$VERIFIER"
ACCESS=$(json access_token)
REFRESH=$(json refresh_token)
http POST "$BASE/sim/clock?advance=7201"
http GET "$BASE/2/users/me" -H "Authorization: Bearer $ACCESS"
check "an access token dies after expires_in" "$STATUS" 401
http POST "$BASE/2/oauth2/token" -d grant_type=refresh_token --data-urlencode "refresh_token=$REFRESH" \
  -d client_id=tern-public
check "the refresh token still works after the access token expired" "$STATUS" 200
ACCESS=$(json access_token)
http GET "$BASE/2/users/me" -H "Authorization: Bearer $ACCESS"
check "the refreshed access token works" "$STATUS" 200

# --- revoke ------------------------------------------------------------------------
http POST "$BASE/2/oauth2/revoke" --data-urlencode "token=$ACCESS" -d token_type_hint=access_token \
  -d client_id=tern-public
check "revoke answers 200" "$STATUS" 200
check "revoke says revoked" "$(json revoked)" true
http GET "$BASE/2/users/me" -H "Authorization: Bearer $ACCESS"
check "a revoked token answers 401" "$STATUS" 401

# --- confidential client -----------------------------------------------------------
http GET "$(authorize_url tern-confidential)"
http POST "$BASE/i/oauth2/authorize" --data-urlencode "consent=$(consent_id)" -d decision=allow
CODE=$(query_param "$(header location)" code)
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-confidential -d client_secret=s3cret \
  --data-urlencode "code_verifier=$VERIFIER"
check "a secret in the body is rejected" "$STATUS" 400
check "a secret in the body answers an OAuth error" "$(json error)" invalid_request
http POST "$BASE/2/oauth2/token" -d grant_type=authorization_code --data-urlencode "code=$CODE" \
  --data-urlencode "redirect_uri=$REDIRECT" -d client_id=tern-confidential \
  --data-urlencode "code_verifier=$VERIFIER"
check "a confidential client without Basic auth is refused" "$STATUS" 401
check "without Basic auth: unauthorized_client" "$(json error)" unauthorized_client
http POST "$BASE/2/oauth2/token" -u tern-confidential:wrong -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER"
check "a wrong secret is refused" "$STATUS" 401
http POST "$BASE/2/oauth2/token" -u tern-confidential:s3cret -d grant_type=authorization_code \
  --data-urlencode "code=$CODE" --data-urlencode "redirect_uri=$REDIRECT" \
  --data-urlencode "code_verifier=$VERIFIER"
check "Basic auth exchanges the code" "$STATUS" 200
CONF_REFRESH=$(json refresh_token)
http POST "$BASE/2/oauth2/token" -u tern-confidential:s3cret -d grant_type=refresh_token \
  --data-urlencode "refresh_token=$CONF_REFRESH"
check "Basic auth refreshes" "$STATUS" 200

# --- authorize errors ------------------------------------------------------------------
http GET "$(authorize_url tern-public "redirect_uri=http://127.0.0.1:8723/callback/")"
check "a redirect URI that differs by a slash is refused" "$STATUS" 400
check "an unregistered redirect URI is never redirected to" "$(header location)" ""
http GET "$(authorize_url nobody)"
check "an unknown client is refused" "$STATUS" 400
http GET "$(authorize_url tern-public "code_challenge_method=plain")"
check "code_challenge_method plain is refused" "$(query_param "$(header location)" error)" invalid_request
http GET "$(authorize_url tern-public "state=-")"
check "a missing state is refused" "$(query_param "$(header location)" error)" invalid_request
http GET "$(authorize_url tern-public "response_type=token")"
check "response_type other than code is refused" "$(query_param "$(header location)" error)" unsupported_response_type
http GET "$(authorize_url tern-public "code_challenge=-")"
check "a missing code_challenge is refused" "$(query_param "$(header location)" error)" invalid_request
http GET "$(authorize_url tern-public "scope=tweet.read%20launch.rockets")"
check "an unknown scope is refused" "$(query_param "$(header location)" error)" invalid_scope

finish
