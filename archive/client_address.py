"""The visitor's real network address, behind TRUSTED_PROXY_COUNT reverse proxies.

Each trusted proxy (nginx) appends the address it saw to X-Forwarded-For, so the real
client is the Nth entry from the right; anything further left was written by the client
and proves nothing. Without trusted proxies the header is never read: anyone can send it.
"""

from django.conf import settings


def client_address(request):
    direct = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies <= 0:
        return direct
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # Fewer hops than configured: a request that bypassed the proxy. Its own address
        # is the only one known.
        return direct
    return forwarded[-proxies]
