"""The address a request came from, behind a known number of reverse proxies.

Each proxy appends the address it received the request from to
X-Forwarded-For, so with N trusted proxies the client is the N-th entry from
the right; anything further left was written by the client and may be forged.
With no trusted proxies (the default) it is the connecting address. The same
setting (``REST_FRAMEWORK["NUM_PROXIES"]``) tells the API's throttling apart.
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return request.META.get("REMOTE_ADDR", "")
