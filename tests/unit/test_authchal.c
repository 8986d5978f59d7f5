/* Unit tests for authentication challenges (src/parse/authchal.c). */
#include <string.h>

#include "parse/authchal.h"
#include "tap.h"

static unsigned
schemes(const char *v)
{
	return authchal_schemes(v, strlen(v));
}

static int
dig(const char *v, struct digest_chal *dc, const char **why)
{
	*why = "";
	return authchal_digest(v, strlen(v), dc, why);
}

int
main(void)
{
	struct digest_chal dc;
	const char *why;
	char big[1200];

	ok(schemes("Basic realm=\"x\"") == AUTH_BASIC, "Basic");
	ok(schemes("Digest realm=\"a\", nonce=\"1\", Basic realm=\"b\"") ==
	    (AUTH_DIGEST | AUTH_BASIC), "two challenges in one field");
	ok(schemes("Basic realm=\"Digest\"") == AUTH_BASIC,
	    "a scheme's name inside a quoted string is no scheme");
	ok(schemes("Basic realm=Digest") == AUTH_BASIC,
	    "... nor a parameter's token value");
	ok(schemes("NTLM, Negotiate") == (AUTH_NTLM | AUTH_NEGOTIATE),
	    "schemes without parameters");
	ok(schemes("Negotiate abc+/==, basic realm=x") ==
	    (AUTH_NEGOTIATE | AUTH_BASIC), "a token68, then a scheme any case");
	ok(schemes("Foo a=b, Bearer") == AUTH_BEARER, "an unknown scheme");
	ok(schemes("") == 0 && schemes(" , ,") == 0, "nothing");

	is_int(dig("Digest realm=\"testrealm\", nonce=\"1053604145\"", &dc,
	    &why), 1, "a plain challenge");
	is_str(dc.realm, "testrealm", "realm");
	is_str(dc.nonce, "1053604145", "nonce");
	ok(dc.algo == DIGEST_MD5 && !dc.sess && dc.qop == 0 &&
	    !dc.has_opaque && dc.algorithm[0] == '\0', "MD5 by default");
	is_int(dig("Basic realm=\"b\", Digest realm=\"test \\\"this\\\" "
	    "realm!!\", nonce=\"1\", qop=\"auth-int,auth\", algorithm="
	    "SHA-256-sess, opaque=\"o\\\\p\", stale=TRUE, userhash=true, "
	    "Digest nonce=\"2\"", &dc, &why), 1, "after another, before "
	    "another");
	is_str(dc.realm, "test \"this\" realm!!", "escapes undone");
	is_str(dc.nonce, "1", "the first Digest challenge");
	ok(dc.qop == 1, "qop auth picked over auth-int");
	ok(dc.algo == DIGEST_SHA256 && dc.sess, "SHA-256-sess");
	is_str(dc.algorithm, "SHA-256-sess", "as spelled");
	ok(dc.has_opaque && strcmp(dc.opaque, "o\\p") == 0, "opaque");
	ok(dc.stale && dc.userhash, "stale, userhash");
	is_int(dig("Digest realm = \"r\" , nonce=abc,qop=\"auth-int\", "
	    "algorithm=\"SHA-512-256\"", &dc, &why), 1, "blanks, tokens");
	ok(dc.qop == 2 && dc.algo == DIGEST_SHA512_256 &&
	    strcmp(dc.nonce, "abc") == 0, "auth-int alone, SHA-512-256");
	is_int(dig("Basic realm=\"x\"", &dc, &why), 0, "no Digest");
	is_int(dig("Digest realm=\"x\"", &dc, &why), -1, "no nonce");
	is_str(why, "no nonce", "... said");
	is_int(dig("Digest nonce=\"1\", algorithm=SHA-1", &dc, &why), -1,
	    "an algorithm unknown");
	is_int(dig("Digest nonce=\"1\", algorithm=MD5-sess", &dc, &why), -1,
	    "-sess without qop");
	is_int(dig("Digest nonce=\"1, realm=x", &dc, &why), -1,
	    "a quoted string not closed");
	is_int(dig("Digest nonce=\"1\\", &dc, &why), -1,
	    "an escape at the end");
	memset(big, 'a', sizeof(big));
	memcpy(big, "Digest nonce=\"", 14);
	big[sizeof(big) - 2] = '"';
	big[sizeof(big) - 1] = '\0';
	is_int(dig(big, &dc, &why), -1, "a nonce too long");
	return tap_done();
}
