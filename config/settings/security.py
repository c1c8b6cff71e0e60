"""Security settings shared by every environment: the Content-Security-Policies (the site's
and the Wagtail admin's), cookies and headers. Star-imported by ``base``.
"""

# Content-Security-Policy: only our own origin; no inline script anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "media-src": ["'self'", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# The Wagtail admin's policy (config/csp.py): Wagtail 8 has no nonces and its editors run
# inline scripts and set style attributes, so only those two are loosened, only there.
ADMIN_CSP_URL_PREFIXES = ("/admin/",)
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
    }
}
# The admin loads nothing from elsewhere: no avatars from gravatar.com, no version check
# against releases.wagtail.org (both would also break the policy's own-origin rule).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail overrides this for its own preview iframe, so DENY costs authors nothing.
X_FRAME_OPTIONS = "DENY"
